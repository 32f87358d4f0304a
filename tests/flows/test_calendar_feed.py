"""The .ics feed, read back by three calendar readers (see tests/support/ical_readers.py).

Each reader takes the offsets from the feed's own VTIMEZONE and applies RRULE, EXDATE and
RECURRENCE-ID itself; every one must show the meetings at the instants the bot itself plans.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from flows.calendar_feed import FeedTexts, calendar_feed
from flows.group import Group
from flows.meeting import Meeting, MeetingStatus
from flows.recurrence import Schedule
from tests.support.ical_readers import READERS

GENERATED_AT = datetime(2025, 12, 20, 8, 30, 15, tzinfo=UTC)
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# First Thursdays, 14:00 Amsterdam, from 1 January 2026 (a Thursday); summer time starts 29 March.
SCHEDULE = Schedule("FREQ=MONTHLY;BYDAY=+1TH", date(2026, 1, 1), time(14, 0),
                    "Europe/Amsterdam", 120)
GROUP = Group(team_id="T1", channel_id="C1", name="Casemanagers Noord", members=("U1", "U2"),
              coordinators=("U1",), language="nl", schedule=SCHEDULE, id=7)
TEXTS = FeedTexts("nl", "Intervisie: Casemanagers Noord",
                  "Bijeenkomst van de intervisiegroep.\nTot dan!")
WINDOW = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 7, 1, tzinfo=UTC))


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


CANCELLED = Meeting(group_id=7, occurrence=utc(2026, 3, 5, 13), start=utc(2026, 3, 5, 13),
                    duration_minutes=120, status=MeetingStatus.CANCELLED, revision=1, id=3)
# First Thursday of May moved to Tuesday 12 May, 15:30 Amsterdam (summer time: 13:30 UTC).
MOVED = Meeting(group_id=7, occurrence=utc(2026, 5, 7, 12), start=utc(2026, 5, 12, 13, 30),
                duration_minutes=120, revision=1, id=5)
HELD = Meeting(group_id=7, occurrence=utc(2026, 1, 1, 13), start=utc(2026, 1, 1, 13),
               duration_minutes=120, status=MeetingStatus.HELD, id=1)


def feed(group: Group = GROUP, meetings=(), texts: FeedTexts = TEXTS, **kwargs) -> bytes:
    return calendar_feed(group, meetings, texts=texts, generated_at=GENERATED_AT, **kwargs)


def read(ics: bytes, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """What every reader shows; they must agree."""
    seen = {name: reader(ics, start, end) for name, reader in READERS.items()}
    first = seen["ical"]
    assert all(found == first for found in seen.values()), seen
    return first


def starts(ics: bytes) -> list[datetime]:
    return [begin for begin, _ in read(ics, *WINDOW)]


def test_the_series_stays_at_two_oclock_local_across_summer_time():
    assert read(feed(), *WINDOW) == [
        (utc(2026, 1, 1, 13), utc(2026, 1, 1, 15)),
        (utc(2026, 2, 5, 13), utc(2026, 2, 5, 15)),
        (utc(2026, 3, 5, 13), utc(2026, 3, 5, 15)),
        (utc(2026, 4, 2, 12), utc(2026, 4, 2, 14)),
        (utc(2026, 5, 7, 12), utc(2026, 5, 7, 14)),
        (utc(2026, 6, 4, 12), utc(2026, 6, 4, 14)),
    ]


def test_the_feed_agrees_with_the_bots_own_schedule_for_years():
    later = (utc(2026, 1, 1), utc(2031, 1, 1))
    assert [begin for begin, _ in read(feed(), *later)] == SCHEDULE.between(*later)


def test_a_cancelled_meeting_is_absent_and_a_moved_one_appears_at_its_new_time():
    ics = feed(meetings=[HELD, MOVED, CANCELLED])
    assert starts(ics) == [utc(2026, 1, 1, 13), utc(2026, 2, 5, 13), utc(2026, 4, 2, 12),
                           utc(2026, 5, 12, 13, 30), utc(2026, 6, 4, 12)]
    assert (utc(2026, 5, 12, 13, 30), utc(2026, 5, 12, 15, 30)) in read(ics, *WINDOW)


def test_exceptions_are_written_in_the_groups_zone():
    calendar = Calendar.from_ical(feed(meetings=[CANCELLED, MOVED]))
    series, override = calendar.walk("VEVENT")
    assert series["EXDATE"].params["TZID"] == "Europe/Amsterdam"
    assert [v.dt for v in series["EXDATE"].dts] == [datetime(2026, 3, 5, 14, tzinfo=AMSTERDAM)]
    assert override["UID"] == series["UID"] == "group-7-T1@intervisie"
    assert override["RECURRENCE-ID"].dt == datetime(2026, 5, 7, 14, tzinfo=AMSTERDAM)
    assert override["DTSTART"].dt == datetime(2026, 5, 12, 15, 30, tzinfo=AMSTERDAM)
    assert override["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert override["SUMMARY"] == series["SUMMARY"]
    assert "RRULE" not in override


def test_a_moved_meeting_that_is_then_cancelled_is_only_excluded():
    cancelled_move = replace(MOVED, status=MeetingStatus.CANCELLED)
    ics = feed(meetings=[cancelled_move])
    assert len(Calendar.from_ical(ics).walk("VEVENT")) == 1
    assert utc(2026, 5, 7, 12) not in starts(ics)
    assert utc(2026, 5, 12, 13, 30) not in starts(ics)


def test_the_series_event_carries_the_schedule_and_the_callers_texts():
    calendar = Calendar.from_ical(feed(texts=replace(TEXTS, description="Eén; twee, drie\nvier")))
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


def test_a_zone_without_summer_time_works():
    tokyo = replace(GROUP, schedule=replace(SCHEDULE, timezone="Asia/Tokyo"))
    calendar = Calendar.from_ical(feed(tokyo))
    (vtimezone,) = calendar.walk("VTIMEZONE")
    assert vtimezone["TZID"] == "Asia/Tokyo"
    assert vtimezone.walk("STANDARD") and not vtimezone.walk("DAYLIGHT")
    ics = feed(tokyo).replace(b"Asia/Tokyo", b"Europe/Amsterdam")  # so the readers hide it
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
        calendar_feed(GROUP, [], texts=TEXTS, generated_at=datetime(2026, 1, 1))


def test_a_note_per_meeting_makes_an_override_with_that_description():
    notes = {MOVED.occurrence: "Je brengt een casus in.",
             utc(2026, 2, 5, 13): "Je bent gespreksleider."}
    february = Meeting(group_id=7, occurrence=utc(2026, 2, 5, 13), start=utc(2026, 2, 5, 13),
                       duration_minutes=120, id=2)
    ics = feed(meetings=[february, MOVED], texts=replace(TEXTS, notes=notes))
    events = Calendar.from_ical(ics).walk("VEVENT")
    described = {e["RECURRENCE-ID"].dt: str(e["DESCRIPTION"]) for e in events
                 if "RECURRENCE-ID" in e}
    assert described[datetime(2026, 5, 7, 14, tzinfo=AMSTERDAM)].startswith(
        "Je brengt een casus in.\n\nBijeenkomst")
    assert described[datetime(2026, 2, 5, 14, tzinfo=AMSTERDAM)].startswith(
        "Je bent gespreksleider.")
    assert starts(ics) == [utc(2026, 1, 1, 13), utc(2026, 2, 5, 13), utc(2026, 3, 5, 13),
                           utc(2026, 4, 2, 12), utc(2026, 5, 12, 13, 30), utc(2026, 6, 4, 12)]


def exceptions_fit_their_rule(ics: bytes) -> None:
    """Every EXDATE and RECURRENCE-ID is an instance of its series' rule (else readers drop it)."""
    calendar = Calendar.from_ical(ics)
    events = calendar.walk("VEVENT")
    for series in [e for e in events if "RRULE" in e]:
        rule = rrulestr(series["RRULE"].to_ical().decode(), dtstart=series["DTSTART"].dt)
        named = [e["RECURRENCE-ID"].dt for e in events
                 if "RECURRENCE-ID" in e and e["UID"] == series["UID"]]
        named += [v.dt for v in series["EXDATE"].dts] if "EXDATE" in series else []
        for at in named:
            assert rule.after(at, inc=True) == at, (series["UID"], at)


# --- four years with every kind of change ---------------------------------------------------

# On 15 June 2027 the coordinator changes the rhythm to every other Tuesday, 10:00, for 90
# minutes. The meeting of 1 July 2027 (old rhythm) had been moved to 30 June and stays.
CHANGED_AT = utc(2027, 6, 15, 9)
NEW_SCHEDULE = Schedule("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", date(2027, 6, 22), time(10, 0),
                        "Europe/Amsterdam", 90)
KEPT_MOVE = Meeting(group_id=7, occurrence=utc(2027, 7, 1, 12), start=utc(2027, 6, 30, 7),
                    duration_minutes=120, revision=1, id=20)
# In the new rhythm: one meeting cancelled, one moved to the night summer time starts (the
# 02:00–03:00 hour does not exist; 03:30 does) and one to the night it ends (01:30, before).
NEW_CANCELLED = Meeting(group_id=7, occurrence=utc(2027, 9, 14, 8), start=utc(2027, 9, 14, 8),
                        duration_minutes=90, status=MeetingStatus.CANCELLED, revision=1, id=30)
SPRING_MOVE = Meeting(group_id=7, occurrence=utc(2028, 3, 21, 9), start=utc(2028, 3, 26, 1, 30),
                      duration_minutes=90, revision=2, id=31)
AUTUMN_MOVE = Meeting(group_id=7, occurrence=utc(2028, 10, 24, 8),
                      start=utc(2028, 10, 28, 23, 30), duration_minutes=90, revision=1, id=32)
FOUR_YEARS = (utc(2026, 1, 1), utc(2030, 1, 1))


def history():
    from flows.calendar_series import after_change, initial_series

    first = initial_series(SCHEDULE, utc(2025, 12, 1))
    ended, started = after_change([first], NEW_SCHEDULE, CHANGED_AT)
    return [ended, started]


def test_four_years_of_moves_cancels_a_rhythm_change_and_summer_time_in_every_reader():
    changed = replace(GROUP, schedule=NEW_SCHEDULE)
    meetings = [HELD, CANCELLED, MOVED, KEPT_MOVE, NEW_CANCELLED, SPRING_MOVE, AUTUMN_MOVE]
    ics = calendar_feed(changed, meetings, texts=TEXTS, generated_at=utc(2027, 6, 15, 9),
                        series=history())
    # The bot's own plan: the old rhythm until the change, the new one after, with changes.
    old = [(at, at + timedelta(minutes=120)) for at in SCHEDULE.between(
        FOUR_YEARS[0], CHANGED_AT) if at not in (CANCELLED.occurrence, MOVED.occurrence)]
    new = [(at, at + timedelta(minutes=90)) for at in NEW_SCHEDULE.between(
        CHANGED_AT, FOUR_YEARS[1]) if at not in (NEW_CANCELLED.occurrence,
                                                   SPRING_MOVE.occurrence,
                                                   AUTUMN_MOVE.occurrence)]
    moved = [(m.start, m.end) for m in (MOVED, KEPT_MOVE, SPRING_MOVE, AUTUMN_MOVE)]
    expected = sorted(old + new + moved)
    assert len(expected) > 80
    assert read(ics, *FOUR_YEARS) == expected
    # Summer time: 03:30 CEST is 01:30 UTC; 01:30 CEST on 29 October 2028 is 23:30 UTC.
    assert (utc(2028, 3, 26, 1, 30), utc(2028, 3, 26, 3)) in expected
    exceptions_fit_their_rule(ics)


def test_the_old_series_ends_with_until_and_the_new_one_starts_after_the_change():
    changed = replace(GROUP, schedule=NEW_SCHEDULE)
    ics = calendar_feed(changed, [CANCELLED, MOVED, KEPT_MOVE, NEW_CANCELLED], texts=TEXTS,
                        generated_at=CHANGED_AT, series=history())
    events = Calendar.from_ical(ics).walk("VEVENT")
    old, *rest = [e for e in events if "RRULE" in e]
    (new,) = rest
    assert old["UID"] == "group-7-T1@intervisie" and new["UID"] == "group-7-1-T1@intervisie"
    assert old["RRULE"]["UNTIL"] == [utc(2027, 6, 3, 12)]  # its last meeting before the change
    assert "UNTIL" not in new["RRULE"]
    assert new["DTSTART"].dt == datetime(2027, 6, 22, 10, tzinfo=AMSTERDAM)
    (single,) = [e for e in events if "RRULE" not in e and "RECURRENCE-ID" not in e]
    assert single["UID"] == "meeting-20-T1@intervisie"
    assert single["DTSTART"].dt == datetime(2027, 6, 30, 9, tzinfo=AMSTERDAM)
    exceptions_fit_their_rule(ics)


def sequences(ics: bytes) -> dict[str, int]:
    found = {}
    for event in Calendar.from_ical(ics).walk("VEVENT"):
        slot = (event["RECURRENCE-ID"].to_ical().decode() if "RECURRENCE-ID" in event
                else "series")
        found[f"{event['UID']} {slot}"] = int(event["SEQUENCE"])
    return found


def test_sequence_grows_with_every_change_and_overrides_keep_up_with_their_series():
    fresh = replace(MOVED, start=MOVED.occurrence, revision=0)
    before = sequences(feed(meetings=[HELD, fresh]))
    moved = sequences(feed(meetings=[HELD, MOVED]))
    moved_again = sequences(feed(meetings=[HELD, replace(MOVED, start=utc(2026, 5, 13, 8),
                                                         revision=2)]))
    cancelled_too = sequences(feed(meetings=[HELD, replace(MOVED, start=utc(2026, 5, 13, 8),
                                                           revision=2), CANCELLED]))
    series = "group-7-T1@intervisie series"
    override = "group-7-T1@intervisie 20260507T140000"
    assert before[series] < moved[series] < moved_again[series] < cancelled_too[series]
    assert moved[override] < moved_again[override] < cancelled_too[override]
    assert moved_again[override] >= moved_again[series]
    # A rhythm change raises the ended series' SEQUENCE too.
    running = replace(history()[0], ends_at=None, revision=0)
    old_rule = calendar_feed(GROUP, [MOVED], texts=TEXTS, generated_at=CHANGED_AT,
                             series=[running])
    ended = calendar_feed(replace(GROUP, schedule=NEW_SCHEDULE), [MOVED], texts=TEXTS,
                          generated_at=CHANGED_AT, series=history())
    assert sequences(ended)[series] > sequences(old_rule)[series]


def test_last_modified_is_the_latest_change_of_the_series():
    changed = replace(CANCELLED, changed_at=utc(2026, 2, 20, 10))
    (series,) = Calendar.from_ical(feed(meetings=[changed])).walk("VEVENT")
    assert series["LAST-MODIFIED"].dt == utc(2026, 2, 20, 10)


# --- the VTIMEZONE -------------------------------------------------------------------------

def observances(ics: bytes):
    (vtimezone,) = Calendar.from_ical(ics).walk("VTIMEZONE")
    return vtimezone.walk("DAYLIGHT"), vtimezone.walk("STANDARD")


def test_summer_time_starts_at_two_and_ends_at_three_local_as_yearly_rules():
    daylight, standard = observances(feed())
    (summer,), (winter,) = daylight, standard
    assert summer["DTSTART"].dt.time() == time(2, 0) and summer["DTSTART"].dt.month == 3
    assert winter["DTSTART"].dt.time() == time(3, 0) and winter["DTSTART"].dt.month == 10
    assert summer["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"
    assert winter["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"
    assert "RDATE" not in summer and "RDATE" not in winter
    assert summer["DTSTART"].dt.year <= 2025  # in force before the series' first meeting


def test_the_vtimezone_stays_right_long_after_the_feed_was_made():
    far = (utc(2044, 1, 1), utc(2045, 1, 1))
    assert [begin for begin, _ in read(feed(), *far)] == SCHEDULE.between(*far)


def test_the_readers_do_take_the_offsets_from_the_feed():
    # Without summer time in the VTIMEZONE, every reader puts summer meetings an hour off:
    # so the agreement above comes from our VTIMEZONE, not from a zone database.
    ics = feed()
    start = ics.index(b"BEGIN:DAYLIGHT")
    broken = ics[:start] + ics[ics.index(b"END:DAYLIGHT\r\n") + 14:]
    assert utc(2026, 6, 4, 13) in starts(broken)
    assert utc(2026, 6, 4, 12) in starts(ics)
