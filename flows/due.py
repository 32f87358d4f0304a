"""Due actions: every timed thing the bot will do, as data (the row is the source of truth).

Flows decide *what* is due *when* (`PlanDue`) and what to do when it comes due; storage keeps
the rows and hands each out once; the scheduler only wakes the runtime. A row that came due
while the bot was down still fires when it is within its kind's grace window, and is skipped
(and logged) when it would no longer help anyone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class DueKind(StrEnum):
    ROLES = "roles"  # ~4 weeks before: the coordinator confirms who brings a case, who leads
    AGENDA = "agenda"  # 2 weeks before: agenda in the channel
    CASE_REQUEST = "case_request"  # 2 weeks before: the case bringer is asked for the case
    CASE_REMINDER = "case_reminder"  # a week before: the case is not in yet, a friendly nudge
    PREPARE = "prepare"  # a few days before: what to prepare; the submitted case is shared
    CASE_ESCALATION = "case_escalation"  # two days before, still no case: ask the coordinator
    DAY_BEFORE = "day_before"  # 1 day before: each member, with Coming / Can't come
    OPENING = "opening"  # at the start: the opening with its Start button, in the channel
    LIVE_HEADS_UP = "live_heads_up"  # a running meeting: shortly before a phase ends
    LIVE_TIME_UP = "live_time_up"  # a running meeting: the phase's time is up
    WRITTEN_DEADLINE = "written_deadline"  # a written meeting: a phase's deadline
    WRITTEN_NUDGE = "written_nudge"  # a written meeting: a working day before the deadline
    REHEARSAL_END = "rehearsal_end"  # a rehearsal ended: wipe it
    ACTION_NUDGE = "action_nudge"  # an action is due: ask its owner what came of it
    EVALUATION_SUMMARY = "evaluation_summary"  # a week after the evaluation request


LIVE_TIMERS = (DueKind.LIVE_HEADS_UP, DueKind.LIVE_TIME_UP, DueKind.WRITTEN_DEADLINE,
               DueKind.WRITTEN_NUDGE, DueKind.REHEARSAL_END)
AFTER_MEETING = (DueKind.ACTION_NUDGE, DueKind.EVALUATION_SUMMARY)
TIMELINE_KINDS = tuple(kind for kind in DueKind
                       if kind not in LIVE_TIMERS and kind not in AFTER_MEETING)


# How late a due action may still fire after a restart; later than this it is skipped.
GRACE: dict[DueKind, timedelta] = {
    DueKind.ROLES: timedelta(days=7),
    DueKind.AGENDA: timedelta(days=4),
    DueKind.CASE_REQUEST: timedelta(days=4),
    DueKind.CASE_REMINDER: timedelta(days=2),
    DueKind.PREPARE: timedelta(days=1),
    DueKind.CASE_ESCALATION: timedelta(hours=12),
    DueKind.DAY_BEFORE: timedelta(hours=12),
    DueKind.OPENING: timedelta(hours=2),  # within the meeting it still helps
    # A heads-up a minute late is noise; "time is up" still tells the group to move on.
    DueKind.LIVE_HEADS_UP: timedelta(minutes=1),
    DueKind.LIVE_TIME_UP: timedelta(hours=1),
    # A written meeting survives a restart of days: a missed deadline still closes its phase.
    DueKind.WRITTEN_DEADLINE: timedelta(days=30),
    DueKind.WRITTEN_NUDGE: timedelta(hours=8),  # and is only sent within working hours
    DueKind.REHEARSAL_END: timedelta(days=365),  # a wipe is never too late
    DueKind.ACTION_NUDGE: timedelta(days=3),
    DueKind.EVALUATION_SUMMARY: timedelta(days=7),
}


@dataclass(frozen=True)
class PlanDue:
    """Effect: make sure a due action with this key exists (planning the same key twice is a
    no-op, so re-planning is always safe)."""

    key: str
    kind: DueKind
    due_at: datetime
    group_id: int
    meeting_id: int | None = None
    recipient: str | None = None


@dataclass(frozen=True)
class CancelDue:
    """Effect: cancel the pending due actions of a meeting (optionally of one recipient, or
    only of some kinds)."""

    meeting_id: int
    recipient: str | None = None
    kinds: tuple[DueKind, ...] | None = None


@dataclass(frozen=True)
class DueAction:
    id: int
    key: str
    kind: DueKind
    due_at: datetime
    group_id: int
    meeting_id: int | None
    recipient: str | None
    attempts: int  # > 1 means an earlier attempt may have sent part of it before a crash

    def too_late(self, now: datetime) -> bool:
        return now - self.due_at > GRACE[self.kind]
