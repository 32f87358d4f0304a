"""A group's meeting series as an iCalendar (RFC 5545) feed for Outlook and Google Calendar.

Pure: the caller passes the texts (already translated) and the generation time; nothing here
reads the clock, makes UIDs at random or does I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Final
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from icalendar import Calendar, Event, vRecur

from flows.group import Group
from flows.meeting import Meeting

PRODID: Final = "-//Intervisie//Intervision bot//NL"
DEFAULT_SPAN: Final = relativedelta(years=2)


def feed_uid(group: Group) -> str:
    """The series' UID: stable per group, so re-importing updates rather than duplicates."""
    if group.id is None:
        raise ValueError("a calendar feed needs a stored group (group.id is None)")
    return f"group-{group.id}-{group.team_id}@intervisie"


def _require_aware(value: datetime, what: str) -> None:
    # A naive value would be read in the server's zone by astimezone(): refuse it instead.
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} must be an aware datetime, got {value!r}")


def _rrule(line: str) -> vRecur:
    line = line.strip()
    if line.upper().startswith("RRULE:"):
        line = line[len("RRULE:"):]
    return vRecur.from_ical(line)


def _add_texts(event: Event, *, title: str, description: str, language: str) -> None:
    # LANGUAGE is the standard parameter for SUMMARY/DESCRIPTION; clients that don't use it
    # ignore it.
    params = {"LANGUAGE": language} if language else {}
    event.add("SUMMARY", title, parameters=dict(params))
    if description:
        event.add("DESCRIPTION", description, parameters=dict(params))


def _override(meeting: Meeting, zone: ZoneInfo, uid: str, stamp: datetime, *, title: str,
              description: str, language: str) -> Event:
    """One moved meeting: same UID, RECURRENCE-ID naming the series slot it replaces."""
    event = Event()
    event.add("UID", uid)
    event.add("DTSTAMP", stamp)
    event.add("RECURRENCE-ID", meeting.occurrence.astimezone(zone))
    event.add("DTSTART", meeting.start.astimezone(zone))
    event.add("DTEND", meeting.end.astimezone(zone))
    # Clients keep an override only if it is newer than the series it amends.
    event.add("SEQUENCE", 1)
    _add_texts(event, title=title, description=description, language=language)
    return event


def _timezone_bounds(first: date, until: date | None, zone: ZoneInfo,
                     meetings: list[Meeting]) -> tuple[date, date]:
    """Dates the VTIMEZONE must cover: the series' first date to `until`, and every meeting.

    Unbounded, icalendar lists every offset change since 1970.
    """
    last = until if until is not None else first + DEFAULT_SPAN
    days = [at.astimezone(zone).date() for m in meetings for at in (m.occurrence, m.start)]
    low = min([first, *days])
    # +1 day: the generator stops before `last_date`, and a meeting may run past midnight.
    high = max([last, *(day + timedelta(days=1) for day in days)])
    return low, max(high, low + timedelta(days=1))


def calendar_feed(group: Group, meetings: Iterable[Meeting], *, language: str, title: str,
                  description: str, generated_at: datetime, until: date | None = None) -> bytes:
    """The group's series as an .ics file (bytes, CRLF line endings).

    `meetings` are this group's meetings; cancelled ones become EXDATEs, moved ones become
    overrides. `generated_at` (aware) is the DTSTAMP; `until` bounds the VTIMEZONE only.
    """
    _require_aware(generated_at, "generated_at")
    schedule = group.schedule
    zone = schedule.zone
    uid = feed_uid(group)
    stamp = generated_at.astimezone(UTC)
    meetings = list(meetings)
    for meeting in meetings:
        _require_aware(meeting.occurrence, "meeting.occurrence")
        _require_aware(meeting.start, "meeting.start")

    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    calendar.add("X-WR-CALNAME", title)
    # Google Calendar reads the feed's zone from here when it shows a subscribed calendar.
    calendar.add("X-WR-TIMEZONE", schedule.timezone)

    start = datetime.combine(schedule.first_date, schedule.start_time.replace(tzinfo=None))
    series = Event()
    series.add("UID", uid)
    series.add("DTSTAMP", stamp)
    series.add("DTSTART", start.replace(tzinfo=zone))
    # DTEND rather than DURATION: older Outlook versions mishandle DURATION on VEVENTs.
    series.add("DTEND", (start + timedelta(minutes=schedule.duration_minutes)).replace(
        tzinfo=zone))
    series.add("RRULE", _rrule(schedule.rrule))
    series.add("SEQUENCE", 0)
    _add_texts(series, title=title, description=description, language=language)

    # Sorted and de-duplicated so the same data always gives the same bytes.
    cancelled = sorted({m.occurrence.astimezone(UTC) for m in meetings if m.cancelled})
    if cancelled:
        series.add("EXDATE", [at.astimezone(zone) for at in cancelled])
    calendar.add_component(series)

    moved = {m.occurrence.astimezone(UTC): m for m in meetings if m.moved and not m.cancelled}
    for occurrence in sorted(moved):
        calendar.add_component(_override(moved[occurrence], zone, uid, stamp, title=title,
                                         description=description, language=language))

    low, high = _timezone_bounds(schedule.first_date, until, zone, meetings)
    calendar.add_missing_timezones(first_date=low, last_date=high)
    return calendar.to_ical()
