"""Which meetings exist, and which due actions each one has (the preparation timeline).

Meetings are created ahead from the group's rhythm, far enough for the first step of their
timeline; each step becomes a `PlanDue` with a key, so planning again is always safe. A step
whose moment has already passed when it is planned (a group set up two weeks before its first
meeting) is sent at once only when it still helps: the role proposal, and the latest of the
passed steps; older ones are left out rather than sent in a burst.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flows.due import DueKind, PlanDue
from flows.group import Group
from flows.meeting import Meeting

MARGIN = timedelta(days=7)  # meetings exist a week before their first step is due
AT_LEAST = 2  # and the next two always exist, so the rota has something to show
CASE_REMINDER_DAYS = 7  # a case not in a week before gets a friendly reminder
CASE_ESCALATION_DAYS = 2  # and two days before, the coordinator is asked what to do
CASE_NUDGES = (DueKind.CASE_REMINDER, DueKind.CASE_ESCALATION)


def horizon(group: Group, now: datetime) -> datetime:
    return now + timedelta(days=group.timeline.roles_days) + MARGIN


def new_meetings(group: Group, existing: list[Meeting], now: datetime,
                 until: datetime | None = None) -> list[Meeting]:
    """Meetings of the rhythm up to the horizon (or `until`) that do not exist yet."""
    assert group.id is not None
    known = {meeting.occurrence for meeting in existing}
    starts = set(group.schedule.between(now, until or horizon(group, now)))
    starts |= set(group.schedule.occurrences(now, AT_LEAST))
    return [Meeting(group_id=group.id, occurrence=at, start=at,
                    duration_minutes=group.schedule.duration_minutes)
            for at in sorted(starts) if at not in known]


def due_key(kind: DueKind, meeting: Meeting, recipient: str | None = None) -> str:
    key = f"{kind.value}:{meeting.id}"
    if kind in (DueKind.DAY_BEFORE, DueKind.OPENING):
        # A moved meeting deserves a reminder for its new time, too.
        key += f":{int(meeting.start.timestamp())}"
    return f"{key}:{recipient}" if recipient else key


def days_before(group: Group, meeting: Meeting, days: int) -> datetime:
    """`days` before the meeting in the group's own days, so at its local time of day."""
    local_start = group.schedule.local(meeting.start).replace(tzinfo=None)
    return group.schedule.to_utc(local_start - timedelta(days=days))


def timeline(group: Group, meeting: Meeting, now: datetime) -> list[PlanDue]:
    """The due actions of one meeting, from the group's timeline."""
    assert group.id is not None and meeting.id is not None
    if meeting.cancelled or meeting.start <= now:
        return []
    days = group.timeline
    steps: list[tuple[DueKind, int, tuple[str | None, ...]]] = [
        (DueKind.ROLES, days.roles_days, (None,)),
        (DueKind.AGENDA, days.agenda_days, (None,)),
        (DueKind.CASE_REQUEST, days.agenda_days, (None,)),
        (DueKind.CASE_REMINDER, CASE_REMINDER_DAYS, (None,)),
        (DueKind.PREPARE, days.prepare_days, (None,)),
        (DueKind.CASE_ESCALATION, CASE_ESCALATION_DAYS, (None,)),
        (DueKind.DAY_BEFORE, days.reminder_days, group.members),
        (DueKind.OPENING, 0, (None,)),
    ]
    # "Three days before" is counted in the group's own days: across a change to summer
    # time the reminder still comes at the meeting's local time of day.
    def before(ahead: int) -> datetime:
        return days_before(group, meeting, ahead)

    # Case reminders only make sense between asking for the case and the meeting.
    steps = [step for step in steps
             if step[0] not in CASE_NUDGES or step[1] < days.agenda_days]
    passed = [ahead for kind, ahead, _ in steps
              if kind is not DueKind.ROLES and kind not in CASE_NUDGES and before(ahead) < now]
    latest_passed = min(passed, default=None)
    planned: list[PlanDue] = []
    for kind, ahead, recipients in steps:
        due_at = before(ahead)
        if due_at < now:
            if kind is DueKind.ROLES:
                still_helps = not meeting.roles_confirmed
            else:  # a case nudge whose moment passed is not sent late
                still_helps = ahead == latest_passed and kind not in CASE_NUDGES
            if not still_helps:
                continue
            due_at = now
        planned += [PlanDue(key=due_key(kind, meeting, recipient), kind=kind, due_at=due_at,
                            group_id=group.id, meeting_id=meeting.id, recipient=recipient)
                    for recipient in recipients]
    return planned
