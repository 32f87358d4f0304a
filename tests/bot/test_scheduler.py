"""The alarm clock wakes the runtime at the earliest pending due time (without waiting)."""

from datetime import UTC, datetime, timedelta

from bot.runtime import Runtime
from bot.scheduler import WAKE_JOB, Alarm
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
