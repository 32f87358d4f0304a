"""Due actions as rows: planned once per key, claimed atomically, finished once.

Claiming takes a short lease, renewed while the worker lives: the row is handed to one worker
until the lease runs out, so a row held by a process that crashed is taken up again seconds
later — and never by two at once. On
PostgreSQL the claim uses `FOR UPDATE SKIP LOCKED`, so two bots on one database share the
work without waiting on each other; on SQLite the whole transaction is `BEGIN IMMEDIATE`.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import case, or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, func, select

from flows.due import CancelDue, DueAction, DueKind, PlanDue
from storage.tables import DueActionRow, HeartbeatRow

PENDING, DONE, SKIPPED, CANCELLED = "pending", "done", "skipped", "cancelled"
LEASE = timedelta(seconds=8)  # renewed every few seconds by a live worker


def _to_due(row: DueActionRow) -> DueAction:
    return DueAction(id=row.id or 0, key=row.key, kind=DueKind(row.kind), due_at=row.due_at,
                     group_id=row.group_id, meeting_id=row.meeting_id, recipient=row.recipient,
                     attempts=row.attempts)


class DueRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    @property
    def _dialect(self) -> str:
        return self.session.get_bind().dialect.name

    def plan(self, due: PlanDue, now: datetime) -> bool:
        """Create the row unless one with this key exists; True when it was created."""
        insert = (postgresql.insert if self._dialect == "postgresql" else sqlite.insert)(
            DueActionRow)
        created = self.session.execute(insert.values(
            key=due.key, kind=due.kind.value, group_id=due.group_id, meeting_id=due.meeting_id,
            recipient=due.recipient, due_at=due.due_at, status=PENDING, attempts=0,
            created_at=now).on_conflict_do_nothing().returning(DueActionRow.id)).first()
        return created is not None

    def cancel(self, cancel: CancelDue, now: datetime) -> int:
        query = update(DueActionRow).where(DueActionRow.meeting_id == cancel.meeting_id,
                                           DueActionRow.status == PENDING)
        if cancel.recipient is not None:
            query = query.where(DueActionRow.recipient == cancel.recipient)
        if cancel.kinds is not None:
            query = query.where(DueActionRow.kind.in_([kind.value for kind in cancel.kinds]))
        return self.session.execute(query.values(status=CANCELLED, finished_at=now)).rowcount

    def cancel_prefix(self, prefix: str, now: datetime) -> int:
        """Cancel the pending due actions whose key starts with `prefix` (one action's nudges)."""
        query = update(DueActionRow).where(DueActionRow.key.startswith(prefix, autoescape=True),
                                           DueActionRow.status == PENDING)
        return self.session.execute(query.values(status=CANCELLED, finished_at=now)).rowcount

    def cancel_groups(self, group_ids: list[int], now: datetime) -> int:
        """Cancel every pending due action of these groups (their workspace left)."""
        query = update(DueActionRow).where(DueActionRow.group_id.in_(group_ids),
                                           DueActionRow.status == PENDING)
        return self.session.execute(query.values(status=CANCELLED, finished_at=now)).rowcount

    def forget_cancelled(self, meeting_id: int) -> None:
        """Drop cancelled rows of a meeting so its keys can be planned again (re-planning)."""
        for row in self.session.exec(select(DueActionRow).where(
                DueActionRow.meeting_id == meeting_id, DueActionRow.status == CANCELLED)):
            self.session.delete(row)
        self.session.flush()

    def claim(self, now: datetime, worker: str, limit: int = 20) -> list[DueAction]:
        """Hand out up to `limit` rows that are due and not held by a live lease."""
        candidates = (select(DueActionRow.id).where(
            DueActionRow.status == PENDING, DueActionRow.due_at <= now,
            or_(DueActionRow.lease_until.is_(None), DueActionRow.lease_until < now))
            .order_by(DueActionRow.due_at, DueActionRow.id).limit(limit))
        if self._dialect == "postgresql":
            candidates = candidates.with_for_update(skip_locked=True)
        claimed = self.session.execute(
            update(DueActionRow).where(DueActionRow.id.in_(candidates.scalar_subquery()))
            .values(lease_until=now + LEASE, claimed_by=worker,
                    attempts=DueActionRow.attempts + 1)
            .returning(DueActionRow.id)).scalars().all()
        rows = self.session.exec(select(DueActionRow).where(DueActionRow.id.in_(claimed))
                                 .order_by(DueActionRow.due_at, DueActionRow.id)).all()
        return [_to_due(row) for row in rows]

    def held_by(self, due_id: int, worker: str) -> bool:
        row = self.session.get(DueActionRow, due_id)
        return bool(row and row.status == PENDING and row.claimed_by == worker)

    def finish(self, due_id: int, now: datetime, skipped: bool = False) -> None:
        row = self.session.get(DueActionRow, due_id)
        if row is not None and row.status == PENDING:
            row.status, row.finished_at, row.lease_until = (SKIPPED if skipped else DONE), now, None
            self.session.add(row)
            self.session.flush()

    def pending(self) -> list[DueAction]:
        rows = self.session.exec(select(DueActionRow).where(DueActionRow.status == PENDING)
                                 .order_by(DueActionRow.due_at, DueActionRow.id)).all()
        return [_to_due(row) for row in rows]

    def next_due_at(self) -> datetime | None:
        """When the next pending row can be claimed: its due time, or when its lease ends."""
        ready = case((DueActionRow.lease_until > DueActionRow.due_at, DueActionRow.lease_until),
                     else_=DueActionRow.due_at)
        found = self.session.exec(select(func.min(ready))
                                  .where(DueActionRow.status == PENDING)).first()
        if isinstance(found, str):  # SQLite gives the CASE back as text
            found = datetime.fromisoformat(found)
        return found.replace(tzinfo=UTC) if found and found.tzinfo is None else found

    def renew(self, worker: str, until: datetime, due_ids: list[int]) -> int:
        """Extend the leases this worker holds on rows it is firing (it is alive)."""
        return self.session.execute(update(DueActionRow).where(
            DueActionRow.id.in_(due_ids), DueActionRow.claimed_by == worker,
            DueActionRow.status == PENDING, DueActionRow.lease_until.is_not(None))
            .values(lease_until=until)).rowcount

    def count_pending(self) -> int:
        return self.session.exec(select(func.count()).select_from(DueActionRow)
                                 .where(DueActionRow.status == PENDING)).one()

    def beat(self, name: str, at: datetime) -> None:
        # An upsert: two bot processes may beat at the same moment.
        insert = (postgresql.insert if self._dialect == "postgresql" else sqlite.insert)(
            HeartbeatRow)
        self.session.execute(insert.values(name=name, at=at).on_conflict_do_update(
            index_elements=["name"], set_={"at": at}))

    def last_beat(self, name: str) -> datetime | None:
        row = self.session.get(HeartbeatRow, name)
        return row.at if row else None
