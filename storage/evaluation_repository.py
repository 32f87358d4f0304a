"""The members' answers to a periodic evaluation, as flows' `Evaluation`."""

from __future__ import annotations

import json
from datetime import datetime

from sqlmodel import Session, select

from flows.evaluation import Evaluation
from storage.tables import EvaluationRow


class EvaluationRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def of_meeting(self, meeting_id: int) -> list[Evaluation]:
        rows = self.session.exec(select(EvaluationRow).where(
            EvaluationRow.meeting_id == meeting_id).order_by(EvaluationRow.id)).all()
        return [Evaluation(row.meeting_id, row.user_id, json.loads(row.answers)) for row in rows]

    def save(self, evaluation: Evaluation, now: datetime) -> None:
        """One answer per member and meeting: a second submission replaces the first."""
        row = self.session.exec(select(EvaluationRow).where(
            EvaluationRow.meeting_id == evaluation.meeting_id,
            EvaluationRow.user_id == evaluation.user_id)).first()
        row = row or EvaluationRow(meeting_id=evaluation.meeting_id,
                                   user_id=evaluation.user_id, answers="{}", created_at=now)
        row.answers = json.dumps(dict(evaluation.answers), ensure_ascii=False)
        self.session.add(row)
        self.session.flush()
