"""The running meeting's state (`live_meetings`), as flows' `LiveMeeting` plus its cards.

The agenda is rebuilt from the method and the stored minutes, cases and speed. On PostgreSQL
`lock` takes the row `FOR UPDATE`, so two presses of "next" at the same moment are handled one
after the other and the second sees the first's new version (SQLite's `BEGIN IMMEDIATE`
already serialises writers).
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlmodel import Session, func, select

from flows import library
from flows.live import LiveMeeting, LiveStatus, plan_agenda
from flows.live_context import Cards
from flows.written import WrittenPlan, written_agenda
from storage.tables import LiveMeetingRow


class LiveRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, meeting_id: int, lock: bool = False
            ) -> tuple[LiveMeeting, Cards, int] | None:
        """(state, cards, revision) of the meeting, or None when it was never opened."""
        query = select(LiveMeetingRow).where(LiveMeetingRow.meeting_id == meeting_id)
        if lock and self.session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update()
        row = self.session.exec(query).first()
        if row is None:
            return None
        method = library.method(row.method_id)
        agenda = plan_agenda(method, library.frame(), row.duration_minutes, row.case_count,
                             row.speed)
        written = WrittenPlan.from_json(json.loads(row.written)) if row.written else None
        if written is not None:
            agenda = written_agenda(agenda, written)
        live = LiveMeeting(
            meeting_id=row.meeting_id, method_id=method.id, agenda=agenda, speed=row.speed,
            auto_advance=row.auto_advance, private_signals=row.private_signals,
            index=min(row.phase_index, len(agenda) - 1),
            status=LiveStatus(row.status), phase_started_at=row.phase_started_at,
            phase_ends_at=row.phase_ends_at, paused_remaining=row.paused_remaining,
            extra_seconds=row.extra_seconds, skipped=frozenset(json.loads(row.skipped)),
            version=row.version, entry_version=row.entry_version, written=written)
        cards = Cards(orders={deck: tuple(ids) for deck, ids in json.loads(row.card_orders)
                              .items()},
                      drawn=tuple((deck, card) for deck, card in json.loads(row.cards_drawn)))
        return live, cards, row.revision

    def save(self, group_id: int, live: LiveMeeting, cards: Cards, revision: int,
             now: datetime) -> None:
        row = self.session.get(LiveMeetingRow, live.meeting_id)
        if row is None:
            row = LiveMeetingRow(meeting_id=live.meeting_id, group_id=group_id, created_at=now,
                                 method_id="", duration_minutes=0, case_count=1, speed=1,
                                 status="", updated_at=now)
        row.method_id, row.speed, row.auto_advance = live.method_id, live.speed, live.auto_advance
        row.private_signals = live.private_signals
        row.written = json.dumps(live.written.to_json()) if live.written else None
        # What plan_agenda needs to rebuild exactly this agenda.
        row.duration_minutes = sum(phase.minutes for phase in live.agenda)
        row.case_count = len({p.case_number for p in live.agenda} - {None}) or 1
        row.phase_index, row.status = live.index, live.status.value
        row.phase_started_at, row.phase_ends_at = live.phase_started_at, live.phase_ends_at
        row.paused_remaining, row.extra_seconds = live.paused_remaining, live.extra_seconds
        row.skipped = json.dumps(sorted(live.skipped))
        row.version, row.entry_version = live.version, live.entry_version
        row.card_orders = json.dumps({deck: list(ids) for deck, ids in cards.orders.items()})
        row.cards_drawn = json.dumps([list(pair) for pair in cards.drawn])
        row.revision, row.updated_at = revision, now
        self.session.add(row)
        self.session.flush()

    def count_running(self) -> int:
        """Meetings going on now (running or paused), for the operator's metrics."""
        return self.session.exec(select(func.count()).select_from(LiveMeetingRow).where(
            LiveMeetingRow.status.in_((LiveStatus.RUNNING.value, LiveStatus.PAUSED.value)))).one()

    def opened(self, meeting_id: int) -> bool:
        """Whether the meeting was opened in Slack (so it has a thread), without rebuilding it."""
        return self.session.get(LiveMeetingRow, meeting_id) is not None
