"""Planning: which meetings exist and when each preparation step of a meeting comes due."""

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flows.due import DueKind
from flows.group import Group, Timeline
from flows.meeting import Meeting, MeetingStatus
from flows.planning import CASE_NUDGES, due_key, horizon, new_meetings
from flows.planning import timeline as full_timeline
from flows.recurrence import Schedule

AMS = "Europe/Amsterdam"
MEMBERS = ("ann", "bob", "cas", "dirk")
CREATED = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # a Monday, ten days before 3 December


def first_thursday_group(**changes) -> Group:
    schedule = Schedule("FREQ=MONTHLY;BYDAY=+1TH", date(2026, 12, 3), time(14, 0), AMS, 90)
    group = Group(team_id="T1", channel_id="C1", name="Coaches", members=MEMBERS,
                  coordinators=("ann",), language="en", schedule=schedule, id=7)
    return replace(group, **changes)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def meeting_at(at: datetime, meeting_id: int = 1, **changes) -> Meeting:
    return replace(Meeting(group_id=7, occurrence=at, start=at, duration_minutes=90,
                           id=meeting_id), **changes)


def steps(planned) -> list[tuple[DueKind, datetime, str | None]]:
    return [(due.kind, due.due_at, due.recipient) for due in planned]


def timeline(*args):
    """The timeline without the case nudges and the opening, tested on their own at the end."""
    return [due for due in full_timeline(*args)
            if due.kind not in CASE_NUDGES and due.kind is not DueKind.OPENING]


# --- which meetings exist -------------------------------------------------------------------


def test_a_new_monthly_group_gets_its_meetings_up_to_the_horizon_and_at_least_two():
    group = first_thursday_group()
    assert horizon(group, CREATED) == utc(2026, 12, 28, 9, 0)  # 28 days + a week's margin
    created = new_meetings(group, [], CREATED)
    # 3 December is within the horizon; 7 January is not, but the next two always exist.
    assert [m.start for m in created] == [utc(2026, 12, 3, 13, 0), utc(2027, 1, 7, 13, 0)]
    assert all(m.occurrence == m.start and m.group_id == 7 for m in created)
    assert all(m.duration_minutes == 90 and m.status is MeetingStatus.PLANNED for m in created)


def test_planning_again_later_adds_only_what_is_new():
    group = first_thursday_group()
    existing = [meeting_at(utc(2026, 12, 3, 13, 0), 1), meeting_at(utc(2027, 1, 7, 13, 0), 2)]
    assert new_meetings(group, existing, CREATED) == []
    later = new_meetings(group, existing, utc(2027, 1, 1, 9, 0))
    # By New Year the horizon reaches 5 February, so 4 February is added (its roles are due
    # on 7 January); 4 March waits until it is within reach.
    assert [m.start for m in later] == [utc(2027, 2, 4, 13, 0)]
    after_january = new_meetings(group, [*existing, *later], utc(2027, 1, 8, 9, 0))
    assert [m.start for m in after_january] == [utc(2027, 3, 4, 13, 0)]


def test_a_moved_meeting_is_not_created_again_at_its_old_place():
    group = first_thursday_group()
    moved = meeting_at(utc(2026, 12, 3, 13, 0), 1, start=utc(2026, 12, 10, 13, 0))
    created = new_meetings(group, [moved], CREATED)
    assert [m.start for m in created] == [utc(2027, 1, 7, 13, 0)]


def test_until_extends_the_horizon():
    group = first_thursday_group()
    created = new_meetings(group, [], CREATED, until=utc(2027, 4, 1, 0, 0))
    assert [m.start.date() for m in created] == [
        date(2026, 12, 3), date(2027, 1, 7), date(2027, 2, 4), date(2027, 3, 4)]


# --- the timeline of one meeting ------------------------------------------------------------


def test_a_meeting_far_ahead_gets_every_step_at_its_offset():
    group = first_thursday_group()
    meeting = meeting_at(utc(2027, 1, 7, 13, 0), 2)
    planned = timeline(group, meeting, CREATED)
    assert steps(planned) == [
        (DueKind.ROLES, utc(2026, 12, 10, 13, 0), None),
        (DueKind.AGENDA, utc(2026, 12, 24, 13, 0), None),
        (DueKind.CASE_REQUEST, utc(2026, 12, 24, 13, 0), None),
        (DueKind.PREPARE, utc(2027, 1, 4, 13, 0), None),
        (DueKind.DAY_BEFORE, utc(2027, 1, 6, 13, 0), "ann"),
        (DueKind.DAY_BEFORE, utc(2027, 1, 6, 13, 0), "bob"),
        (DueKind.DAY_BEFORE, utc(2027, 1, 6, 13, 0), "cas"),
        (DueKind.DAY_BEFORE, utc(2027, 1, 6, 13, 0), "dirk"),
    ]
    assert {(due.group_id, due.meeting_id) for due in planned} == {(7, 2)}
    start = int(meeting.start.timestamp())
    assert [due.key for due in planned] == [
        "roles:2", "agenda:2", "case_request:2", "prepare:2",
        f"day_before:2:{start}:ann", f"day_before:2:{start}:bob",
        f"day_before:2:{start}:cas", f"day_before:2:{start}:dirk"]


def test_offsets_are_local_days_across_the_change_to_summer_time():
    # 1 April 2027 is the first Thursday after the last Sunday of March (28 March): the meeting
    # is at 14:00 summer time, 12:00 UTC. Steps before the change come at 14:00 winter time
    # (13:00 UTC): every reminder arrives at the meeting's own local time of day.
    group = first_thursday_group()
    start = group.schedule.occurrences(utc(2027, 3, 20), 1)[0]
    assert start == utc(2027, 4, 1, 12, 0)
    planned = timeline(group, meeting_at(start, 5), utc(2027, 2, 1))
    assert steps(planned)[:4] == [
        (DueKind.ROLES, utc(2027, 3, 4, 13, 0), None),
        (DueKind.AGENDA, utc(2027, 3, 18, 13, 0), None),
        (DueKind.CASE_REQUEST, utc(2027, 3, 18, 13, 0), None),
        (DueKind.PREPARE, utc(2027, 3, 29, 12, 0), None),
    ]
    assert {due.due_at for due in planned if due.kind is DueKind.DAY_BEFORE} == {
        utc(2027, 3, 31, 12, 0)}
    local = {due.kind: due.due_at.astimezone(ZoneInfo(AMS)).hour for due in planned}
    assert set(local.values()) == {14}


def test_offsets_across_the_change_back_to_winter_time():
    # 4 November 2027 follows the last Sunday of October (31 October): 14:00 local is 13:00 UTC
    # in November, 12:00 UTC in October.
    group = first_thursday_group()
    start = group.schedule.occurrences(utc(2027, 10, 20), 1)[0]
    assert start == utc(2027, 11, 4, 13, 0)
    planned = timeline(group, meeting_at(start, 9), utc(2027, 9, 1))
    by_kind = {due.kind: due.due_at for due in planned}
    assert by_kind == {DueKind.ROLES: utc(2027, 10, 7, 12, 0),
                       DueKind.AGENDA: utc(2027, 10, 21, 12, 0),
                       DueKind.CASE_REQUEST: utc(2027, 10, 21, 12, 0),
                       DueKind.PREPARE: utc(2027, 11, 1, 13, 0),
                       DueKind.DAY_BEFORE: utc(2027, 11, 3, 13, 0)}


def test_a_meeting_ten_days_ahead_gets_roles_and_agenda_now_and_the_rest_on_time():
    group = first_thursday_group()
    meeting = meeting_at(utc(2026, 12, 3, 13, 0), 1)
    planned = timeline(group, meeting, CREATED)
    assert steps(planned)[:4] == [
        (DueKind.ROLES, CREATED, None),
        (DueKind.AGENDA, CREATED, None),
        (DueKind.CASE_REQUEST, CREATED, None),
        (DueKind.PREPARE, utc(2026, 11, 30, 13, 0), None),
    ]
    assert [(due.recipient, due.due_at) for due in planned[4:]] == [
        (member, utc(2026, 12, 2, 13, 0)) for member in MEMBERS]


def test_a_meeting_two_days_ahead_skips_the_older_passed_steps():
    group = first_thursday_group()
    meeting = meeting_at(utc(2026, 12, 3, 13, 0), 1)
    now = utc(2026, 12, 1, 9, 0)
    planned = timeline(group, meeting, now)
    # The role proposal still helps, and the latest passed step (prepare); the agenda and the
    # case request of two weeks before are not sent in a burst.
    assert [(due.kind, due.due_at) for due in planned[:2]] == [
        (DueKind.ROLES, now), (DueKind.PREPARE, now)]
    assert {due.kind for due in planned} == {DueKind.ROLES, DueKind.PREPARE, DueKind.DAY_BEFORE}
    assert {due.due_at for due in planned[2:]} == {utc(2026, 12, 2, 13, 0)}


def test_a_meeting_hours_ahead_gets_the_day_before_reminder_now():
    group = first_thursday_group()
    meeting = meeting_at(utc(2026, 12, 3, 13, 0), 1, roles_confirmed=True)
    now = utc(2026, 12, 3, 8, 0)
    planned = timeline(group, meeting, now)
    # Roles were confirmed, so no proposal; only the reminder, to everyone, at once.
    assert steps(planned) == [(DueKind.DAY_BEFORE, now, member) for member in MEMBERS]


def test_confirmed_roles_are_not_proposed_again_when_their_moment_has_passed():
    group = first_thursday_group()
    meeting = meeting_at(utc(2026, 12, 3, 13, 0), 1, roles_confirmed=True)
    kinds = [due.kind for due in timeline(group, meeting, CREATED)]
    assert DueKind.ROLES not in kinds
    assert kinds[:2] == [DueKind.AGENDA, DueKind.CASE_REQUEST]


def test_the_day_before_key_changes_when_the_meeting_moves_and_the_others_do_not():
    meeting = meeting_at(utc(2027, 1, 7, 13, 0), 2)
    moved = replace(meeting, start=utc(2027, 1, 14, 13, 0))
    assert due_key(DueKind.DAY_BEFORE, meeting, "bob") == "day_before:2:1799326800:bob"
    assert due_key(DueKind.DAY_BEFORE, moved, "bob") == "day_before:2:1799931600:bob"
    assert due_key(DueKind.AGENDA, moved) == due_key(DueKind.AGENDA, meeting) == "agenda:2"
    planned = timeline(first_thursday_group(), moved, CREATED)
    reminders = [due for due in planned if due.kind is DueKind.DAY_BEFORE]
    assert {due.due_at for due in reminders} == {utc(2027, 1, 13, 13, 0)}
    assert reminders[1].key == "day_before:2:1799931600:bob"


def test_cancelled_and_past_meetings_get_no_timeline():
    group = first_thursday_group()
    start = utc(2027, 1, 7, 13, 0)
    assert timeline(group, meeting_at(start, 2, status=MeetingStatus.CANCELLED), CREATED) == []
    assert timeline(group, meeting_at(start, 2), start) == []
    assert timeline(group, meeting_at(start, 2), start + timedelta(minutes=30)) == []
    assert timeline(group, meeting_at(start, 2), start - timedelta(minutes=1)) != []


def test_a_groups_own_timeline_is_honoured():
    group = first_thursday_group(timeline=Timeline(roles_days=21, agenda_days=10,
                                                   prepare_days=5, reminder_days=2))
    assert horizon(group, CREATED) == utc(2026, 12, 21, 9, 0)
    planned = timeline(group, meeting_at(utc(2027, 1, 7, 13, 0), 2), CREATED)
    by_kind = {due.kind: due.due_at for due in planned}
    assert by_kind == {DueKind.ROLES: utc(2026, 12, 17, 13, 0),
                       DueKind.AGENDA: utc(2026, 12, 28, 13, 0),
                       DueKind.CASE_REQUEST: utc(2026, 12, 28, 13, 0),
                       DueKind.PREPARE: utc(2027, 1, 2, 13, 0),
                       DueKind.DAY_BEFORE: utc(2027, 1, 5, 13, 0)}


def test_with_a_custom_timeline_the_latest_passed_step_is_the_groups_own():
    # Agenda 10 days ahead: a meeting 12 days ahead has not reached it yet, so nothing is
    # sent now except the role proposal.
    group = first_thursday_group(timeline=Timeline(21, 10, 5, 2))
    now = utc(2026, 11, 21, 13, 0)
    planned = timeline(group, meeting_at(utc(2026, 12, 3, 13, 0), 1), now)
    assert [(due.kind, due.due_at) for due in planned[:3]] == [
        (DueKind.ROLES, now),
        (DueKind.AGENDA, utc(2026, 11, 23, 13, 0)),
        (DueKind.CASE_REQUEST, utc(2026, 11, 23, 13, 0))]


def test_case_nudges_come_a_week_and_two_days_before_and_never_late():
    group = first_thursday_group()
    start = utc(2027, 1, 7, 13, 0)
    planned = full_timeline(group, meeting_at(start, 4), utc(2026, 11, 23, 9, 0))
    nudges = [step for step in steps(planned) if step[0] in CASE_NUDGES]
    assert nudges == [(DueKind.CASE_REMINDER, utc(2026, 12, 31, 13, 0), None),
                      (DueKind.CASE_ESCALATION, utc(2027, 1, 5, 13, 0), None)]
    # Planned five days ahead: the week-before reminder has passed and is not sent late.
    late = full_timeline(group, meeting_at(start, 4), utc(2027, 1, 2, 9, 0))
    assert [s[0] for s in steps(late) if s[0] in CASE_NUDGES] == [
        DueKind.CASE_ESCALATION]


def test_the_opening_is_due_at_the_meetings_start_and_again_when_it_moves():
    group = first_thursday_group()
    start = utc(2027, 1, 7, 13, 0)
    (opening,) = [d for d in full_timeline(group, meeting_at(start, 1), CREATED)
                  if d.kind is DueKind.OPENING]
    assert opening.due_at == start and opening.recipient is None
    moved = replace(meeting_at(start, 1), start=start + timedelta(days=1))
    (again,) = [d for d in full_timeline(group, moved, CREATED) if d.kind is DueKind.OPENING]
    assert again.due_at == start + timedelta(days=1) and again.key != opening.key
