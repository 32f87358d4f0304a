"""Working time (werktijd): a group's working days and hours, and moving through them.

A written meeting's phases get deadlines in working time: "two working days from now" skips
the weekend and the evening, and a nudge comes "a working day before" the deadline. Pure:
the zone's rules come from zoneinfo, so a DST change is handled by the library (all spans
are measured in UTC, never as wall-clock differences).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import DAILY, rrule

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SEARCH_DAYS = 14  # a working week has at least one working day in any fortnight


@dataclass(frozen=True)
class WorkingWeek:
    """Working days (0 = Monday) and hours, in the group's zone. Default Mon–Fri 9–17."""

    zone: str = "Europe/Amsterdam"
    days: tuple[int, ...] = (0, 1, 2, 3, 4)
    start: time = time(9)
    end: time = time(17)

    def __post_init__(self) -> None:
        if not self.days or any(not 0 <= d <= 6 for d in self.days):
            raise ValueError("a working week needs at least one day, 0 (Mon) to 6 (Sun)")
        if self.end <= self.start:
            raise ValueError("a working day ends after it starts")

    @property
    def day_seconds(self) -> int:
        """How long one working day is (as planned; the same on a DST day, as the change
        happens at night)."""
        return int((datetime.combine(date.min, self.end)
                    - datetime.combine(date.min, self.start)).total_seconds())

    def _bounds(self, day: date) -> tuple[datetime, datetime]:
        """The working period of `day`, as aware UTC moments."""
        zone = ZoneInfo(self.zone)
        return (datetime.combine(day, self.start, tzinfo=zone).astimezone(UTC),
                datetime.combine(day, self.end, tzinfo=zone).astimezone(UTC))

    def _periods(self, around: datetime, backwards: bool = False):
        """Working periods from the local day of `around` on (or back), as UTC pairs."""
        local = around.astimezone(ZoneInfo(self.zone)).date()
        if backwards:  # a fortnight at a time: a nudge looks back a day or two at most
            while True:
                first = local - timedelta(days=SEARCH_DAYS - 1)
                for day in reversed(list(rrule(DAILY, dtstart=first, until=local,
                                               byweekday=self.days))):
                    yield self._bounds(day.date())
                local = first - timedelta(days=1)
        for day in rrule(DAILY, dtstart=local, byweekday=self.days):
            yield self._bounds(day.date())


def within(week: WorkingWeek, at: datetime) -> bool:
    """`at` lies inside a working period (start and end included)."""
    for start, end in week._periods(at):
        if end < at:
            continue
        return start <= at
    return False


def next_working(week: WorkingWeek, at: datetime) -> datetime:
    """`at` itself during working hours, else the start of the next working period."""
    for start, end in week._periods(at):
        if at <= end:
            return max(at, start)
    raise AssertionError("unreachable: a working week always has a next day")


def add_working(week: WorkingWeek, at: datetime, seconds: float, speed: float = 1
                ) -> datetime:
    """The moment `seconds` of working time after `at`.

    With a rehearsal `speed` above 1 time is compressed and continuous (a working day of 8
    hours at speed 3600 lasts 8 seconds), so a rehearsal never waits for Monday.
    """
    if speed != 1:
        return at + timedelta(seconds=seconds / speed)
    left = timedelta(seconds=seconds)
    for start, end in week._periods(at):
        if end < at:
            continue
        begin = max(at, start)
        if begin + left <= end:
            return begin + left
        left -= end - begin
    raise AssertionError("unreachable")


def subtract_working(week: WorkingWeek, at: datetime, seconds: float, speed: float = 1
                     ) -> datetime:
    """The moment `seconds` of working time before `at` (the nudge before a deadline)."""
    if speed != 1:
        return at - timedelta(seconds=seconds / speed)
    left = timedelta(seconds=seconds)
    for start, end in week._periods(at, backwards=True):
        if start > at:
            continue
        finish = min(at, end)
        if finish - left >= start:
            return finish - left
        left -= finish - start
    raise ValueError("no working time that long before")


def add_working_days(week: WorkingWeek, at: datetime, days: float, speed: float = 1
                     ) -> datetime:
    return add_working(week, at, days * week.day_seconds, speed)


def parse_days(text: str) -> tuple[int, ...]:
    """"mon,tue,wed" → (0, 1, 2); unknown names raise ValueError."""
    names = [part.strip().lower()[:3] for part in text.split(",") if part.strip()]
    return tuple(sorted({WEEKDAYS.index(name) for name in names}))
