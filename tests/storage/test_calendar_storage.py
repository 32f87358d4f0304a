"""The calendar's records: series history, meeting revisions, secret addresses; and the
migration that gives existing groups their first series."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from flows.calendar_series import after_change
from flows.group import Group
from flows.meeting import Meeting, MeetingStatus
from flows.recurrence import Schedule
from storage.db import make_engine, upgrade
from storage.repositories import Store

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
SCHEDULE = Schedule("FREQ=MONTHLY;BYDAY=+1TH", date(2026, 12, 3), time(14, 0),
                    "Europe/Amsterdam", 120)
GROUP = Group(team_id="T1", channel_id="C1", name="Noord", members=("U1", "U2"),
              coordinators=("U1",), language="nl", schedule=SCHEDULE)


def test_the_series_history_round_trips(engine):
    store = Store(engine)
    with store.unit_of_work() as work:
        group = work.groups.save(GROUP, NOW)
        for series in after_change([], SCHEDULE, NOW):
            work.calendar.save_series(group.id, series)
    weekly = replace(SCHEDULE, rrule="FREQ=WEEKLY;INTERVAL=1;BYDAY=TU")
    later = NOW + timedelta(days=40)
    with store.unit_of_work() as work:
        for series in after_change(work.calendar.history(group.id), weekly, later):
            work.calendar.save_series(group.id, series)
    with store.unit_of_work() as work:
        old, new = work.calendar.history(group.id)
    assert (old.number, old.ends_at, old.revision, old.schedule) == (0, later, 1, SCHEDULE)
    assert (new.number, new.starts_at, new.ends_at, new.schedule) == (1, later, None, weekly)


def test_a_meetings_revision_counts_changes_of_time_and_cancellation(engine):
    store = Store(engine)
    with store.unit_of_work() as work:
        group = work.groups.save(GROUP, NOW)
        at = datetime(2026, 12, 3, 13, tzinfo=UTC)
        meeting = work.meetings.save(Meeting(group.id, at, at, 120))
        assert meeting.revision == 0
        meeting = work.meetings.save(replace(meeting, facilitator="U2"), NOW)
        assert meeting.revision == 0 and meeting.changed_at is None  # not in the calendar
        meeting = work.meetings.save(replace(meeting, start=at + timedelta(days=1)), NOW)
        assert (meeting.revision, meeting.changed_at) == (1, NOW)
        meeting = work.meetings.save(replace(meeting, status=MeetingStatus.CANCELLED),
                                     NOW + timedelta(hours=1))
        assert (meeting.revision, meeting.changed_at) == (2, NOW + timedelta(hours=1))


def test_addresses_are_stored_hashed_and_revocable(engine):
    store = Store(engine)
    with store.unit_of_work() as work:
        group = work.groups.save(GROUP, NOW)
        work.calendar.add_token(group.id, "U2", "nonce", "ab" * 32, NOW)
        assert work.calendar.by_hash("ab" * 32).user_id == "U2"
        assert work.calendar.revoke(group.id, "U2", NOW) == 1
        assert work.calendar.by_hash("ab" * 32) is None
        assert work.calendar.current_token(group.id, "U2") is None


def test_the_migration_gives_existing_groups_their_first_series(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade(engine, "0007")
    with engine.begin() as connection:
        connection.execute(sa.text(
            "INSERT INTO groups (id, team_id, channel_id, name, language, timezone, rrule, "
            "first_date, start_time, duration_minutes, created_at, updated_at) VALUES (1, 'T1', "
            "'C1', 'Noord', 'nl', 'Europe/Amsterdam', 'FREQ=MONTHLY;BYDAY=+1TH', '2026-12-03', "
            "'14:00:00.000000', 120, '2026-11-01 09:00:00.000000', "
            "'2026-11-02 09:00:00.000000')"))
        for number, (status, start) in enumerate([("cancelled", "2026-12-03 13:00:00.000000"),
                                                  ("planned", "2027-01-05 13:00:00.000000"),
                                                  ("planned", "2027-02-04 13:00:00.000000")]):
            occurrence = ["2026-12-03", "2027-01-07", "2027-02-04"][number] + " 13:00:00.000000"
            connection.execute(sa.text(
                "INSERT INTO meetings (group_id, occurrence, start, duration_minutes, status, "
                "roles_confirmed) VALUES (1, :occurrence, :start, 120, :status, 0)"),
                {"occurrence": occurrence, "start": start, "status": status})
    upgrade(engine)
    with Store(engine).unit_of_work() as work:
        (series,) = work.calendar.history(1)
        assert series.schedule == SCHEDULE
        assert series.starts_at == datetime(2026, 12, 3, 13, tzinfo=UTC)
        assert series.updated_at == datetime(2026, 11, 2, 9, tzinfo=UTC)
        assert [m.revision for m in work.meetings.of_group(1)] == [1, 1, 0]
    engine.dispose()
