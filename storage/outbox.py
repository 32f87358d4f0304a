"""What was sent: a message key is reserved before sending and marked sent (with Slack's ts)
after, so the same cause never sends twice — also across a crash, a restart or a second bot
process. The queue of what is still to send is storage/outbox_queue.py."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import delete, or_
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from storage.tables import SentMessageRow


class Reservation(StrEnum):
    NEW = "new"  # first time: send it
    SENT = "sent"  # already sent: never again
    UNSURE = "unsure"  # reserved earlier but not marked: check Slack before sending


class Outbox:
    def __init__(self, session: Session) -> None:
        self.session = session

    def reserve(self, key: str, now: datetime) -> Reservation:
        dialect = self.session.get_bind().dialect.name
        insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(SentMessageRow)
        created = self.session.execute(insert.values(key=key, reserved_at=now)
                                       .on_conflict_do_nothing()
                                       .returning(SentMessageRow.key)).first()
        if created is not None:
            return Reservation.NEW
        row = self.session.get(SentMessageRow, key)
        return Reservation.SENT if row and row.sent_at else Reservation.UNSURE

    def mark_sent(self, key: str, now: datetime, channel: str | None, ts: str | None) -> None:
        row = self.session.get(SentMessageRow, key) or SentMessageRow(key=key, reserved_at=now)
        row.sent_at, row.channel, row.ts = now, channel, ts
        self.session.add(row)
        self.session.flush()

    def forget_prefix(self, prefix: str) -> None:
        """Forget the keys of a wiped rehearsal, so nothing of it remains (and a later meeting
        that reuses its id starts clean)."""
        self.session.execute(delete(SentMessageRow).where(SentMessageRow.key.startswith(prefix)))
        self.session.flush()

    def release(self, key: str) -> None:
        """Slack refused the message: free the key so a later attempt may send it."""
        row = self.session.get(SentMessageRow, key)
        if row is not None and row.sent_at is None:
            self.session.delete(row)
            self.session.flush()

    def where(self, key: str) -> tuple[str, str] | None:
        """(channel, ts) of the sent message with this key, or None when it never went out."""
        row = self.session.get(SentMessageRow, key)
        if row is None or not row.channel or not row.ts:
            return None
        return row.channel, row.ts

    def newer_than_drawn(self, key: str, revision: int) -> bool:
        """True when `revision` is newer than the drawing of this message Slack has now."""
        row = self.session.get(SentMessageRow, key)
        return row is not None and (row.revision is None or revision > row.revision)

    def drawn(self, key: str, revision: int) -> None:
        row = self.session.get(SentMessageRow, key)
        if row is not None:
            row.revision = revision
            self.session.add(row)
            self.session.flush()

    def sent_under(self, prefixes: list[str], exact: list[str]) -> list[str]:
        """Keys of messages still in Slack: those starting with one of `prefixes`, and
        those in `exact`."""
        if not prefixes and not exact:
            return []
        matches = or_(SentMessageRow.key.in_(exact),
                      *(SentMessageRow.key.startswith(p, autoescape=True) for p in prefixes))
        return list(self.session.exec(select(SentMessageRow.key).where(
            matches, SentMessageRow.ts.is_not(None))).all())

    def deleted(self, key: str) -> None:
        """The message is gone from Slack; the key stays, so it is never sent again."""
        row = self.session.get(SentMessageRow, key)
        if row is not None:
            row.channel, row.ts = None, None
            self.session.add(row)
            self.session.flush()
