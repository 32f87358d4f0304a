"""The deliverer: sends the outbox's rows, in order per conversation, until each is delivered
or refused for good.

A row that failed for a reason worth trying again (429 with its Retry-After, 5xx, Slack or the
network unreachable) waits and holds up its conversation, so a thread's messages never overtake
each other. A refusal for good is logged with Slack's error; when it was a message in a group's
channel, the group's coordinators are told once (a day at most, whatever failed).

Started (`start`) it runs on its own thread, paced per channel and method, and a heartbeat
renews the leases this process holds on outbox rows and due actions, so a killed process holds
up its work for seconds only. Not started (tests, one-off commands), `kick` delivers what may
go now on the caller's thread.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from http.client import HTTPException

from slack_sdk.errors import SlackApiError

from bot.clock import Clock
from bot.effects import RETRYABLE
from bot.outbox_writer import queue
from bot.pacing import Pacer
from bot.sender import Sender
from flows.effects import DirectMessage, Message
from flows.texts import t
from storage.due_repository import LEASE  # one lease for due actions and outbox rows
from storage.outbox_queue import Queued
from storage.repositories import Store

log = logging.getLogger(__name__)
RENEW_EVERY = 2.5  # seconds; well within the lease
POLL_SECONDS = 1.0  # rows written by another process, leases run out
MAX_BACKOFF = 60.0
BUG_ATTEMPTS = 8  # an unexpected error is tried this often, then given up


class Retry(Exception):
    def __init__(self, reason: str, after: float) -> None:
        super().__init__(reason)
        self.reason, self.after = reason, after


class Refused(Exception):
    pass


def _retry_after(error: SlackApiError) -> float:
    headers = getattr(error.response, "headers", None) or {}
    for name, value in headers.items():
        if name.lower() == "retry-after":
            value = value[0] if isinstance(value, list) else value
            try:
                return max(float(value), 0.5)
            except (TypeError, ValueError):
                break
    return 1.0


def _slack_method(error: Exception) -> str | None:
    """The Web API method a SlackApiError came from (its URL ends with it)."""
    url = getattr(getattr(error, "response", None), "api_url", None) or ""
    return url.rstrip("/").rsplit("/", 1)[-1] or None


def classify(error: Exception, attempts: int) -> Exception:
    """A Retry (with how long to wait) or a Refused, for what sending raised."""
    backoff = min(MAX_BACKOFF, 2.0 ** attempts)
    if isinstance(error, SlackApiError):
        status = getattr(error.response, "status_code", 200)
        reason = str(error.response.get("error") or f"http_{status}") if isinstance(
            error.response.data, dict) else f"http_{status}"
        if status == 429 or reason == "ratelimited":
            return Retry("ratelimited", _retry_after(error))
        if status >= 500 or reason in RETRYABLE:
            return Retry(reason, backoff)
        return Refused(reason)
    if isinstance(error, (OSError, HTTPException, TimeoutError)):
        return Retry(f"unreachable: {type(error).__name__}", backoff)
    if isinstance(error, LookupError):
        return Refused(str(error))
    if attempts + 1 >= BUG_ATTEMPTS:
        return Refused(f"{type(error).__name__}: {error}")
    return Retry(f"{type(error).__name__}", backoff)


TOLD = frozenset({"post", "update", "group_only", "pin"})  # refused for good: coordinators hear


class Deliverer:
    def __init__(self, store: Store, sender: Sender, clock: Clock, worker: str,
                 pacer: Pacer | None = None) -> None:
        self.store = store
        self.sender = sender
        self.clock = clock
        self.worker = worker
        self.pacer = pacer or Pacer()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._unreachable = False  # the database: said once, not every poll
        # Not started: one caller drains at a time; the others leave it a note and go on.
        self._draining = threading.Lock()
        self._again = False
        # Rows this process is working on: only these leases are renewed, so a row left
        # behind by an error runs out of its lease and is tried again.
        self._held: set[int] = set()
        self._held_lock = threading.Lock()
        # Set by the composition root: renews the due actions the runtime is firing.
        self.renew_due: Callable[[datetime], None] | None = None
        # Set by the composition root: told the Slack method of each send tried again.
        self.on_retry: Callable[[str], None] | None = None

    # -- running ------------------------------------------------------------------------

    def start(self) -> None:
        for target, name in ((self._loop, "deliverer"), (self._heartbeat, "leases")):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()
        for thread in self._threads:
            thread.join(timeout=5)
        try:  # what this process still held goes to another at once, not after its lease
            with self.store.unit_of_work() as work:
                work.queue.release(self.worker)
        except Exception as error:
            self._said_unreachable(error)

    @property
    def running(self) -> bool:
        return bool(self._threads) and not self._stopping.is_set()

    def kick(self, wait: bool = False) -> None:
        """New rows were committed: deliver them — on the deliverer's thread, or (not started)
        here. Here, a caller that need not `wait` leaves rows to one already delivering."""
        if self.running:
            self._wake.set()
            return
        while True:
            if not self._draining.acquire(blocking=wait):
                self._again = True
                return
            try:
                self._again = False
                self.drain()
            finally:
                self._draining.release()
            if not self._again:
                return

    def drain(self) -> int:
        """Deliver every row that may go now, without pacing or waiting; how many went."""
        done = 0
        while rows := self._claim(()):
            try:
                for row in rows:
                    done += self._deliver(row)
            finally:
                self._let_go(rows)
        return done

    def _loop(self) -> None:
        while not self._stopping.is_set():
            try:
                rows = self._claim(self.pacer.blocked())
                try:
                    for row in rows:
                        if self._stopping.is_set():
                            break
                        self._paced(row)
                        self._deliver(row)
                finally:
                    self._let_go(rows)
                self._said_reachable()
                if rows:
                    continue
                self._wake.wait(self._idle_seconds())
                self._wake.clear()
            except Exception as error:  # the database is away: one line, then try again
                self._said_unreachable(error)
                self._stopping.wait(POLL_SECONDS)

    def _idle_seconds(self) -> float:
        with self.store.unit_of_work() as work:
            next_at = work.queue.next_attempt_at()
        wait = POLL_SECONDS
        if next_at is not None:
            wait = min(wait, max(0.0, (next_at - self.clock.now()).total_seconds()))
        if self.pacer.blocked():
            wait = min(wait, 0.1)
        return max(wait, 0.02)

    def _paced(self, row: Queued) -> None:
        op = json.loads(row.payload).get("op", "")
        wait = self.pacer.wait(row.conversation, op)
        if wait > 0:
            self._stopping.wait(wait)  # only the method's tier: the channel was checked
        self.pacer.take(row.conversation, op)

    def _heartbeat(self) -> None:
        while not self._stopping.wait(RENEW_EVERY):
            try:
                self.renew()
            except Exception as error:
                self._said_unreachable(error)

    def renew(self) -> None:
        until = self.clock.now() + LEASE
        with self._held_lock:
            held = list(self._held)
        if held:
            with self.store.unit_of_work() as work:
                work.queue.renew(self.worker, until, held)
        if self.renew_due is not None:
            self.renew_due(until)

    def _said_unreachable(self, error: Exception) -> None:
        if not self._unreachable:
            log.error("outbox: the database could not be reached (%s); trying again",
                      type(error).__name__)
            self._unreachable = True

    def _said_reachable(self) -> None:
        if self._unreachable:
            log.warning("outbox: the database is back")
            self._unreachable = False

    # -- one row ------------------------------------------------------------------------

    def _claim(self, skip: tuple[str, ...]) -> list[Queued]:
        with self.store.unit_of_work() as work:
            rows = work.queue.claim(self.clock.now(), self.worker, LEASE, skip=skip)
        with self._held_lock:
            self._held.update(row.id for row in rows)
        return rows

    def _let_go(self, rows: list[Queued]) -> None:
        with self._held_lock:
            self._held.difference_update(row.id for row in rows)

    def _deliver(self, row: Queued) -> int:
        payload = json.loads(row.payload)
        with self.store.unit_of_work() as work:
            if not work.queue.held_by(row.id, self.worker):
                return 0  # our lease ran out and another worker took it
            if self._superseded(work, row, payload):
                work.queue.delivered(row.id)
                return 0
        try:
            self.sender.perform(payload)
        except Exception as error:
            outcome = classify(error, row.attempts)
            if isinstance(outcome, Retry):
                self._later(row, payload, outcome)
                if self.on_retry is not None:
                    self.on_retry(_slack_method(error) or payload["op"])
            else:
                self._refused(row, payload, str(outcome))
            return 0
        with self.store.unit_of_work() as work:
            work.queue.delivered(row.id)
        return 1

    @staticmethod
    def _superseded(work, row: Queued, payload: dict) -> bool:
        if payload["op"] == "update":
            return work.queue.superseded(row.id, row.conversation, f"update:{payload['key']}:")
        if payload["op"] == "home":  # only the newest Home tab matters
            return work.queue.superseded(row.id, row.conversation, "home:")
        return False

    def _later(self, row: Queued, payload: dict, retry: Retry) -> None:
        at = self.clock.now() + timedelta(seconds=retry.after)
        (log.info if retry.reason == "ratelimited" else log.warning)(
            "outbox %s (%s): %s; trying again in %.1f s", row.key, payload["op"], retry.reason,
            retry.after)
        with self.store.unit_of_work() as work:
            work.queue.later(row.id, at, retry.reason)

    def _refused(self, row: Queued, payload: dict, reason: str) -> None:
        log.error("outbox %s (%s) refused for good: %s", row.key, payload["op"], reason)
        now = self.clock.now()
        with self.store.unit_of_work() as work:
            work.queue.refused(row.id, reason)
            group = work.groups.by_id(row.group_id) if row.group_id else None
            # The group's messages; the logbook canvas tells of its own refusals, and a
            # drawing that failed otherwise is made again by the hourly housekeeping.
            if group is not None and payload["op"] in TOLD:
                self._tell_coordinators(work, group, payload, reason, now)

    @staticmethod
    def _tell_coordinators(work, group, payload: dict, reason: str, now: datetime) -> None:
        text = t("outbox.undelivered", group=group.name, error=reason[:80])
        queue(work, tuple(DirectMessage(user, Message("text", group.language, {"text": text}),
                                        key=f"undelivered:{group.id}:{now.date().isoformat()}:{user}")
                          for user in group.coordinators), now)
