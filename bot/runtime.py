"""The runtime: for each event, load what flows needs, step, and save — with the messages it
causes as outbox rows — in one transaction; for each tick, fire the due actions that came
due, once, each finished in the transaction that queues its messages.

Listeners call `handle` after parsing a payload and carry out only what it hands back (the
answers to the person who acted); the scheduler calls `tick`. After each commit the deliverer
is kicked. Nothing else in bot/ changes the database.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.exc import DBAPIError

from bot import (
    agreements_use_cases,
    calendar_use_cases,
    evaluation_use_cases,
    followup_use_cases,
    install_use_cases,
    live_use_cases,
    planner,
    records_use_cases,
    reflection_use_cases,
    rehearsal_use_cases,
    use_cases,
)
from bot.calendar_links import CalendarLinks
from bot.clock import Clock
from bot.effects import Actor
from bot.outbox_writer import queue
from flows.due import LIVE_TIMERS, DueAction, DueKind
from flows.effects import Delete, Effect
from storage.repositories import Store

log = logging.getLogger(__name__)
HOUSEKEEPING_EVERY = timedelta(hours=1)
SWEEP_HEARTBEAT = "sweep"


class Runtime:
    def __init__(self, store: Store, clock: Clock, worker: str | None = None,
                 speed: float = 1, calendar_links: CalendarLinks | None = None) -> None:
        self.store = store
        self.clock = clock
        # Set by the composition root: called after a commit that queued messages (with
        # True from the sweep: wait for what is due to be handed over).
        self.deliver: Callable[..., None] | None = None
        self.speed = speed  # INTERVISIE_SPEED: divides every phase of a meeting opened here
        self.handlers = {**use_cases.HANDLERS, **live_use_cases.handlers(speed),
                         **followup_use_cases.HANDLERS, **evaluation_use_cases.HANDLERS,
                         **calendar_use_cases.handlers(calendar_links),
                         **records_use_cases.HANDLERS, **reflection_use_cases.HANDLERS,
                         **agreements_use_cases.HANDLERS, **rehearsal_use_cases.HANDLERS,
                         **install_use_cases.HANDLERS}
        # Names this process in due-action leases, so another bot can tell rows apart.
        self.worker = worker or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self._last_housekeeping: datetime | None = None
        # Due actions claimed and not yet fired: their leases are renewed while this lives;
        # one whose firing failed is let go, so its lease runs out and it is tried again.
        self._firing: set[int] = set()
        self._firing_lock = threading.Lock()
        # Set by the alarm clock: called after an event that may have planned new due actions.
        self.on_planned: Callable[[], None] | None = None
        # For the health check: when this process last swept its due actions.
        self.last_sweep_at: datetime | None = None
        # For the metrics: called with each due action as it fires, and the moment.
        self.on_fire: Callable[[DueAction, datetime], None] | None = None

    def handle(self, event: object, actor: Actor | None = None) -> tuple[Effect, ...]:
        """Step and save; the messages go to the outbox with the state. Returns what is left
        to do at once for the person who acted (answers, refusals, forms, field errors)."""
        handler = self.handlers.get(type(event))
        if handler is None:
            raise TypeError(f"no handler for {type(event).__name__}")
        with self.store.unit_of_work() as work:
            now = self.clock.now()
            team_id = getattr(event, "team_id", None) or (actor.team_id if actor else None)
            # Ids in a payload only ever reach groups of the workspace the event came from.
            direct = queue(work, handler(work.for_team(team_id), event, now), now, actor,
                           team_id)
        self._delivered()
        if self.on_planned is not None:
            self.on_planned()
        return direct

    def enqueue(self, effects: tuple[Effect, ...], actor: Actor | None = None,
                team_id: str | None = None) -> None:
        """Queue message effects that follow from no state change (a greeting on joining)."""
        with self.store.unit_of_work() as work:
            queue(work, effects, self.clock.now(), actor,
                  team_id or (actor.team_id if actor else None))
        self._delivered()

    def _delivered(self, wait: bool = False) -> None:
        if self.deliver is not None:
            self.deliver(wait)

    def first_delivery(self, event_id: str) -> bool:
        """True the first time Slack delivers this event id, False for its retries."""
        with self.store.unit_of_work() as work:
            return work.events.first_time(event_id, self.clock.now())

    def people_of(self, team_id: str, channel_id: str) -> list[str]:
        """Everyone who is or was in the channel's group (to look up their names)."""
        with self.store.unit_of_work() as work:
            group = work.groups.by_channel(team_id, channel_id)
            if group is None or group.id is None:
                return []
            people = dict.fromkeys(group.members + group.coordinators)
            for meeting in work.meetings.of_group(group.id):
                people.update(dict.fromkeys(sorted(meeting.coming)))
            return list(people)

    def next_due_at(self) -> datetime | None:
        with self.store.unit_of_work() as work:
            return work.due.next_due_at()

    # -- timed work ---------------------------------------------------------------------

    def tick(self) -> int:
        """Fire everything due now; returns how many due actions were handed to this worker."""
        now = self.clock.now()
        if self._last_housekeeping is None or now - self._last_housekeeping >= HOUSEKEEPING_EVERY:
            self.housekeeping(now)
        with self.store.unit_of_work() as work:
            claimed = work.due.claim(now, self.worker)
            work.due.beat(SWEEP_HEARTBEAT, now)
        self.last_sweep_at = now
        with self._firing_lock:
            self._firing.update(due.id for due in claimed)
        try:
            for due in claimed:
                try:
                    self._fire(due)
                except DBAPIError:
                    raise  # the database is away: the alarm clock says so, once
                except Exception:  # one failing step must not hold up the others
                    log.exception("firing %s failed; tried again when its lease runs out",
                                  due.key)
                with self._firing_lock:
                    self._firing.discard(due.id)
        finally:
            with self._firing_lock:
                self._firing.difference_update(due.id for due in claimed)
        self._delivered(wait=True)  # also what an earlier process left undelivered
        return len(claimed)

    def renew(self, until: datetime) -> None:
        """Extend the leases of the due actions this process is firing."""
        with self._firing_lock:
            firing = list(self._firing)
        if firing:
            with self.store.unit_of_work() as work:
                work.due.renew(self.worker, until, firing)

    def housekeeping(self, now: datetime) -> None:
        with self.store.unit_of_work() as work:
            per_team = planner.housekeeping(work, now)
            work.events.forget_before(now - timedelta(days=1))
            work.queue.forget_failed_before(now - timedelta(days=30))
            for team_id, (expired, effects) in per_team.items():
                _nothing_left(queue(work, effects + tuple(Delete(key) for key in expired),
                                    now, team_id=team_id))
        self._last_housekeeping = now
        if any(expired or effects for expired, effects in per_team.values()):
            self._delivered(wait=True)

    def _fire(self, due: DueAction) -> None:
        """Fire one due action: its state change, its messages (queued) and its being done
        are one transaction, so it happens once and nothing it decided is lost."""
        now = self.clock.now()
        with self.store.unit_of_work() as work:
            if not work.due.held_by(due.id, self.worker):
                return
            group = work.groups.by_id(due.group_id)
            team_id = group.team_id if group else None  # sent with this workspace's token
            if self.on_fire is not None:
                self.on_fire(due, now)
            if due.too_late(now):
                log.warning("skipped %s (%s): due %s, too late to help", due.key, due.kind,
                            due.due_at.isoformat(), extra=_ids(due))
                work.due.finish(due.id, now, skipped=True)
                return
            if due.kind is DueKind.OPENING or due.kind in LIVE_TIMERS:
                effects = live_use_cases.fire(self.speed, work, due, now)
            elif due.kind is DueKind.ACTION_NUDGE:
                effects = followup_use_cases.fire(work, due, now)
            elif due.kind is DueKind.EVALUATION_SUMMARY:
                effects = evaluation_use_cases.fire(work, due, now)
            else:
                effects = use_cases.fire_timeline(work, due, now)
            _nothing_left(queue(work, effects, now, team_id=team_id))
            work.due.finish(due.id, now)


def _nothing_left(effects: tuple[Effect, ...]) -> None:
    """Timed work has no one to answer: everything it decides is queued. Anything else is a
    mistake in a use case, said in the log rather than dropped in silence."""
    for effect in effects:
        log.error("timed work cannot carry out %s; dropped", type(effect).__name__)


def _ids(due: DueAction) -> dict:
    """The ids LOG_FORMAT=json carries as fields (never names or texts)."""
    return {"group_id": due.group_id, "meeting_id": due.meeting_id, "due_key": due.key}
