"""A VTIMEZONE for an IANA zone, written from zoneinfo as Outlook and Google write theirs.

Every offset change is found in zoneinfo, and the changes that follow one yearly pattern
("last Sunday of March, 02:00 local") become one observance with a yearly RRULE. A pattern
still in force at the end of the scan gets no UNTIL, so the VTIMEZONE stays valid for as long
as the series runs, not just for the years scanned. Each observance starts at the local wall
time before the change (02:00 for summer time in Europe), as RFC 5545 §3.6.5 asks.

Pure: the caller says which dates must be covered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
EXTRA_YEARS = 2  # scanned past the last date needed, so an ongoing pattern shows itself


@dataclass(frozen=True)
class Transition:
    at: datetime  # aware UTC
    offset_from: timedelta
    offset_to: timedelta
    daylight: bool
    name: str

    @property
    def local(self) -> datetime:
        """The wall time the change happens at, on the clock before it (naive)."""
        return (self.at + self.offset_from).replace(tzinfo=None)

    def signature(self) -> tuple:
        local = self.local
        return (self.daylight, self.offset_from, self.offset_to, self.name, local.month,
                local.weekday(), local.time())

    def nth_candidates(self) -> set[int]:
        """Which BYDAY ordinals name this day: its nth weekday of the month, and -1 if last."""
        day = self.local.date()
        found = {(day.day - 1) // 7 + 1}
        if (day + timedelta(days=7)).month != day.month:
            found.add(-1)
        return found


def _state(zone: ZoneInfo, at: datetime) -> tuple[timedelta, timedelta]:
    local = at.astimezone(zone)
    return local.utcoffset() or timedelta(0), local.dst() or timedelta(0)


def transitions(zone: ZoneInfo, start: datetime, end: datetime) -> list[Transition]:
    """Every change of offset (or of summer time) in [start, end), to the second."""
    found = []
    step = timedelta(days=1)
    at, state = start, _state(zone, start)
    while at < end:
        following = _state(zone, at + step)
        if following != state:
            low, high = at, at + step  # state(low) is the old one, state(high) the new one
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                middle = middle.replace(microsecond=0)
                if middle <= low:
                    break
                if _state(zone, middle) == state:
                    low = middle
                else:
                    high = middle
            after = high.astimezone(zone)
            found.append(Transition(high, state[0], following[0], bool(following[1]),
                                    after.tzname() or ""))
            state = following
        at += step
    return found


@dataclass
class _Run:
    """Transitions one year apart that one yearly rule describes."""

    items: list[Transition]
    nths: set[int]

    def takes(self, item: Transition) -> bool:
        last = self.items[-1]
        return (last.signature() == item.signature()
                and item.local.year == last.local.year + 1
                and bool(self.nths & item.nth_candidates()))


def _runs(found: list[Transition]) -> list[_Run]:
    runs: list[_Run] = []
    for item in found:
        run = next((r for r in runs if r.takes(item)), None)
        if run is None:
            runs.append(_Run([item], item.nth_candidates()))
        else:
            run.items.append(item)
            run.nths &= item.nth_candidates()
    return runs


def _observance(first: Transition):
    component = TimezoneDaylight() if first.daylight else TimezoneStandard()
    component.add("DTSTART", first.local)
    component.add("TZOFFSETFROM", first.offset_from)
    component.add("TZOFFSETTO", first.offset_to)
    if first.name:
        component.add("TZNAME", first.name)
    return component


def _once() -> vRecur:
    # DTSTART alone is an onset too (RFC 5545 §3.6.5), but some readers (`ical`) only follow
    # rules: a rule that fires once says the same to every reader.
    return vRecur({"FREQ": "YEARLY", "COUNT": 1})


def vtimezone(name: str, first: date, last: date) -> Timezone:
    """The zone's VTIMEZONE, correct for every instant from `first` on (and past `last`)."""
    zone = ZoneInfo(name)
    start = datetime(first.year - 1, 1, 1, tzinfo=UTC)
    end = datetime(last.year + EXTRA_YEARS + 1, 1, 1, tzinfo=UTC)
    found = transitions(zone, start, end)
    timezone = Timezone()
    timezone.add("TZID", name)
    if not found or found[0].at.date() > first:
        # Nothing changes early enough: one observance with the offset in force at the start.
        offset, dst = _state(zone, start)
        base = Transition(start, offset, offset, bool(dst), start.astimezone(zone).tzname() or "")
        component = _observance(base)
        component.add("RRULE", _once())
        timezone.add_component(component)
    last_year = end.year - 1
    for run in _runs(found):
        head, tail = run.items[0], run.items[-1]
        component = _observance(head)
        if len(run.items) > 1:
            nth = -1 if -1 in run.nths else min(run.nths)
            rule = {"FREQ": "YEARLY", "BYMONTH": head.local.month,
                    "BYDAY": f"{nth}{WEEKDAYS[head.local.weekday()]}"}
            if tail.local.year < last_year - 1:
                rule["UNTIL"] = tail.at  # the pattern ended inside the scan
            component.add("RRULE", vRecur(rule))
        else:
            component.add("RRULE", _once())
        timezone.add_component(component)
    return timezone
