"""A rehearsal leaves nothing behind: when its summary is out, a due action wipes it a little
later — its stand-in group (with, by cascade, its meeting, contributions, actions, check-outs
and due actions) and the outbox keys of its messages."""

from __future__ import annotations

from datetime import datetime, timedelta

from flows import rehearsal
from flows.due import DueAction, DueKind, PlanDue
from flows.effects import Effect
from storage.repositories import UnitOfWork


def ended(work: UnitOfWork, group_id: int, meeting_id: int, now: datetime) -> None:
    """The rehearsal's summary is out: wipe it a little later (time to read it)."""
    work.due.plan(PlanDue(key=f"rehearsal:{meeting_id}:end", kind=DueKind.REHEARSAL_END,
                          due_at=now + timedelta(seconds=rehearsal.ENDS_AFTER_SECONDS),
                          group_id=group_id, meeting_id=meeting_id), now)


def wipe(work: UnitOfWork, due: DueAction, now: datetime) -> tuple[Effect, ...]:
    """Nothing of the rehearsal remains: its group (with its meeting, contributions, actions,
    check-outs and due actions) and the keys of its messages."""
    if due.meeting_id is not None:
        for prefix in ("live", "written"):
            work.outbox.forget_prefix(f"{prefix}:{due.meeting_id}:")
    work.groups.delete_rehearsal(due.group_id)
    return ()
