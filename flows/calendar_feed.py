"""A group's meeting series as an iCalendar (RFC 5545) feed for Outlook and Google Calendar.

One recurring event per series (see `flows.calendar_series`): an ended series carries UNTIL,
so a reader never meets a RECURRENCE-ID or EXDATE outside its rule. Cancelled meetings are
EXDATEs, moved ones overrides, and meetings left from an ended rule single events. SEQUENCE
comes from stored history (the series' own revisions plus those of its meetings), so it grows
whenever the rule, an exception or a time changes (RFC 5545 §3.8.7.4).

Pure: the caller passes the texts (already translated) and the generation time; nothing here
reads the clock, makes UIDs at random or does I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Final
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vRecur

from flows.calendar_series import Series, assign, initial_series
from flows.group import Group
from flows.meeting import Meeting
from flows.vtimezone import vtimezone

PRODID: Final = "-//Intervisie//Intervision bot//NL"
DEFAULT_SPAN: Final = timedelta(days=730)


@dataclass(frozen=True)
class FeedTexts:
    """What a reader sees: the title, the description, and per meeting (by its series slot,
    aware UTC) a line added to the description, such as the reader's own role."""

    language: str
    title: str
    description: str
    notes: Mapping[datetime, str] | None = None

    def describe(self, meeting: Meeting | None) -> str:
        note = (self.notes or {}).get(meeting.occurrence.astimezone(UTC)) if meeting else None
        return f"{note}\n\n{self.description}" if note else self.description


def feed_uid(group: Group, number: int = 0) -> str:
    """A series' UID: stable per group, so re-importing updates rather than duplicates."""
    if group.id is None:
        raise ValueError("a calendar feed needs a stored group (group.id is None)")
    suffix = f"-{number}" if number else ""
    return f"group-{group.id}{suffix}-{group.team_id}@intervisie"


def _require_aware(value: datetime, what: str) -> None:
    # A naive value would be read in the server's zone by astimezone(): refuse it instead.
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} must be an aware datetime, got {value!r}")


def _rrule(line: str, until: datetime | None) -> vRecur:
    line = line.strip()
    if line.upper().startswith("RRULE:"):
        line = line[len("RRULE:"):]
    rule = vRecur.from_ical(line)
    if until is not None:
        rule["UNTIL"] = until.astimezone(UTC)  # UTC, as §3.3.10 asks with a TZID'd DTSTART
    return rule


def _wall_time(at: datetime, zone: ZoneInfo) -> datetime:
    """`at` in the group's zone, or in UTC where that wall time happens twice (the night
    summer time ends): readers take the first of the two, which may be the wrong one."""
    local = at.astimezone(zone)
    other = local.replace(fold=1 - local.fold)
    return at.astimezone(UTC) if other.utcoffset() != local.utcoffset() else local


def _event(uid: str, stamp: datetime, start: datetime, end: datetime, zone: ZoneInfo, *,
           sequence: int, modified: datetime | None, texts: FeedTexts, description: str,
           recurring: bool = False) -> Event:
    event = Event()
    event.add("UID", uid)
    event.add("DTSTAMP", stamp)
    # A rule repeats wall times, so a series' DTSTART is always in the zone.
    event.add("DTSTART", start.astimezone(zone) if recurring else _wall_time(start, zone))
    # DTEND rather than DURATION: older Outlook versions mishandle DURATION on VEVENTs.
    event.add("DTEND", end.astimezone(zone) if recurring else _wall_time(end, zone))
    event.add("SEQUENCE", sequence)
    if modified is not None:
        event.add("LAST-MODIFIED", modified.astimezone(UTC))
    # LANGUAGE is the standard parameter for SUMMARY/DESCRIPTION; clients that don't use it
    # ignore it.
    params = {"LANGUAGE": texts.language} if texts.language else {}
    event.add("SUMMARY", texts.title, parameters=dict(params))
    if description:
        event.add("DESCRIPTION", description, parameters=dict(params))
    return event


def _latest(*values: datetime | None) -> datetime | None:
    known = [v.astimezone(UTC) for v in values if v is not None]
    return max(known) if known else None


def _series_events(group: Group, series: Series, meetings: list[Meeting], stamp: datetime,
                   texts: FeedTexts) -> list[Event]:
    """The series' recurring event, then one override per moved (or annotated) meeting."""
    first = series.first()
    if first is None:
        return []  # ended before its first meeting
    zone = series.schedule.zone
    length = timedelta(minutes=series.schedule.duration_minutes)
    # Every change to one of its meetings is a change to the series: its SEQUENCE says so.
    sequence = series.revision + sum(m.revision for m in meetings)
    modified = _latest(series.updated_at, *(m.changed_at for m in meetings))
    uid = feed_uid(group, series.number)
    until = None
    if series.ends_at is not None:
        until = series.instances(series.ends_at)[-1]
    master = _event(uid, stamp, first, first + length, zone, sequence=sequence,
                    modified=modified, texts=texts, description=texts.describe(None),
                    recurring=True)
    master.add("RRULE", _rrule(series.schedule.rrule, until))
    # Sorted and de-duplicated so the same data always gives the same bytes.
    cancelled = sorted({m.occurrence.astimezone(UTC) for m in meetings if m.cancelled})
    if cancelled:
        master.add("EXDATE", [at.astimezone(zone) for at in cancelled])
    events = [master]
    for meeting in sorted(meetings, key=lambda m: m.occurrence):
        description = texts.describe(meeting)
        if meeting.cancelled or not (meeting.moved or meeting.end - meeting.start != length
                                     or description != texts.description):
            continue
        override = _event(uid, stamp, meeting.start, meeting.end, zone, sequence=sequence,
                          modified=_latest(meeting.changed_at, series.updated_at), texts=texts,
                          description=description)
        override.add("RECURRENCE-ID", meeting.occurrence.astimezone(zone))
        events.append(override)
    return events


def _single_event(group: Group, meeting: Meeting, stamp: datetime, texts: FeedTexts) -> Event:
    """A meeting kept from a rule that ended (moved before the rhythm changed)."""
    key = meeting.id if meeting.id is not None else int(meeting.occurrence.timestamp())
    return _event(f"meeting-{key}-{group.team_id}@intervisie", stamp, meeting.start, meeting.end,
                  group.schedule.zone, sequence=meeting.revision, modified=meeting.changed_at,
                  texts=texts, description=texts.describe(meeting))


def _covered(history: Sequence[Series], meetings: list[Meeting], until: date | None
             ) -> tuple[date, date]:
    """The dates the VTIMEZONE must be exact for (it stays valid after the last one)."""
    days = [at.astimezone(UTC).date() for m in meetings for at in (m.occurrence, m.start)]
    days += [s.starts_at.date() for s in history]
    low = min(days) - timedelta(days=1)
    return low, max([*days, until or low + DEFAULT_SPAN]) + timedelta(days=1)


def calendar_feed(group: Group, meetings: Iterable[Meeting], *, texts: FeedTexts,
                  generated_at: datetime, series: Sequence[Series] = (),
                  until: date | None = None) -> bytes:
    """The group's calendar as an .ics file (bytes, CRLF line endings).

    `meetings` are all this group's meetings (older ones too: each change must stay in the
    feed); `series` its history, oldest first (empty: one series from the current schedule).
    `generated_at` (aware) is the DTSTAMP; `until` is the last date the VTIMEZONE is sure to
    be checked against.
    """
    _require_aware(generated_at, "generated_at")
    stamp = generated_at.astimezone(UTC)
    meetings = list(meetings)
    for meeting in meetings:
        _require_aware(meeting.occurrence, "meeting.occurrence")
        _require_aware(meeting.start, "meeting.start")
    history = sorted(series, key=lambda s: s.number) or [initial_series(group.schedule, stamp)]
    by_series, rest = assign(history, meetings)

    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    calendar.add("X-WR-CALNAME", texts.title)
    # Google Calendar reads the feed's zone from here when it shows a subscribed calendar.
    calendar.add("X-WR-TIMEZONE", group.schedule.timezone)
    zones = sorted({s.schedule.timezone for s in history} | {group.schedule.timezone})
    low, high = _covered(history, meetings, until)
    for name in zones:
        calendar.add_component(vtimezone(name, low, high))
    for index, item in enumerate(history):
        for event in _series_events(group, item, by_series[index], stamp, texts):
            calendar.add_component(event)
    for meeting in sorted(rest, key=lambda m: m.occurrence):
        if not meeting.cancelled:
            calendar.add_component(_single_event(group, meeting, stamp, texts))
    return calendar.to_ical()
