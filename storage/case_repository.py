"""Cases, as flows' `Case`. The texts are stored as JSON in one column per version."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime

from sqlmodel import Session, select

from flows.cases import Case, CaseText
from storage.tables import CaseRow


def _text(raw: str | None) -> CaseText | None:
    return CaseText(**json.loads(raw)) if raw else None


def _raw(text: CaseText | None) -> str | None:
    return json.dumps(asdict(text), ensure_ascii=False) if text else None


class CaseRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    @staticmethod
    def _to_case(row: CaseRow) -> Case:
        return Case(id=row.id, meeting_id=row.meeting_id, group_id=row.group_id,
                    case_bringer=row.case_bringer, submitted=_text(row.submitted),
                    draft=_text(row.draft), submitted_at=row.submitted_at,
                    shared_at=row.shared_at)

    def of_meeting(self, meeting_id: int) -> list[Case]:
        rows = self.session.exec(select(CaseRow).where(CaseRow.meeting_id == meeting_id)
                                 .order_by(CaseRow.id)).all()
        return [self._to_case(row) for row in rows]

    def of(self, meeting_id: int, case_bringer: str) -> Case | None:
        row = self.session.exec(select(CaseRow).where(
            CaseRow.meeting_id == meeting_id, CaseRow.case_bringer == case_bringer)).first()
        return self._to_case(row) if row else None

    def save(self, case: Case, now: datetime) -> Case:
        row = self.session.get(CaseRow, case.id) if case.id else None
        if row is None:
            row = CaseRow(meeting_id=case.meeting_id, group_id=case.group_id,
                          case_bringer=case.case_bringer, updated_at=now)
        row.submitted, row.draft = _raw(case.submitted), _raw(case.draft)
        row.submitted_at, row.shared_at, row.updated_at = case.submitted_at, case.shared_at, now
        self.session.add(row)
        self.session.flush()
        return self._to_case(row)
