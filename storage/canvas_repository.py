"""The canvases the bot keeps: their Slack ids, and which drawing Slack has.

A drawing's revision is taken inside the transaction that changed what it shows, so drawings
are ordered the way their changes were committed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from storage.tables import CanvasRow


@dataclass(frozen=True)
class CanvasState:
    canvas_id: str | None
    drawn: int
    create_started: bool
    refused: str | None


class CanvasRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def next_revision(self, owner: str, group_id: int, channel_id: str, entries: int,
                      now: datetime) -> int:
        if self.session.get(CanvasRow, owner) is None:
            try:
                with self.session.begin_nested():
                    self.session.add(CanvasRow(owner=owner, group_id=group_id,
                                               channel_id=channel_id, updated_at=now))
            except IntegrityError:
                pass  # another process added it at the same moment
        # One UPDATE: it locks the row, so two transactions never take the same number.
        revision = self.session.execute(
            update(CanvasRow).where(CanvasRow.owner == owner)
            .values(revision=CanvasRow.revision + 1, entries=entries, updated_at=now)
            .returning(CanvasRow.revision)).scalar_one()
        self.session.expire_all()
        return revision

    def entries_by_group(self) -> dict[int, int]:
        """How many meetings each group's newest drawing holds."""
        return dict(self.session.exec(select(CanvasRow.group_id, CanvasRow.entries)).all())

    def undrawn_groups(self) -> list[int]:
        """Groups with a drawing asked for that never reached Slack (it failed or the bot
        stopped); a refusal counts as drawn."""
        return list(self.session.exec(select(CanvasRow.group_id).where(
            CanvasRow.revision > CanvasRow.drawn)).all())

    def exists(self, owner: str) -> bool:
        return self.session.get(CanvasRow, owner) is not None

    def state(self, owner: str) -> CanvasState | None:
        row = self.session.get(CanvasRow, owner)
        if row is None:
            return None
        return CanvasState(row.canvas_id, row.drawn, row.create_started_at is not None,
                           row.refused)

    def _change(self, owner: str, now: datetime, **values: object) -> None:
        self.session.execute(update(CanvasRow).where(CanvasRow.owner == owner)
                             .values(updated_at=now, **values))
        self.session.expire_all()

    def create_started(self, owner: str, now: datetime) -> None:
        self._change(owner, now, create_started_at=now)

    def created(self, owner: str, canvas_id: str, now: datetime) -> None:
        self._change(owner, now, canvas_id=canvas_id, refused=None)

    def lost(self, owner: str, now: datetime) -> None:
        """The canvas is gone from Slack (someone deleted it): the next drawing makes one."""
        self._change(owner, now, canvas_id=None, create_started_at=None)

    def refused(self, owner: str, reason: str, revision: int, now: datetime) -> None:
        self._change(owner, now, refused=reason[:64], create_started_at=None, drawn=revision)

    def drawn(self, owner: str, revision: int, now: datetime) -> None:
        self._change(owner, now, drawn=revision)
