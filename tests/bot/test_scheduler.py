"""The alarm clock wakes the runtime at the earliest pending due time (without waiting)."""

import logging
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import text

from bot.planner import materialize
from bot.runtime import Runtime
from bot.scheduler import WAKE_JOB, Alarm
from flows.group import Group
from flows.recurrence import Schedule
from storage.repositories import Store
from tests.bot.test_operator import NOW, seed
from tests.support.clock import FakeClock


def test_the_wake_job_is_armed_at_the_next_due_time(engine):
    seed(engine)
    runtime = Runtime(Store(engine), FakeClock(NOW))
    alarm = Alarm(runtime, sweep_seconds=3600, sweep_at_start=False)
    alarm.start()
    try:
        due_at = runtime.next_due_at()
        job = alarm.scheduler.get_job(WAKE_JOB)
        expected = max(due_at, datetime.now(UTC))
        assert abs(job.next_run_time - expected) < timedelta(seconds=5)
        assert job.next_run_time.tzinfo is not None
    finally:
        alarm.shutdown()


def test_nothing_pending_means_no_wake_job(engine):
    alarm = Alarm(Runtime(Store(engine), FakeClock(NOW)), sweep_seconds=3600, sweep_at_start=False)
    alarm.start()
    try:
        assert alarm.scheduler.get_job(WAKE_JOB) is None
    finally:
        alarm.shutdown()


def test_an_unreachable_database_is_one_line_and_the_sweep_recovers(engine, tmp_path, caplog):
    from storage.db import make_engine

    away = make_engine(f"sqlite:///{tmp_path / 'no' / 'such' / 'dir.db'}")
    runtime = Runtime(Store(away), FakeClock(NOW))
    alarm = Alarm(runtime, sweep_seconds=3600, sweep_at_start=False)
    caplog.set_level(logging.INFO, logger="bot.scheduler")
    for _ in range(3):
        alarm.tick()
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1 and errors[0].exc_info is None
    assert "could not be reached" in errors[0].getMessage()
    seed(engine)
    runtime.store = Store(engine)  # the database is back
    alarm.tick()
    assert any("back" in r.getMessage() for r in caplog.records)
    assert len([r for r in caplog.records if r.levelno >= logging.ERROR]) == 1


def test_many_due_actions_at_one_moment_all_fire_in_one_wake_up(engine):
    """More rows than one claim takes (20), due at the same moment: one wake-up fires them
    all, instead of leaving the rest to a later sweep."""
    with Store(engine).unit_of_work() as work:
        for number in range(45):
            group = work.groups.save(Group(
                team_id="T1", channel_id=f"C{number}", name=f"Groep {number}",
                members=("U1", "U2", "U3"), coordinators=("U1",), language="nl",
                schedule=Schedule("FREQ=MONTHLY;BYDAY=+1TH", date(2027, 1, 7), time(14, 0),
                                  "Europe/Amsterdam", 120)), NOW)
            materialize(work, group, NOW)
    first_due = Runtime(Store(engine), FakeClock(NOW)).next_due_at()
    runtime = Runtime(Store(engine), FakeClock(first_due + timedelta(seconds=30)))
    Alarm(runtime, sweep_seconds=3600, sweep_at_start=False).tick()
    with engine.connect() as connection:
        left = connection.execute(text(
            "SELECT count(*) FROM due_actions WHERE status = 'pending' AND due_at <= :at"),
            {"at": first_due}).scalar()
        done = connection.execute(text(
            "SELECT count(*) FROM due_actions WHERE status = 'done'")).scalar()
    assert left == 0 and done >= 45
