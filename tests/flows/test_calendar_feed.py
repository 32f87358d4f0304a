"""The .ics feed: read back with icalendar and expanded by an independent reader in this file.

The reader below expands RRULE/EXDATE/RECURRENCE-ID with dateutil and resolves local times
through the feed's own VTIMEZONE, the way a calendar client would. (recurring-ical-events is
not used: it pins python-dateutil < 3, which would downgrade the project's dateutil.)
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from flows.calendar_feed import calendar_feed
from flows.group import Group
from flows.meeting import Meeting, MeetingStatus
from flows.recurrence import Schedule

GENERATED_AT = datetime(2025, 12, 20, 8, 30, 15, tzinfo=UTC)
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# First Thursdays, 14:00 Amsterdam, from 1 January 2026 (a Thursday); summer time starts 29 March.
SCHEDULE = Schedule("FREQ=MONTHLY;BYDAY=+1TH", date(2026, 1, 1), time(14, 0),
                    "Europe/Amsterdam", 120)
GROUP = Group(team_id="T1", channel_id="C1", name="Casemanagers Noord", members=("U1", "U2"),
              coordinators=("U1",), language="nl", schedule=SCHEDULE, id=7)
WINDOW = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 7, 1, tzinfo=UTC))


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


CANCELLED = Meeting(group_id=7, occurrence=utc(2026, 3, 5, 13), start=utc(2026, 3, 5, 13),
                    duration_minutes=120, status=MeetingStatus.CANCELLED)
# First Thursday of May moved to Tuesday 12 May, 15:30 Amsterdam (summer time: 13:30 UTC).
MOVED = Meeting(group_id=7, occurrence=utc(2026, 5, 7, 12), start=utc(2026, 5, 12, 13, 30),
                duration_minutes=120)
HELD = Meeting(group_id=7, occurrence=utc(2026, 1, 1, 13), start=utc(2026, 1, 1, 13),
               duration_minutes=120, status=MeetingStatus.HELD)


def feed(group: Group = GROUP, meetings=(), **kwargs) -> bytes:
    texts = {"language": "nl", "title": "Intervisie: Casemanagers Noord",
             "description": "Bijeenkomst van de intervisiegroep.\nTot dan!"}
    return calendar_feed(group, meetings, generated_at=GENERATED_AT, **{**texts, **kwargs})


# --- an independent reader -----------------------------------------------------------------

def _values(prop) -> list[datetime]:
    """All date-times of an EXDATE/RDATE property, which may occur once or several times."""
    props = prop if isinstance(prop, list) else [prop]
    return [value.dt for p in props for value in p.dts]


def _naive(value: datetime) -> datetime:
    return value.replace(tzinfo=None)


def _offset_resolver(calendar: Calendar, tzid: str):
    """Local wall time → UTC offset, using only the feed's VTIMEZONE (as a client would)."""
    (vtimezone,) = [tz for tz in calendar.walk("VTIMEZONE") if str(tz["TZID"]) == tzid]
    onsets = []
    for observance in vtimezone.subcomponents:
        offset = observance["TZOFFSETTO"].td
        onsets += [(_naive(start), offset)
                   for start in [observance["DTSTART"].dt, *_rdates(observance)]]
    onsets.sort()

    def offset_at(local: datetime) -> timedelta:
        earlier = [offset for onset, offset in onsets if onset <= local]
        assert earlier, f"{local} lies before the VTIMEZONE's first observance"
        return earlier[-1]

    return offset_at


def expand(ics: bytes, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """(start, end) in UTC of every instance in [start, end), like a calendar client shows."""
    calendar = Calendar.from_ical(ics)
    events = calendar.walk("VEVENT")
    (series,) = [e for e in events if "RRULE" in e]
    tzid = series["DTSTART"].params["TZID"]
    offset_at = _offset_resolver(calendar, tzid)

    def to_utc(local: datetime) -> datetime:
        return (local - offset_at(local)).replace(tzinfo=UTC)

    first = _naive(series["DTSTART"].dt)
    length = _naive(series["DTEND"].dt) - first
    excluded = {_naive(v) for v in _values(series["EXDATE"])} if "EXDATE" in series else set()
    overrides = {}
    for event in events:
        if "RECURRENCE-ID" in event:
            assert event["UID"] == series["UID"]
            assert event["RECURRENCE-ID"].params["TZID"] == tzid
            overrides[_naive(event["RECURRENCE-ID"].dt)] = event
    found = []
    rule = rrulestr(series["RRULE"].to_ical().decode(), dtstart=first)
    for local in rule.between(first - timedelta(days=1), _naive(end) + timedelta(days=40)):
        if local in excluded:
            continue
        instance_start, instance_end = local, local + length
        if local in overrides:
            instance_start = _naive(overrides[local]["DTSTART"].dt)
            instance_end = _naive(overrides[local]["DTEND"].dt)
        found.append((to_utc(instance_start), to_utc(instance_end)))
    return sorted(pair for pair in found if start <= pair[0] < end)


def offset_changes(vtimezone) -> list[datetime]:
    """Every onset (DTSTART and RDATE) of every observance, in order."""
    return sorted(start for observance in vtimezone.subcomponents
                  for start in [observance["DTSTART"].dt, *_rdates(observance)])


def _rdates(observance) -> list[datetime]:
    return _values(observance["RDATE"]) if "RDATE" in observance else []


def starts(ics: bytes) -> list[datetime]:
    return [begin for begin, _ in expand(ics, *WINDOW)]


# --- tests --------------------------------------------------------------------------------

def test_the_series_stays_at_two_oclock_local_across_summer_time():
    assert expand(feed(), *WINDOW) == [
        (utc(2026, 1, 1, 13), utc(2026, 1, 1, 15)),
        (utc(2026, 2, 5, 13), utc(2026, 2, 5, 15)),
        (utc(2026, 3, 5, 13), utc(2026, 3, 5, 15)),
        (utc(2026, 4, 2, 12), utc(2026, 4, 2, 14)),
        (utc(2026, 5, 7, 12), utc(2026, 5, 7, 14)),
        (utc(2026, 6, 4, 12), utc(2026, 6, 4, 14)),
    ]


def test_the_feed_agrees_with_the_bots_own_schedule():
    later = (utc(2026, 1, 1), utc(2028, 1, 1))
    assert [begin for begin, _ in expand(feed(), *later)] == SCHEDULE.between(*later)


def test_a_cancelled_meeting_is_absent_and_a_moved_one_appears_at_its_new_time():
    ics = feed(meetings=[HELD, MOVED, CANCELLED])
    assert starts(ics) == [utc(2026, 1, 1, 13), utc(2026, 2, 5, 13), utc(2026, 4, 2, 12),
                           utc(2026, 5, 12, 13, 30), utc(2026, 6, 4, 12)]
    assert (utc(2026, 5, 12, 13, 30), utc(2026, 5, 12, 15, 30)) in expand(ics, *WINDOW)


def test_exceptions_are_written_in_the_groups_zone():
    calendar = Calendar.from_ical(feed(meetings=[CANCELLED, MOVED]))
    series, override = calendar.walk("VEVENT")
    assert series["EXDATE"].params["TZID"] == "Europe/Amsterdam"
    assert _values(series["EXDATE"]) == [datetime(2026, 3, 5, 14, tzinfo=AMSTERDAM)]
    assert override["UID"] == series["UID"] == "group-7-T1@intervisie"
    assert override["RECURRENCE-ID"].dt == datetime(2026, 5, 7, 14, tzinfo=AMSTERDAM)
    assert override["DTSTART"].dt == datetime(2026, 5, 12, 15, 30, tzinfo=AMSTERDAM)
    assert override["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert override["SEQUENCE"] == 1
    assert override["SUMMARY"] == series["SUMMARY"]
    assert "RRULE" not in override


def test_a_moved_meeting_that_is_then_cancelled_is_only_excluded():
    cancelled_move = replace(MOVED, status=MeetingStatus.CANCELLED)
    ics = feed(meetings=[cancelled_move])
    assert len(Calendar.from_ical(ics).walk("VEVENT")) == 1
    assert utc(2026, 5, 7, 12) not in starts(ics)
    assert utc(2026, 5, 12, 13, 30) not in starts(ics)


def test_the_series_event_carries_the_schedule_and_the_callers_texts():
    calendar = Calendar.from_ical(feed(description="Eén; twee, drie\nvier"))
    (series,) = calendar.walk("VEVENT")
    assert series["DTSTART"].dt == datetime(2026, 1, 1, 14, tzinfo=AMSTERDAM)
    assert series["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert series["DTEND"].dt == datetime(2026, 1, 1, 16, tzinfo=AMSTERDAM)
    assert series["RRULE"].to_ical() == b"FREQ=MONTHLY;BYDAY=+1TH"
    assert series["SUMMARY"] == "Intervisie: Casemanagers Noord"
    assert series["SUMMARY"].params["LANGUAGE"] == "nl"
    assert series["DESCRIPTION"] == "Eén; twee, drie\nvier"
    assert "EXDATE" not in series


def test_calendar_properties():
    calendar = Calendar.from_ical(feed())
    assert calendar["PRODID"] == "-//Intervisie//Intervision bot//NL"
    assert calendar["VERSION"] == "2.0"
    assert calendar["CALSCALE"] == "GREGORIAN"
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["X-WR-CALNAME"] == "Intervisie: Casemanagers Noord"
    assert calendar["X-WR-TIMEZONE"] == "Europe/Amsterdam"


def test_dtstamp_is_generated_at_on_every_event():
    calendar = Calendar.from_ical(feed(meetings=[MOVED]))
    assert [e["DTSTAMP"].dt for e in calendar.walk("VEVENT")] == [GENERATED_AT] * 2
    assert b"DTSTAMP:20251220T083015Z\r\n" in feed()


def test_the_vtimezone_has_both_seasons_and_is_bounded():
    calendar = Calendar.from_ical(feed(until=date(2027, 1, 1)))
    (vtimezone,) = calendar.walk("VTIMEZONE")
    assert vtimezone["TZID"] == "Europe/Amsterdam"
    assert vtimezone.walk("STANDARD") and vtimezone.walk("DAYLIGHT")
    assert len(vtimezone.subcomponents) <= 4
    changes = offset_changes(vtimezone)
    assert len(changes) <= 4  # the start, plus spring and autumn of 2026
    assert all(date(2026, 1, 1) <= change.date() <= date(2027, 1, 1) for change in changes)


def test_the_vtimezone_defaults_to_two_years_and_covers_a_meeting_moved_earlier():
    early = Meeting(group_id=7, occurrence=utc(2026, 1, 1, 13), start=utc(2025, 12, 30, 13),
                    duration_minutes=120)
    calendar = Calendar.from_ical(feed(meetings=[early]))
    (vtimezone,) = calendar.walk("VTIMEZONE")
    changes = offset_changes(vtimezone)
    assert changes[0].date() <= date(2025, 12, 30)
    assert changes[-1].date() == date(2027, 10, 31)  # last change before 1 January 2028
    assert len(changes) <= 6
    assert expand(calendar.to_ical(), utc(2025, 12, 1), utc(2026, 2, 1)) == [
        (utc(2025, 12, 30, 13), utc(2025, 12, 30, 15))]


def test_a_zone_without_summer_time_works():
    tokyo = replace(GROUP, schedule=replace(SCHEDULE, timezone="Asia/Tokyo"))
    ics = feed(tokyo)
    (vtimezone,) = Calendar.from_ical(ics).walk("VTIMEZONE")
    assert vtimezone["TZID"] == "Asia/Tokyo"
    assert vtimezone.walk("STANDARD") and not vtimezone.walk("DAYLIGHT")
    assert starts(ics)[:4] == [utc(2026, 1, 1, 5), utc(2026, 2, 5, 5), utc(2026, 3, 5, 5),
                               utc(2026, 4, 2, 5)]


def test_the_file_is_crlf_and_starts_with_begin_vcalendar():
    ics = feed(meetings=[MOVED, CANCELLED])
    assert ics.startswith(b"BEGIN:VCALENDAR\r\n")
    assert ics.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in ics.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in ics.split(b"\r\n"))


def test_the_same_input_gives_the_same_bytes():
    assert feed(meetings=[HELD, MOVED, CANCELLED]) == feed(meetings=[CANCELLED, MOVED, HELD])


def test_refuses_what_would_make_an_unstable_or_ambiguous_feed():
    with pytest.raises(ValueError, match=r"group\.id"):
        feed(replace(GROUP, id=None))
    with pytest.raises(ValueError, match="generated_at"):
        calendar_feed(GROUP, [], language="nl", title="t", description="d",
                      generated_at=datetime(2026, 1, 1))
