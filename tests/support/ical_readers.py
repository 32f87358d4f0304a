"""Calendar readers the project does not write, as a subscribed calendar client uses them.

Each takes a feed and gives the (start, end) in UTC of every instance it shows in a window.
The feed's TZID is renamed to one no library knows, so each reader must take the offsets from
the feed's own VTIMEZONE, as Outlook does, instead of from its own zone database.

recurring-ical-events is not among them: every release pins python-dateutil < 3 and would
downgrade the project's dateutil in the test environment; `ical` and `vobject` install with it.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import vobject
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar

UNKNOWN_ZONE = "Intervisie Test Zone"

Instant = tuple[datetime, datetime]


def hide_zone(ics: bytes, zone: str = "Europe/Amsterdam") -> str:
    # Named after the feed's content: vobject keeps every VTIMEZONE it read by TZID, for good.
    hidden = f"{UNKNOWN_ZONE} {hashlib.sha256(ics).hexdigest()[:12]}"
    return ics.decode().replace(f"TZID:{zone}", f"TZID:{hidden}").replace(
        f"TZID={zone}", f"TZID={hidden}").replace(
        f"X-WR-TIMEZONE:{zone}", f"X-WR-TIMEZONE:{hidden}")


def _utc(value: datetime) -> datetime:
    assert value.tzinfo is not None, value
    return value.astimezone(UTC)


def _window(found: list[Instant], start: datetime, end: datetime) -> list[Instant]:
    return sorted(pair for pair in found if start <= pair[0] < end)


def with_ical(ics: bytes, start: datetime, end: datetime) -> list[Instant]:
    """allenporter's `ical`: its timeline applies RRULE, EXDATE and RECURRENCE-ID itself."""
    calendar = IcsCalendarStream.calendar_from_ics(hide_zone(ics))
    found = []
    for event in calendar.timeline_tz(UTC).included(start - timedelta(days=1), end):
        found.append((_utc(event.dtstart), _utc(event.dtend)))
    return _window(found, start, end)


def with_vobject(ics: bytes, start: datetime, end: datetime) -> list[Instant]:
    """vobject: parses the VTIMEZONE into a tzinfo and expands each series' rule set; the
    overrides replace the instances their RECURRENCE-ID names, as RFC 5545 §3.8.4.4 says."""
    calendar = vobject.readOne(hide_zone(ics))
    events = list(getattr(calendar, "vevent_list", []))
    overrides = {}
    for event in events:
        if hasattr(event, "recurrence_id"):
            overrides[(event.uid.value, _utc(event.recurrence_id.value))] = event
    found = []
    for event in events:
        if hasattr(event, "recurrence_id"):
            continue
        length = event.dtend.value - event.dtstart.value
        for begin in event.getrruleset(addRDate=True) or [event.dtstart.value]:
            if _utc(begin) > end + timedelta(days=40):
                break
            override = overrides.get((event.uid.value, _utc(begin)))
            if override is not None:
                found.append((_utc(override.dtstart.value), _utc(override.dtend.value)))
            else:
                found.append((_utc(begin), _utc(begin + length)))
    return _window(found, start, end)


def with_icalendar(ics: bytes, start: datetime, end: datetime) -> list[Instant]:
    """icalendar (the library that writes the feed) to parse; dateutil to expand."""
    from dateutil.rrule import rruleset, rrulestr

    calendar = Calendar.from_ical(hide_zone(ics))
    events = calendar.walk("VEVENT")
    overrides = {(str(e["UID"]), _utc(e["RECURRENCE-ID"].dt)): e for e in events
                 if "RECURRENCE-ID" in e}
    found = []
    for event in events:
        if "RECURRENCE-ID" in event:
            continue
        first, length = event["DTSTART"].dt, event["DTEND"].dt - event["DTSTART"].dt
        rules = rruleset()
        if "RRULE" in event:
            rules.rrule(rrulestr(event["RRULE"].to_ical().decode(), dtstart=first))
        else:
            rules.rdate(first)
        exdates = event.get("EXDATE", [])
        for prop in exdates if isinstance(exdates, list) else [exdates]:
            for value in prop.dts:
                rules.exdate(value.dt)
        for begin in rules.between(start - timedelta(days=40), end + timedelta(days=40),
                                   inc=True):
            override = overrides.get((str(event["UID"]), _utc(begin)))
            if override is not None:
                found.append((_utc(override["DTSTART"].dt), _utc(override["DTEND"].dt)))
            else:
                found.append((_utc(begin), _utc(begin + length)))
    return _window(found, start, end)


READERS = {"ical": with_ical, "vobject": with_vobject, "icalendar": with_icalendar}
