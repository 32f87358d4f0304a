"""The reflection's rules: what a member may write, when, and when it becomes an action."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from flows.effects import FormErrors, OpenForm, Reject
from flows.group import Group
from flows.meeting import Meeting
from flows.reflection import (
    Reflection,
    ReflectionFormRequested,
    ReflectionSubmitted,
    offered,
    open_form,
    submit,
)
from tests.flows.test_reminders import group as make_group
from tests.flows.test_reminders import meeting as make_meeting

NOW = datetime(2027, 1, 7, 16, 0, tzinfo=UTC)


def _place() -> tuple[Group, Meeting]:
    group = make_group()
    meeting = make_meeting(NOW - timedelta(hours=3), 7)
    return group, meeting


def test_a_member_may_open_it_once_the_meeting_has_begun():
    group, meeting = _place()
    member = group.members[0]
    (effect,) = open_form(group, meeting, ReflectionFormRequested(member, 7), None, None, NOW)
    assert isinstance(effect, OpenForm)
    early = replace(meeting, start=NOW + timedelta(days=1))
    (effect,) = open_form(group, early, ReflectionFormRequested(member, 7), None, None, NOW)
    assert isinstance(effect, Reject)
    (effect,) = open_form(group, meeting, ReflectionFormRequested("UOUT", 7), None, None, NOW)
    assert isinstance(effect, Reject)


def test_a_plan_with_a_date_becomes_the_writers_own_action_once():
    group, meeting = _place()
    member = group.members[0]
    event = ReflectionSubmitted(member, 7, {"takeaway": "Doorvragen"}, plan="Bellen",
                                plan_due=date(2027, 1, 20))
    outcome = submit(group, meeting, event, None, NOW)
    assert outcome.action is not None and outcome.action.owner == member
    assert outcome.action.due_date == date(2027, 1, 20) and outcome.reflection is not None
    again = submit(group, meeting, event, Reflection(7, member, {}, action_id=3), NOW)
    assert again.action is None and again.reflection.action_id == 3


def test_field_errors_keep_the_form_open():
    group, meeting = _place()
    member = group.members[0]
    cases = [({}, None, None, {"first_reaction"}),
             ({"patterns": "x" * 1501}, None, None, {"patterns"}),
             ({"takeaway": "a"}, "Bellen", None, {"plan_due"}),
             ({"takeaway": "a"}, "Bellen", date(2027, 1, 6), {"plan_due"}),
             ({"takeaway": "a"}, None, date(2027, 1, 20), {"plan"})]
    for values, plan, due, fields in cases:
        (effect,) = submit(group, meeting, ReflectionSubmitted(member, 7, values, plan, due),
                           None, NOW).effects
        assert isinstance(effect, FormErrors) and set(effect.errors) == fields


def test_home_offers_the_meetings_of_the_last_weeks_newest_first():
    _, meeting = _place()
    old = replace(meeting, id=1, start=NOW - timedelta(weeks=7))
    recent = replace(meeting, id=2, start=NOW - timedelta(weeks=3))
    coming = replace(meeting, id=3, start=NOW + timedelta(days=1))
    assert [m.id for m in offered([old, recent, meeting, coming], NOW)] == [7, 2]
