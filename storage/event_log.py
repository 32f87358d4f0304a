"""Slack event ids already handled, so a retried delivery is recognised and changes nothing."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from storage.tables import ProcessedEventRow


class EventLog:
    """Remembers Slack event ids, so a retried delivery is recognised."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def first_time(self, event_id: str, now: datetime) -> bool:
        """Record `event_id`; False when it was recorded before."""
        dialect = self.session.get_bind().dialect.name
        insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(
            ProcessedEventRow)
        inserted = self.session.execute(
            insert.values(event_id=event_id, received_at=now).on_conflict_do_nothing()
            .returning(ProcessedEventRow.event_id)).first()
        return inserted is not None

    def forget_before(self, moment: datetime) -> int:
        result = self.session.execute(delete(ProcessedEventRow)
                                   .where(ProcessedEventRow.received_at < moment))
        return result.rowcount
