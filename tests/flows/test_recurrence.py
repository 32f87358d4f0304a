"""Meeting rhythms: the right dates, at the right local time, across daylight-saving changes."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flows.recurrence import LAST, Rhythm, RhythmKind, Schedule

AMS = "Europe/Amsterdam"


def schedule(rule: str, first: date, zone: str = AMS, at: time = time(14, 0)) -> Schedule:
    return Schedule(rule, first, at, zone, 90)


def test_every_first_thursday_of_the_month():
    rule = Rhythm(RhythmKind.MONTHLY_NTH_WEEKDAY, nth=1).rrule(weekday=3)
    assert rule == "FREQ=MONTHLY;BYDAY=+1TH"
    starts = schedule(rule, date(2026, 12, 3)).occurrences(datetime(2026, 11, 1, tzinfo=UTC), 4)
    assert [s.date() for s in starts] == [date(2026, 12, 3), date(2027, 1, 7), date(2027, 2, 4),
                                          date(2027, 3, 4)]


def test_last_friday_of_the_month():
    rule = Rhythm(RhythmKind.MONTHLY_NTH_WEEKDAY, nth=LAST).rrule(weekday=4)
    starts = schedule(rule, date(2026, 12, 25)).occurrences(datetime(2026, 12, 1, tzinfo=UTC), 3)
    assert [s.date() for s in starts] == [date(2026, 12, 25), date(2027, 1, 29), date(2027, 2, 26)]


def test_every_six_weeks_keeps_local_time_across_both_dst_changes():
    rule = Rhythm(RhythmKind.EVERY_N_WEEKS, interval=6).rrule(weekday=1)
    starts = schedule(rule, date(2027, 2, 16)).occurrences(datetime(2027, 1, 1, tzinfo=UTC), 8)
    local = [s.astimezone(ZoneInfo(AMS)) for s in starts]
    assert {(moment.hour, moment.minute) for moment in local} == {(14, 0)}
    # Winter (UTC+1) before the last Sunday of March, summer (UTC+2) after, winter again in
    # November: the UTC hour moves, the local one does not.
    assert starts[0].hour == 13  # 16 Feb 2027
    assert starts[1].hour == 12  # 30 Mar 2027, two days after the change to summer time
    assert starts[6] == datetime(2027, 10, 26, 12, 0, tzinfo=UTC)  # still summer time
    assert starts[7] == datetime(2027, 12, 7, 13, 0, tzinfo=UTC)  # after 31 Oct: winter again


def test_weekly_in_a_zone_without_dst():
    rule = Rhythm(RhythmKind.WEEKLY).rrule(weekday=0)
    starts = schedule(rule, date(2027, 3, 22), zone="Asia/Tokyo", at=time(9, 30)).occurrences(
        datetime(2027, 3, 1, tzinfo=UTC), 3)
    assert [s.hour for s in starts] == [0, 0, 0]  # 09:30 JST is 00:30 UTC, all year
    assert [s.day for s in starts] == [22, 29, 5]


def test_occurrences_are_strictly_after_the_given_moment():
    rule = Rhythm(RhythmKind.WEEKLY).rrule(weekday=3)
    plan = schedule(rule, date(2026, 12, 3))
    first = plan.occurrences(datetime(2026, 11, 1, tzinfo=UTC), 1)[0]
    assert plan.occurrences(first, 1)[0].date() == date(2026, 12, 10)


def test_rhythm_round_trips_through_its_rrule():
    for rhythm in (Rhythm(RhythmKind.WEEKLY), Rhythm(RhythmKind.EVERY_N_WEEKS, interval=6),
                   Rhythm(RhythmKind.MONTHLY_NTH_WEEKDAY, nth=LAST),
                   Rhythm(RhythmKind.MONTHLY_NTH_WEEKDAY, nth=2)):
        assert Rhythm.from_rrule(rhythm.rrule(weekday=2)) == rhythm
