"""Changing the plan: cancel or move a meeting, pause the group, mark yourself away."""

from dataclasses import replace
from datetime import UTC, date, datetime, time

from flows.changes import (
    ChangeFormRequested,
    ChangeSubmitted,
    open_change_form,
    submit_change,
)
from flows.effects import FormErrors, OpenForm, Post, Reject, Reply
from flows.group import Absence, Group
from flows.meeting import Meeting, MeetingStatus
from flows.planning import timeline
from flows.recurrence import Schedule
from flows.texts import render

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
DEC = datetime(2026, 12, 3, 13, 0, tzinfo=UTC)
JAN = datetime(2027, 1, 7, 13, 0, tzinfo=UTC)
FEB = datetime(2027, 2, 4, 13, 0, tzinfo=UTC)


def amsterdam_group(**changes) -> Group:
    schedule = Schedule("FREQ=MONTHLY;BYDAY=+1TH", date(2026, 12, 3), time(14, 0),
                        "Europe/Amsterdam", 90)
    made = Group(team_id="T1", channel_id="C1", name="Coaches", members=("ann", "bob", "cas"),
                 coordinators=("ann",), language="en", schedule=schedule, id=7)
    return replace(made, **changes)


def meeting(at: datetime, meeting_id: int, **changes) -> Meeting:
    return replace(Meeting(group_id=7, occurrence=at, start=at, duration_minutes=90,
                           id=meeting_id), **changes)


MEETINGS = [meeting(DEC, 1), meeting(JAN, 2), meeting(FEB, 3)]


def submit(form: str, user: str = "ann", group: Group | None = None, meetings=None,
           now: datetime = NOW, **fields):
    event = ChangeSubmitted("T1", "C1", user, form, **fields)
    return submit_change(event, group or amsterdam_group(),
                         MEETINGS if meetings is None else meetings, now)


def field_errors(outcome, language: str = "en") -> dict[str, str]:
    assert outcome.meetings == () and outcome.absence is None
    assert len(outcome.effects) == 1 and isinstance(outcome.effects[0], FormErrors)
    return {name: render(language, text) for name, text in outcome.effects[0].errors.items()}


# --- opening the forms -------------------------------------------------------------------------


def test_only_coordinators_open_the_planning_forms_and_only_members_the_away_form():
    group = amsterdam_group()
    for form in ("cancel", "move", "pause"):
        effects = open_change_form(ChangeFormRequested("T1", "C1", "bob", form), group,
                                   MEETINGS, NOW)
        assert [render("en", e.text) for e in effects] == [
            "Only the group's coordinators can change the planning."]
    effects = open_change_form(ChangeFormRequested("T1", "C1", "stranger", "away"), group,
                               MEETINGS, NOW)
    assert [render("en", e.text) for e in effects] == [
        "This is for the members of the group only."]
    (opened,) = open_change_form(ChangeFormRequested("T1", "C1", "bob", "away"), group,
                                 MEETINGS, NOW)
    assert isinstance(opened, OpenForm) and opened.form == "change_away"


def test_the_cancel_form_offers_only_meetings_still_to_come():
    cancelled_jan = [MEETINGS[0], replace(MEETINGS[1], status=MeetingStatus.CANCELLED),
                     MEETINGS[2]]
    after_december = datetime(2026, 12, 5, tzinfo=UTC)
    (opened,) = open_change_form(ChangeFormRequested("T1", "C1", "ann", "cancel"),
                                 amsterdam_group(), cancelled_jan, after_december)
    assert [m.id for m in opened.data["meetings"]] == [3]
    (refused,) = open_change_form(ChangeFormRequested("T1", "C1", "ann", "move"),
                                  amsterdam_group(), MEETINGS, datetime(2027, 3, 1, tzinfo=UTC))
    assert isinstance(refused, Reject)
    assert render("en", refused.text) == "There are no upcoming meetings to change."


# --- cancel --------------------------------------------------------------------------------------


def test_cancel_by_a_member_who_is_not_a_coordinator_is_refused():
    outcome = submit("cancel", user="bob", meeting_id=2)
    assert outcome.meetings == ()
    assert [render("en", e.text) for e in outcome.effects] == [
        "Only the group's coordinators can change the planning."]


def test_cancel_cancels_the_meeting_and_tells_the_channel_once():
    outcome = submit("cancel", meeting_id=2)
    assert outcome.meetings == (replace(MEETINGS[1], status=MeetingStatus.CANCELLED),)
    assert len(outcome.effects) == 1
    post = outcome.effects[0]
    assert isinstance(post, Post)
    assert (post.channel, post.key, post.message.kind) == ("C1", "cancelled:2", "meeting_cancelled")
    assert post.message.data["meeting"].cancelled
    # Re-planned, the cancelled meeting has no reminders left.
    assert timeline(amsterdam_group(), outcome.meetings[0], NOW) == []


def test_cancelling_a_cancelled_or_past_meeting_is_a_field_error():
    meetings = [replace(MEETINGS[0], status=MeetingStatus.CANCELLED), *MEETINGS[1:]]
    assert field_errors(submit("cancel", meetings=meetings, meeting_id=1)) == {
        "meeting": "Choose a meeting that is still to come."}
    later = datetime(2026, 12, 10, tzinfo=UTC)
    assert field_errors(submit("cancel", now=later, meeting_id=1)) == {
        "meeting": "Choose a meeting that is still to come."}
    assert field_errors(submit("cancel", meeting_id=99)) == {
        "meeting": "Choose a meeting that is still to come."}


# --- move --------------------------------------------------------------------------------------


def test_moving_to_a_moment_that_has_passed_is_a_field_error_on_the_new_date():
    # 23 November 09:00 local is 08:00 UTC: an hour before now.
    outcome = submit("move", meeting_id=2, new_date=date(2026, 11, 23), new_time=time(9, 0))
    assert field_errors(outcome) == {"new_date": "This moment has passed. Choose a later one."}
    outcome = submit("move", meeting_id=2, new_date=None, new_time=time(9, 0))
    assert field_errors(outcome) == {"new_date": "Choose a date."}


def test_move_gives_the_meeting_its_new_start_in_the_groups_zone():
    outcome = submit("move", meeting_id=2, new_date=date(2027, 1, 14), new_time=time(10, 30))
    new_start = datetime(2027, 1, 14, 9, 30, tzinfo=UTC)  # 10:30 Amsterdam winter time
    (moved,) = outcome.meetings
    assert moved == replace(MEETINGS[1], start=new_start)
    assert moved.occurrence == JAN and moved.moved
    (post,) = outcome.effects
    assert post.channel == "C1"
    assert post.key == f"moved:2:{int(new_start.timestamp())}"
    assert post.message.kind == "meeting_moved"
    assert post.message.data["was"] == JAN
    assert post.message.data["meeting"] == moved


def test_move_into_summer_time_uses_the_summer_offset():
    outcome = submit("move", meeting_id=3, new_date=date(2027, 4, 1), new_time=time(14, 0))
    assert outcome.meetings[0].start == datetime(2027, 4, 1, 12, 0, tzinfo=UTC)


# --- pause -------------------------------------------------------------------------------------


def test_pause_cancels_the_meetings_in_the_period_and_lists_them():
    outcome = submit("pause", first_day=date(2026, 12, 20), last_day=date(2027, 1, 10))
    assert [(m.id, m.status) for m in outcome.meetings] == [(2, MeetingStatus.CANCELLED)]
    (post,) = outcome.effects
    assert post.channel == "C1"
    assert post.key == "pause:7:2026-12-20:2027-01-10"
    assert post.message.kind == "paused"
    assert [m.id for m in post.message.data["cancelled"]] == [2]
    assert (post.message.data["first_day"], post.message.data["last_day"]) == (
        date(2026, 12, 20), date(2027, 1, 10))


def test_pause_goes_by_the_local_date_of_each_meeting():
    # Tokyo, Mondays at 08:00: each meeting is on Sunday 23:00 in UTC.
    tokyo = amsterdam_group(schedule=Schedule("FREQ=WEEKLY;INTERVAL=1;BYDAY=MO",
                                              date(2027, 1, 11), time(8, 0), "Asia/Tokyo", 90))
    mondays = [meeting(datetime(2027, 1, day, 23, 0, tzinfo=UTC), n)
               for n, day in enumerate((10, 17, 24), start=1)]
    assert [tokyo.schedule.local(m.start).date() for m in mondays] == [
        date(2027, 1, 11), date(2027, 1, 18), date(2027, 1, 25)]
    now = datetime(2027, 1, 5, tzinfo=UTC)
    outcome = submit("pause", group=tokyo, meetings=mondays, now=now,
                     first_day=date(2027, 1, 11), last_day=date(2027, 1, 18))
    assert [m.id for m in outcome.meetings] == [1, 2]
    assert all(m.cancelled for m in outcome.meetings)
    sunday_only = submit("pause", group=tokyo, meetings=mondays, now=now,
                         first_day=date(2027, 1, 17), last_day=date(2027, 1, 17))
    assert sunday_only.meetings == ()
    assert sunday_only.effects[0].message.data["cancelled"] == ()


def test_pause_leaves_cancelled_and_past_meetings_alone():
    meetings = [MEETINGS[0], replace(MEETINGS[1], status=MeetingStatus.CANCELLED), MEETINGS[2]]
    now = datetime(2026, 12, 3, 14, 0, tzinfo=UTC)  # the December meeting is under way
    outcome = submit("pause", meetings=meetings, now=now,
                     first_day=date(2026, 12, 3), last_day=date(2027, 2, 28))
    assert [m.id for m in outcome.meetings] == [3]


def test_pause_by_a_member_is_refused_and_a_period_in_the_past_is_an_error():
    refused = submit("pause", user="cas", first_day=date(2027, 1, 1), last_day=date(2027, 1, 2))
    assert isinstance(refused.effects[0], Reject)
    assert field_errors(submit("pause", first_day=date(2026, 11, 22),
                               last_day=date(2027, 1, 2))) == {
        "first_day": "This moment has passed. Choose a later one."}


# --- away --------------------------------------------------------------------------------------


def test_away_with_the_last_day_before_the_first_is_a_field_error():
    outcome = submit("away", user="bob", first_day=date(2027, 1, 10), last_day=date(2027, 1, 9))
    assert field_errors(outcome) == {"last_day": "The last day can't be before the first day."}
    outcome = submit("away", user="bob", first_day=date(2027, 1, 10), last_day=None)
    assert field_errors(outcome) == {"last_day": "Choose a date."}
    outcome = submit("away", user="bob", first_day=date(2027, 1, 1), last_day=date(2028, 1, 3))
    assert field_errors(outcome) == {"last_day": "Keep the period to at most 366 days."}


def test_away_saves_an_absence_and_tells_only_the_member():
    outcome = submit("away", user="bob", first_day=date(2027, 1, 1), last_day=date(2027, 1, 10))
    assert outcome.absence == Absence("bob", date(2027, 1, 1), date(2027, 1, 10))
    assert outcome.meetings == ()
    (reply,) = outcome.effects
    assert isinstance(reply, Reply)
    assert render("en", reply.message.data["text"]).startswith(
        "Noted: you're away from 2027-01-01 to 2027-01-10.")


def test_away_may_start_today_in_the_groups_zone():
    # 23:30 UTC on 23 November is already 24 November in Amsterdam.
    late = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)
    outcome = submit("away", user="bob", now=late, first_day=date(2026, 11, 24),
                     last_day=date(2026, 11, 24))
    assert outcome.absence == Absence("bob", date(2026, 11, 24), date(2026, 11, 24))
    outcome = submit("away", user="bob", now=late, first_day=date(2026, 11, 23),
                     last_day=date(2026, 11, 24))
    assert field_errors(outcome) == {"first_day": "This moment has passed. Choose a later one."}


def test_away_submitted_by_someone_outside_the_group_is_refused():
    outcome = submit("away", user="stranger", first_day=date(2026, 12, 1),
                     last_day=date(2026, 12, 5))
    assert outcome.absence is None
    assert render("en", outcome.effects[0].text) == "This is for the members of the group only."


def test_a_moved_meeting_forgets_the_answers_given_for_the_old_date():
    answered = [meeting(DEC, 1), meeting(JAN, 2, coming=frozenset({"bob"}),
                                         not_coming=frozenset({"cas"})), meeting(FEB, 3)]
    outcome = submit("move", meetings=answered, meeting_id=2, new_date=date(2027, 1, 8),
                     new_time=time(10, 0))
    (moved,) = outcome.meetings
    assert moved.coming == frozenset() and moved.not_coming == frozenset()
