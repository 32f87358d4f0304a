"""The outbox queue: message effects waiting for delivery, written in the transaction that
decided them, handed to one deliverer at a time with a short lease.

Rows of one conversation go out in `id` order: only the oldest pending row of a conversation
(its head) can be claimed, and not while another worker holds it or it waits for a retry. A
claim is a conditional UPDATE, so two bot processes never hold the same row (PostgreSQL
re-checks the condition after waiting for the row; SQLite runs the transaction BEGIN
IMMEDIATE). A delivered row is deleted: `sent_messages` remembers what went out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, func, select

from storage.tables import GroupRow, OutboxRow

PENDING, FAILED = "pending", "failed"


@dataclass(frozen=True)
class Queued:
    id: int
    key: str
    conversation: str
    payload: str
    attempts: int
    group_id: int | None


class OutboxQueue:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, key: str, conversation: str, payload: str, now: datetime,
            group_id: int | None = None) -> bool:
        """Queue a delivery unless one with this key is queued; True when it was added."""
        dialect = self.session.get_bind().dialect.name
        insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(OutboxRow)
        added = self.session.execute(insert.values(
            key=key, conversation=conversation, payload=payload, group_id=group_id,
            status=PENDING, attempts=0, next_attempt_at=now, created_at=now)
            .on_conflict_do_nothing().returning(OutboxRow.id)).first()
        return added is not None

    def conversation_of(self, key: str) -> str | None:
        """The conversation of a queued delivery with this key (a post not yet sent)."""
        return self.session.exec(select(OutboxRow.conversation).where(
            OutboxRow.key == key, OutboxRow.status == PENDING)).first()

    def claim(self, now: datetime, worker: str, lease: timedelta, limit: int = 20,
              skip: tuple[str, ...] = ()) -> list[Queued]:
        """Hand out the heads of up to `limit` conversations that may go now."""
        heads = (select(func.min(OutboxRow.id)).where(OutboxRow.status == PENDING)
                 .group_by(OutboxRow.conversation))
        free = (select(OutboxRow.id).where(
            OutboxRow.id.in_(heads.scalar_subquery()), OutboxRow.next_attempt_at <= now,
            or_(OutboxRow.lease_until.is_(None), OutboxRow.lease_until < now))
            .order_by(OutboxRow.id))
        if skip:
            free = free.where(OutboxRow.conversation.not_in(skip))
        candidates = list(self.session.exec(free.limit(limit)).all())
        if not candidates:
            return []
        claimed = self.session.execute(
            update(OutboxRow).where(OutboxRow.id.in_(candidates), OutboxRow.status == PENDING,
                                    or_(OutboxRow.lease_until.is_(None),
                                        OutboxRow.lease_until < now))
            .values(lease_until=now + lease, claimed_by=worker)
            .returning(OutboxRow.id)).scalars().all()
        rows = self.session.exec(select(OutboxRow).where(OutboxRow.id.in_(claimed))
                                 .order_by(OutboxRow.id)).all()
        return [Queued(row.id or 0, row.key, row.conversation, row.payload or "{}",
                       row.attempts, row.group_id) for row in rows]

    def held_by(self, row_id: int, worker: str) -> bool:
        row = self.session.get(OutboxRow, row_id)
        return bool(row and row.status == PENDING and row.claimed_by == worker)

    def superseded(self, row_id: int, conversation: str, key_prefix: str) -> bool:
        """True when a later row of the conversation, keyed under `key_prefix`, is queued (a
        newer drawing of the same message makes this one pointless)."""
        return self.session.exec(select(OutboxRow.id).where(
            OutboxRow.conversation == conversation, OutboxRow.id > row_id,
            OutboxRow.status == PENDING,
            OutboxRow.key.startswith(key_prefix, autoescape=True)).limit(1)).first() is not None

    def delivered(self, row_id: int) -> None:
        self.session.execute(delete(OutboxRow).where(OutboxRow.id == row_id))

    def later(self, row_id: int, at: datetime, error: str) -> None:
        """Try again at `at` (Slack asked to wait, or could not be reached)."""
        self.session.execute(update(OutboxRow).where(OutboxRow.id == row_id).values(
            attempts=OutboxRow.attempts + 1, next_attempt_at=at, lease_until=None,
            claimed_by=None, error=error[:200]))

    def refused(self, row_id: int, error: str) -> None:
        """Refused for good: kept (without its text) for the operator, never tried again."""
        self.session.execute(update(OutboxRow).where(OutboxRow.id == row_id).values(
            status=FAILED, payload=None, lease_until=None, claimed_by=None, error=error[:200],
            attempts=OutboxRow.attempts + 1))

    def renew(self, worker: str, until: datetime, row_ids: list[int]) -> int:
        """Extend the leases this worker holds on rows it is working on (it is alive)."""
        return self.session.execute(update(OutboxRow).where(
            OutboxRow.id.in_(row_ids), OutboxRow.claimed_by == worker,
            OutboxRow.status == PENDING, OutboxRow.lease_until.is_not(None))
            .values(lease_until=until)).rowcount

    def release(self, worker: str) -> None:
        self.session.execute(update(OutboxRow).where(
            OutboxRow.claimed_by == worker, OutboxRow.status == PENDING)
            .values(lease_until=None, claimed_by=None))

    def next_attempt_at(self) -> datetime | None:
        """The earliest moment a queued row may be tried (leases aside)."""
        return self.session.exec(select(func.min(OutboxRow.next_attempt_at))
                                 .where(OutboxRow.status == PENDING)).first()

    def count_pending(self) -> int:
        return self.session.exec(select(func.count()).select_from(OutboxRow)
                                 .where(OutboxRow.status == PENDING)).one()

    def failed(self) -> list[tuple[str, str | None]]:
        return [(row.key, row.error) for row in self.session.exec(
            select(OutboxRow).where(OutboxRow.status == FAILED).order_by(OutboxRow.id))]

    def group_of_channel(self, channel: str) -> int | None:
        return self.session.exec(select(GroupRow.id).where(GroupRow.channel_id == channel)
                                 .order_by(GroupRow.id)).first()

    def forget_failed_before(self, moment: datetime) -> int:
        return self.session.execute(delete(OutboxRow).where(
            OutboxRow.status == FAILED, OutboxRow.created_at < moment)).rowcount
