"""A workspace installs the app from a link, or leaves (app_uninstalled, tokens_revoked).

When a workspace leaves, its groups' timed work stops (pending due actions are cancelled and
no new ones are planned); what is stored stays until the group's retention period deletes it,
as it would have. Installing again picks the groups up where the plan stands.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from bot import planner
from flows.effects import Effect
from storage.repositories import UnitOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WorkspaceLeft:
    team_id: str


@dataclass(frozen=True)
class WorkspaceInstalled:
    team_id: str


def left(work: UnitOfWork, event: WorkspaceLeft, now: datetime) -> tuple[Effect, ...]:
    groups = work.groups.team_left(event.team_id, now)
    stopped = work.due.cancel_groups(groups, now) if groups else 0
    log.info("workspace %s left: %s groups, %s timed actions stopped", event.team_id,
             len(groups), stopped)
    return ()


def installed(work: UnitOfWork, event: WorkspaceInstalled, now: datetime) -> tuple[Effect, ...]:
    back = work.groups.team_back(event.team_id)
    for group in work.groups.all():
        if group.team_id != event.team_id or group.id is None:
            continue
        # What was stopped when it left is planned afresh (steps done keep their keys).
        for meeting in work.meetings.of_group(group.id, since=now):
            if not meeting.cancelled:
                planner.replan(work, group, meeting, now)
        planner.materialize(work, group, now)
    log.info("workspace %s installed the app (%s groups back)", event.team_id, back)
    return ()


HANDLERS = {WorkspaceLeft: left, WorkspaceInstalled: installed}
