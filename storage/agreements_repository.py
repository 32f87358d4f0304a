"""A group's agreements, as flows' `Agreements`."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from flows.agreements import Agreements
from storage.tables import AgreementsRow


class AgreementsRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def of(self, group_id: int) -> Agreements | None:
        row = self.session.get(AgreementsRow, group_id)
        return Agreements(row.group_id, row.text, row.revision, row.updated_by) if row else None

    def save(self, agreements: Agreements, now: datetime) -> None:
        row = self.session.get(AgreementsRow, agreements.group_id) or AgreementsRow(
            group_id=agreements.group_id, text="", updated_by="", updated_at=now)
        row.text, row.revision = agreements.text, agreements.revision
        row.updated_by, row.updated_at = agreements.updated_by, now
        self.session.add(row)
        self.session.flush()
