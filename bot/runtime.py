"""The runtime: for each event, load what flows needs, step, save in one transaction, and
hand back the effects; for each tick, fire the due actions that came due — once.

Listeners call `handle` after parsing a payload; the scheduler calls `tick`. Nothing else in
bot/ changes the database.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

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
from bot.effects import EffectRunner
from flows.due import LIVE_TIMERS, DueAction, DueKind
from flows.effects import Delete, Effect
from storage.repositories import Store

log = logging.getLogger(__name__)
HOUSEKEEPING_EVERY = timedelta(hours=1)
SWEEP_HEARTBEAT = "sweep"


class Runtime:
    def __init__(self, store: Store, clock: Clock, effects: EffectRunner | None = None,
                 worker: str | None = None, speed: float = 1,
                 calendar_links: CalendarLinks | None = None) -> None:
        self.store = store
        self.clock = clock
        self.effects = effects
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
        # Set by the alarm clock: called after an event that may have planned new due actions.
        self.on_planned: Callable[[], None] | None = None
        # For the health check: when this process last swept its due actions.
        self.last_sweep_at: datetime | None = None
        # For the metrics: called with each due action as it fires, and the moment.
        self.on_fire: Callable[[DueAction, datetime], None] | None = None

    def handle(self, event: object) -> tuple[Effect, ...]:
        handler = self.handlers.get(type(event))
        if handler is None:
            raise TypeError(f"no handler for {type(event).__name__}")
        with self.store.unit_of_work() as work:
            # Ids in a payload only ever reach groups of the workspace the event came from.
            effects = handler(work.for_team(getattr(event, "team_id", None)), event,
                              self.clock.now())
        if self.on_planned is not None:
            self.on_planned()
        return effects

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
        for due in claimed:
            self._fire(due)
        return len(claimed)

    def housekeeping(self, now: datetime) -> None:
        with self.store.unit_of_work() as work:
            per_team = planner.housekeeping(work, now)
            work.events.forget_before(now - timedelta(days=1))
        self._last_housekeeping = now
        for team_id, (expired, effects) in per_team.items():
            if self.effects and (expired or effects):
                self.effects.run(effects + tuple(Delete(key) for key in expired),
                                 team_id=team_id)

    def _fire(self, due: DueAction) -> None:
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
        complete = self.effects.run(effects, team_id=team_id) if self.effects else True
        if not complete:
            # Leave the row pending: its lease runs out and a later sweep tries again; the
            # outbox makes sure what did go out is not sent twice.
            log.warning("%s not fully delivered; will try again", due.key, extra=_ids(due))
            return
        with self.store.unit_of_work() as work:
            work.due.finish(due.id, self.clock.now())


def _ids(due: DueAction) -> dict:
    """The ids LOG_FORMAT=json carries as fields (never names or texts)."""
    return {"group_id": due.group_id, "meeting_id": due.meeting_id, "due_key": due.key}
