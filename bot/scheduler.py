"""APScheduler as the alarm clock: it only wakes the runtime; the rows say what is due.

One `date` job wakes the runtime at the earliest pending due time, a short interval job
sweeps (catching rows another process planned, or any wake-up APScheduler dropped — its
default misfire grace is one second), and housekeeping runs within the ticks. Because the
rows are claimed atomically, a wake-up too many costs nothing and one too few is caught by
the next sweep.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy.exc import DBAPIError

from bot.runtime import Runtime

log = logging.getLogger(__name__)
# Catches rows another process planned (and leases a killed one left) within seconds.
SWEEP_SECONDS = 5
WAKE_JOB = "wake"
# One tick claims a batch; a tick goes on claiming until nothing is due (at most this many
# batches, so a stop is never kept waiting long).
MAX_BATCHES = 500


class Alarm:
    def __init__(self, runtime: Runtime, sweep_seconds: int = SWEEP_SECONDS,
                 sweep_at_start: bool = True) -> None:
        self.runtime = runtime
        self._stopping = False
        self._unreachable = False  # the database: said once, then again when it is back
        self.scheduler = BackgroundScheduler(timezone=UTC, job_defaults={
            "coalesce": True, "max_instances": 1, "misfire_grace_time": None})
        self.scheduler.add_job(self.tick, "interval", seconds=sweep_seconds, id="sweep",
                               **({"next_run_time": datetime.now(UTC)} if sweep_at_start else {}))

    def start(self) -> None:
        self.scheduler.start()
        self.arm()

    def shutdown(self) -> None:
        # Not wait=True: APScheduler 3 holds its job-store lock while waiting for running jobs,
        # and a running tick re-arms (needs that lock) — a deadlock. Stopping mid-tick is safe:
        # the rows and their leases make the next start pick up where this one stopped.
        self._stopping = True
        self.scheduler.shutdown(wait=False)

    def tick(self) -> None:
        try:
            # A backlog (a thousand openings at one moment) goes out in one chain of batches:
            # the wake-up job re-arming itself while it runs would be skipped by APScheduler
            # (one instance at a time), leaving the rest to the next sweep.
            for _ in range(MAX_BATCHES):
                if self._stopping or not self.runtime.tick():
                    break
        except DBAPIError as error:  # the database is away: one line, the next sweep retries
            self._away(error)
            return
        except Exception:  # a failed sweep must not stop the alarm clock; the next one retries
            log.exception("sweep failed")
        if self._unreachable:
            log.warning("the database is back; sweeping again")
            self._unreachable = False
        self.arm()

    def _away(self, error: DBAPIError) -> None:
        if not self._unreachable:
            log.error("sweep: the database could not be reached (%s); trying again every "
                      "sweep", type(error.orig).__name__ if error.orig else type(error).__name__)
            self._unreachable = True

    def arm(self) -> None:
        """(Re)set the wake-up job to the earliest pending due time."""
        try:
            due_at = self.runtime.next_due_at()
        except DBAPIError as error:
            self._away(error)
            return
        if due_at is None or self._stopping:
            return
        self.scheduler.add_job(self.tick, "date", run_date=max(due_at, datetime.now(UTC)),
                               id=WAKE_JOB, replace_existing=True)
