"""What each preparation step sends when it comes due, and to whom."""

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest

from flows.due import GRACE, DueAction, DueKind
from flows.effects import DirectMessage, Post
from flows.group import Absence, Group
from flows.meeting import Meeting, MeetingStatus
from flows.planning import timeline
from flows.recurrence import Schedule
from flows.reminders import MeetingContext, fire, low_attendance_warning, with_proposed_roles

AMS = "Europe/Amsterdam"
MEMBERS = ("ann", "bob", "cas", "dirk", "eva")
START = datetime(2027, 1, 7, 13, 0, tzinfo=UTC)  # first Thursday of January, 14:00 Amsterdam


def group(**changes) -> Group:
    schedule = Schedule("FREQ=MONTHLY;BYDAY=+1TH", date(2026, 12, 3), time(14, 0), AMS, 90)
    made = Group(team_id="T1", channel_id="C-coaches", name="Coaches", members=MEMBERS,
                 coordinators=("ann", "kim"), language="en", schedule=schedule, id=7)
    return replace(made, **changes)


def meeting(at: datetime = START, meeting_id: int = 2, **changes) -> Meeting:
    return replace(Meeting(group_id=7, occurrence=at, start=at, duration_minutes=90,
                           id=meeting_id), **changes)


# Last meeting: ann brought a case and bob facilitated, so the rotation goes on from there.
HELD = meeting(datetime(2026, 12, 3, 13, 0, tzinfo=UTC), 1, status=MeetingStatus.HELD,
               case_bringers=("ann",), facilitator="bob", roles_confirmed=True)


def context(the_meeting: Meeting | None = None, absences=(), the_group: Group | None = None,
            history=(HELD,)) -> MeetingContext:
    return MeetingContext(the_group or group(), the_meeting or meeting(), tuple(history),
                          tuple(absences))


def due_of(kind: DueKind, the_meeting: Meeting | None = None, recipient: str | None = None,
           at: datetime = datetime(2026, 12, 1, tzinfo=UTC)) -> DueAction:
    """The due action the planner made for this step of the meeting."""
    the_meeting = the_meeting or meeting()
    plan = next(p for p in timeline(group(), the_meeting, at)
                if p.kind is kind and p.recipient == recipient)
    return DueAction(id=1, key=plan.key, kind=plan.kind, due_at=plan.due_at,
                     group_id=plan.group_id, meeting_id=plan.meeting_id,
                     recipient=plan.recipient, attempts=1)


def dm_targets(effects) -> list[tuple[str, str | None]]:
    assert all(isinstance(effect, DirectMessage) for effect in effects)
    return [(effect.user, effect.key) for effect in effects]


# --- the role proposal, four weeks ahead ----------------------------------------------------


def test_roles_proposes_the_next_in_turn_and_asks_every_coordinator():
    due = due_of(DueKind.ROLES)
    now = due.due_at
    saved, effects = fire(due, context(), now)
    # ann brought the last case, so bob (never) is next; bob led last time, so the first
    # member who never led and does not bring the case leads: ann.
    assert saved.case_bringers == ("bob",)
    assert saved.facilitator == "ann"
    assert not saved.roles_confirmed
    assert dm_targets(effects) == [("ann", "roles:2:ann"), ("kim", "roles:2:kim")]
    for effect in effects:
        assert effect.message.kind == "roles_proposal"
        assert effect.message.language == "en"
        assert effect.message.data["meeting"] == saved


def test_roles_skips_members_who_are_away_on_the_meetings_local_date():
    away = (Absence("bob", date(2027, 1, 1), date(2027, 1, 7)),)
    saved, _ = fire(due_of(DueKind.ROLES), context(absences=away), START - timedelta(days=28))
    assert saved.case_bringers == ("cas",)
    assert "bob" not in (saved.facilitator,)


def test_roles_with_two_cases_per_meeting_proposes_two_bringers():
    two = group(cases_per_meeting=2)
    saved, _ = fire(due_of(DueKind.ROLES), context(the_group=two), START - timedelta(days=28))
    assert saved.case_bringers == ("bob", "cas")
    assert saved.facilitator == "ann"


def test_roles_keeps_what_the_coordinator_already_picked():
    picked = meeting(case_bringers=("eva",))
    saved, _ = fire(due_of(DueKind.ROLES), context(picked), START - timedelta(days=28))
    assert saved.case_bringers == ("eva",)
    assert saved.facilitator == "ann"


def test_confirmed_roles_are_never_overruled():
    confirmed = meeting(case_bringers=("dirk",), facilitator="cas", roles_confirmed=True)
    assert with_proposed_roles(context(confirmed)) == confirmed


# --- agenda and case request, two weeks ahead -----------------------------------------------


def test_agenda_is_posted_in_the_groups_channel_with_the_roles():
    due = due_of(DueKind.AGENDA)
    saved, effects = fire(due, context(), due.due_at)
    assert len(effects) == 1
    post = effects[0]
    assert isinstance(post, Post)
    assert post.channel == "C-coaches"
    assert post.key == "agenda:2"
    assert post.message.kind == "agenda"
    assert post.message.data["meeting"].case_bringers == ("bob",) == saved.case_bringers


def test_case_request_asks_each_case_bringer_who_is_not_away():
    two = meeting(case_bringers=("bob", "cas"), facilitator="ann")
    due = due_of(DueKind.CASE_REQUEST, two)
    saved, effects = fire(due, context(two), due.due_at)
    assert saved is None
    assert dm_targets(effects) == [("bob", "case_request:2:bob"), ("cas", "case_request:2:cas")]
    assert {effect.message.kind for effect in effects} == {"case_request"}

    away = (Absence("cas", date(2027, 1, 7), date(2027, 1, 7)),)
    _, effects = fire(due, context(two, absences=away), due.due_at)
    assert dm_targets(effects) == [("bob", "case_request:2:bob")]


def test_prepare_is_posted_in_the_channel():
    due = due_of(DueKind.PREPARE)
    saved, effects = fire(due, context(meeting(case_bringers=("bob",))), due.due_at)
    assert saved is None
    assert [(e.channel, e.key, e.message.kind) for e in effects] == [
        ("C-coaches", "prepare:2", "prepare")]


# --- the day before --------------------------------------------------------------------------


def test_the_day_before_reminder_goes_to_its_recipient_only():
    due = due_of(DueKind.DAY_BEFORE, recipient="cas")
    assert due.due_at == datetime(2027, 1, 6, 13, 0, tzinfo=UTC)
    saved, effects = fire(due, context(), due.due_at)
    assert saved is None
    assert dm_targets(effects) == [("cas", f"day_before:2:{int(START.timestamp())}:cas")]
    assert effects[0].message.kind == "day_before"
    assert effects[0].message.data["user"] == "cas"


def test_no_day_before_reminder_for_someone_away_that_day():
    due = due_of(DueKind.DAY_BEFORE, recipient="cas")
    away = (Absence("cas", date(2027, 1, 7), date(2027, 1, 20)),)
    assert fire(due, context(absences=away), due.due_at) == (None, ())
    # Away until the day before the meeting is not away on the meeting's day.
    back = (Absence("cas", date(2026, 12, 20), date(2027, 1, 6)),)
    assert len(fire(due, context(absences=back), due.due_at)[1]) == 1


def test_no_day_before_reminder_for_someone_who_already_said_they_cannot_come():
    due = due_of(DueKind.DAY_BEFORE, recipient="cas")
    answered = meeting(not_coming=frozenset({"cas"}))
    assert fire(due, context(answered), due.due_at) == (None, ())
    coming = meeting(coming=frozenset({"cas"}))
    assert len(fire(due, context(coming), due.due_at)[1]) == 1


def test_no_day_before_reminder_for_someone_who_left_the_group():
    due = due_of(DueKind.DAY_BEFORE, recipient="eva")
    smaller = group(members=("ann", "bob", "cas", "dirk"))
    assert fire(due, context(the_group=smaller), due.due_at) == (None, ())


def test_a_cancelled_or_passed_meeting_fires_nothing():
    cancelled = meeting(status=MeetingStatus.CANCELLED)
    for kind, recipient in [(DueKind.ROLES, None), (DueKind.AGENDA, None),
                            (DueKind.CASE_REQUEST, None), (DueKind.PREPARE, None),
                            (DueKind.DAY_BEFORE, "bob")]:
        due = due_of(kind, recipient=recipient)
        assert fire(due, context(cancelled), due.due_at) == (None, ())
        assert fire(due, context(), START) == (None, ())


# --- how late is too late --------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "grace"), [
    (DueKind.ROLES, timedelta(days=7)),
    (DueKind.AGENDA, timedelta(days=4)),
    (DueKind.CASE_REQUEST, timedelta(days=4)),
    (DueKind.PREPARE, timedelta(days=1)),
    (DueKind.DAY_BEFORE, timedelta(hours=12)),
])
def test_a_step_is_too_late_only_after_its_grace(kind, grace):
    assert GRACE[kind] == grace
    due = DueAction(id=1, key="k", kind=kind, due_at=START - timedelta(days=20), group_id=7,
                    meeting_id=2, recipient=None, attempts=1)
    assert not due.too_late(due.due_at)
    assert not due.too_late(due.due_at + grace)
    assert due.too_late(due.due_at + grace + timedelta(seconds=1))


# --- too few people ---------------------------------------------------------------------------


def test_low_attendance_warns_each_coordinator_below_three():
    two_out = meeting(not_coming=frozenset({"bob", "cas"}))
    assert low_attendance_warning(context(two_out)) == ()  # three can still come
    away = (Absence("dirk", date(2027, 1, 7), date(2027, 1, 7)),)
    effects = low_attendance_warning(context(two_out, absences=away))
    assert dm_targets(effects) == [("ann", "low_attendance:2:ann"), ("kim", "low_attendance:2:kim")]
    assert {(e.message.kind, e.message.data["count"]) for e in effects} == {("low_attendance", 2)}


# --- a whole timeline, step by step -------------------------------------------------------------


def run_timeline(the_meeting: Meeting, planned_at: datetime, history=(HELD,), absences=()):
    """Fire every planned step at its due time, in order, keeping what each step saved."""
    sent = []
    plans = sorted(timeline(group(), the_meeting, planned_at), key=lambda p: p.due_at)
    for plan in plans:
        due = DueAction(id=1, key=plan.key, kind=plan.kind, due_at=plan.due_at, group_id=7,
                        meeting_id=plan.meeting_id, recipient=plan.recipient, attempts=1)
        saved, effects = fire(due, context(the_meeting, absences, history=history), due.due_at)
        the_meeting = saved or the_meeting
        sent += [(due.due_at, type(e).__name__, getattr(e, "user", None) or e.channel, e.key)
                 for e in effects]
    return the_meeting, sent


def test_a_group_set_up_ten_days_ahead_still_asks_the_case_bringer_at_once():
    first = meeting(datetime(2026, 12, 3, 13, 0, tzinfo=UTC), 1)
    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    final, sent = run_timeline(first, now, history=())
    assert (final.case_bringers, final.facilitator) == (("ann",), "bob")
    day_before = datetime(2026, 12, 2, 13, 0, tzinfo=UTC)
    key = int(first.start.timestamp())
    assert sent == [
        (now, "DirectMessage", "ann", "roles:1:ann"),
        (now, "DirectMessage", "kim", "roles:1:kim"),
        (now, "Post", "C-coaches", "agenda:1"),
        (now, "DirectMessage", "ann", "case_request:1:ann"),
        # No case submitted in this script: a reminder a week before, and the coordinators
        # are asked two days before.
        (datetime(2026, 11, 26, 13, 0, tzinfo=UTC), "DirectMessage", "ann",
         "case_reminder:1:ann"),
        (datetime(2026, 11, 30, 13, 0, tzinfo=UTC), "Post", "C-coaches", "prepare:1"),
        (datetime(2026, 12, 1, 13, 0, tzinfo=UTC), "DirectMessage", "ann",
         "case_escalation:1:ann"),
        (datetime(2026, 12, 1, 13, 0, tzinfo=UTC), "DirectMessage", "kim",
         "case_escalation:1:kim"),
        *[(day_before, "DirectMessage", m, f"day_before:1:{key}:{m}") for m in MEMBERS],
    ]


def test_every_key_of_a_full_timeline_is_unique_and_the_away_member_is_left_out():
    away = (Absence("eva", date(2027, 1, 6), date(2027, 1, 8)),)
    _, sent = run_timeline(meeting(), datetime(2026, 11, 1, tzinfo=UTC), absences=away)
    keys = [key for *_, key in sent]
    assert len(keys) == len(set(keys)) == 2 + 1 + 1 + 1 + 1 + 2 + 4
    assert not any(key.endswith(":eva") for key in keys)
