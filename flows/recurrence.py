"""Meeting rhythms as RFC 5545 RRULEs in the group's IANA time zone (python-dateutil).

"Every first Thursday", "every six weeks" and "weekly" all become one RRULE line plus a
local first date and start time; occurrences are computed in local time and only then turned
into aware UTC, so a meeting stays at 14:00 Amsterdam time across daylight-saving changes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import rrulestr

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
LAST = -1


class RhythmKind(StrEnum):
    WEEKLY = "weekly"
    EVERY_N_WEEKS = "every_n_weeks"
    MONTHLY_NTH_WEEKDAY = "monthly_nth_weekday"


@dataclass(frozen=True)
class Rhythm:
    """How often a group meets; the weekday always comes from the first date."""

    kind: RhythmKind
    interval: int = 1  # weeks between meetings, for EVERY_N_WEEKS
    nth: int | None = None  # 1..4 or LAST, for MONTHLY_NTH_WEEKDAY

    def rrule(self, weekday: int) -> str:
        day = WEEKDAY_CODES[weekday]
        if self.kind is RhythmKind.MONTHLY_NTH_WEEKDAY:
            return f"FREQ=MONTHLY;BYDAY={self.nth:+d}{day}"
        interval = self.interval if self.kind is RhythmKind.EVERY_N_WEEKS else 1
        return f"FREQ=WEEKLY;INTERVAL={interval};BYDAY={day}"

    @classmethod
    def from_rrule(cls, rule: str) -> Rhythm:
        parts = dict(part.split("=", 1) for part in rule.split(";"))
        if parts["FREQ"] == "MONTHLY":
            return cls(RhythmKind.MONTHLY_NTH_WEEKDAY, nth=int(parts["BYDAY"][:-2]))
        interval = int(parts.get("INTERVAL", "1"))
        if interval == 1:
            return cls(RhythmKind.WEEKLY)
        return cls(RhythmKind.EVERY_N_WEEKS, interval=interval)


def nth_weekday_of_month(day: date) -> int:
    """Which occurrence of its weekday `day` is in its month: 1 for the first Thursday, …"""
    return (day.day - 1) // 7 + 1


def is_last_weekday_of_month(day: date) -> bool:
    return (day + timedelta(days=7)).month != day.month


def zone_exists(name: str) -> bool:
    if not name or name.startswith(("/", ".")) or ".." in name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


@dataclass(frozen=True)
class Schedule:
    """A group's recurring meeting time: RRULE, first local date and time, zone, length."""

    rrule: str
    first_date: date
    start_time: time
    timezone: str
    duration_minutes: int

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def _local_starts(self) -> Iterator[datetime]:
        dtstart = datetime.combine(self.first_date, self.start_time)
        return iter(rrulestr(self.rrule, dtstart=dtstart))

    def to_utc(self, local: datetime) -> datetime:
        return local.replace(tzinfo=self.zone).astimezone(UTC)

    def occurrences(self, after: datetime, count: int) -> list[datetime]:
        """The next `count` meeting starts (aware UTC) strictly after `after`."""
        found: list[datetime] = []
        for local in self._local_starts():
            start = self.to_utc(local)
            if start > after:
                found.append(start)
                if len(found) == count:
                    break
        return found

    def between(self, start: datetime, end: datetime) -> list[datetime]:
        """Meeting starts (aware UTC) in [start, end)."""
        found: list[datetime] = []
        for local in self._local_starts():
            at = self.to_utc(local)
            if at >= end:
                break
            if at >= start:
                found.append(at)
        return found

    def local(self, at: datetime) -> datetime:
        return at.astimezone(self.zone)
