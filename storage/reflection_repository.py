"""Members' own reflections on meetings, as flows' `Reflection`. Only their author reads them."""

from __future__ import annotations

import json
from datetime import datetime

from sqlmodel import Session, select

from flows.reflection import Reflection
from storage.tables import ReflectionRow


def _reflection(row: ReflectionRow) -> Reflection:
    return Reflection(row.meeting_id, row.user_id, json.loads(row.answers), row.action_id)


class ReflectionRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _row(self, meeting_id: int, user_id: str) -> ReflectionRow | None:
        return self.session.exec(select(ReflectionRow).where(
            ReflectionRow.meeting_id == meeting_id, ReflectionRow.user_id == user_id)).first()

    def of(self, meeting_id: int, user_id: str) -> Reflection | None:
        row = self._row(meeting_id, user_id)
        return _reflection(row) if row else None

    def of_user(self, user_id: str, meeting_ids: list[int]) -> dict[int, Reflection]:
        rows = self.session.exec(select(ReflectionRow).where(
            ReflectionRow.user_id == user_id, ReflectionRow.meeting_id.in_(meeting_ids))).all()
        return {row.meeting_id: _reflection(row) for row in rows}

    def save(self, reflection: Reflection, group_id: int, now: datetime) -> None:
        """One per member and meeting: a second submission replaces the answers."""
        row = self._row(reflection.meeting_id, reflection.user_id) or ReflectionRow(
            meeting_id=reflection.meeting_id, group_id=group_id, user_id=reflection.user_id,
            answers="{}", created_at=now, updated_at=now)
        row.answers = json.dumps(dict(reflection.answers), ensure_ascii=False)
        row.action_id = reflection.action_id
        row.updated_at = now
        self.session.add(row)
        self.session.flush()
