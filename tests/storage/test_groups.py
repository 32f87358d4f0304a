"""Groups survive a round trip through the database, on SQLite and PostgreSQL alike."""

import threading
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from flows.group import Group
from flows.recurrence import Schedule
from storage.repositories import Store

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
GROUP = Group(team_id="T1", channel_id="C1", name="Noord", members=("U1", "U2", "U3"),
              coordinators=("U1", "U9"), language="nl",
              schedule=Schedule("FREQ=MONTHLY;BYDAY=+1TH", date(2026, 12, 3), time(14, 0),
                                "Europe/Amsterdam", 120))


def test_a_saved_group_loads_back_the_same(engine):
    store = Store(engine)
    with store.unit_of_work() as work:
        saved = work.groups.save(GROUP, NOW)
    with store.unit_of_work() as work:
        loaded = work.groups.by_channel("T1", "C1")
    assert loaded == saved == replace(GROUP, id=saved.id)
    assert loaded.is_coordinator("U9") and not loaded.is_coordinator("U2")


def test_editing_replaces_members_and_keeps_the_id(engine):
    store = Store(engine)
    with store.unit_of_work() as work:
        saved = work.groups.save(GROUP, NOW)
    changed = replace(saved, members=("U4", "U2"), coordinators=("U4",), name="Zuid")
    with store.unit_of_work() as work:
        work.groups.save(changed, NOW + timedelta(days=1))
    with store.unit_of_work() as work:
        assert work.groups.by_channel("T1", "C1") == changed
        assert work.groups.count() == 1


def test_a_failed_unit_of_work_leaves_nothing_behind(engine):
    store = Store(engine)
    try:
        with store.unit_of_work() as work:
            work.groups.save(GROUP, NOW)
            raise RuntimeError("crash before commit")
    except RuntimeError:
        pass
    with store.unit_of_work() as work:
        assert work.groups.by_channel("T1", "C1") is None


def test_an_event_id_is_handled_once(engine):
    store = Store(engine)
    with store.unit_of_work() as work:
        assert work.events.first_time("Ev1", NOW) is True
    with store.unit_of_work() as work:
        assert work.events.first_time("Ev1", NOW) is False
        assert work.events.first_time("Ev2", NOW) is True
        assert work.events.forget_before(NOW + timedelta(seconds=1)) == 2


def test_times_come_back_aware_utc(engine):
    store = Store(engine)
    with store.unit_of_work() as work:
        work.events.first_time("Ev1", datetime(2026, 7, 1, 12, 0, tzinfo=UTC))
        from storage.tables import ProcessedEventRow

        row = work.session.get(ProcessedEventRow, "Ev1")
    assert row.received_at == datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    assert row.received_at.tzinfo is not None


def test_many_threads_writing_at_once_all_succeed(engine):
    """The scheduler thread and request threads share the database (SQLite: WAL, IMMEDIATE)."""
    store = Store(engine)
    failures: list[BaseException] = []

    def write(n: int) -> None:
        try:
            for i in range(10):
                with store.unit_of_work() as work:
                    work.events.first_time(f"E{n}-{i}", NOW)
                    work.groups.count()
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with store.unit_of_work() as work:
        assert work.events.forget_before(NOW + timedelta(seconds=1)) == 60


def test_migrations_match_the_models(engine):
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection),
                                       SQLModel.metadata)
    assert differences == []
