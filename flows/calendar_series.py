"""A group's rhythm through time, as the calendar feed needs it: one series per stretch.

When the coordinator changes the rhythm (or the time, zone or length), the running series ends
where the change was made and a new one starts. The calendar then ends the old series with
UNTIL and starts a new one, so every cancelled or moved meeting stays an exception of the rule
it was made under, and past meetings stay where they were.

Pure: the caller passes the moment of the change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from flows.meeting import Meeting
from flows.recurrence import Schedule


@dataclass(frozen=True)
class Series:
    """The rule from `starts_at` until `ends_at` (None while it is the group's current one)."""

    number: int  # 0 for the group's first series; part of the calendar UID after that
    schedule: Schedule
    starts_at: datetime  # aware UTC: instances from here on
    updated_at: datetime  # aware UTC: when the series itself last changed
    ends_at: datetime | None = None  # aware UTC: instances before this only
    revision: int = 0  # grows each time the series' own rule changes (it is ended)
    id: int | None = None

    def instances(self, until: datetime) -> list[datetime]:
        """The rule's starts (aware UTC) in [starts_at, ends_at), and before `until`."""
        end = until if self.ends_at is None else min(until, self.ends_at)
        return self.schedule.between(self.starts_at, end) if end > self.starts_at else []

    def first(self) -> datetime | None:
        found = self.schedule.occurrences(self.starts_at - timedelta(microseconds=1), 1)
        if not found or (self.ends_at is not None and found[0] >= self.ends_at):
            return None
        return found[0]


def series_key(schedule: Schedule) -> tuple:
    """What, when it changes, makes a new series: rule, first date, time, zone and length."""
    return (schedule.rrule, schedule.first_date, schedule.start_time, schedule.timezone,
            schedule.duration_minutes)


def schedule_start(schedule: Schedule) -> datetime:
    return schedule.to_utc(datetime.combine(schedule.first_date, schedule.start_time))


def initial_series(schedule: Schedule, now: datetime) -> Series:
    return Series(0, schedule, starts_at=schedule_start(schedule), updated_at=now.astimezone(UTC))


def after_change(history: Sequence[Series], schedule: Schedule, now: datetime
                 ) -> tuple[Series, ...]:
    """The series to save after the group was saved with `schedule`: none when nothing
    the calendar shows changed, else the ended current series and the new one."""
    now = now.astimezone(UTC)
    current = next((s for s in history if s.ends_at is None), None)
    if current is None:
        return (initial_series(schedule, now),)
    if series_key(current.schedule) == series_key(schedule):
        return ()
    ended = replace(current, ends_at=now, revision=current.revision + 1, updated_at=now)
    number = max(s.number for s in history) + 1
    return ended, Series(number, schedule, starts_at=max(now, schedule_start(schedule)),
                         updated_at=now)


def assign(history: Sequence[Series], meetings: Sequence[Meeting]
           ) -> tuple[dict[int, list[Meeting]], list[Meeting]]:
    """Meetings by the series (index in `history`) whose instance they stand for, and the
    rest: meetings kept from a rule that no longer runs, e.g. moved before a rhythm change."""
    planned = [m for m in meetings if not m.unscheduled]
    until = max((m.occurrence for m in planned), default=None)
    by_series: dict[int, list[Meeting]] = {i: [] for i in range(len(history))}
    if until is None:
        return by_series, []
    slots = {}
    for index, series in enumerate(history):
        for at in series.instances(until + timedelta(seconds=1)):
            slots.setdefault(at, index)
    rest = []
    for meeting in planned:
        index = slots.get(meeting.occurrence.astimezone(UTC))
        if index is None:
            rest.append(meeting)
        else:
            by_series[index].append(meeting)
    return by_series, rest
