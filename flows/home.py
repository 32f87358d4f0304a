"""The App Home tab: per group the person's next meetings with roles, their case, their open
actions (with the nudge's buttons), and for coordinators an overview of the group."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flows.actions import Action
from flows.cases import Case
from flows.charts import GroupCharts
from flows.commands import LISTED
from flows.effects import Message, PublishHome
from flows.group import Group
from flows.meeting import Meeting

NEXT_MEETINGS = 3
LAST_MEETINGS = 3


@dataclass(frozen=True)
class HomeOpened:
    team_id: str
    user_id: str
    user_language: str


@dataclass(frozen=True)
class GroupHome:
    """What the Home tab shows of one group."""

    group: Group
    upcoming: tuple[Meeting, ...] = ()
    my_case: tuple[Meeting, Case | None] | None = None  # where I bring the next case
    my_actions: tuple[Action, ...] = ()
    # For coordinators only:
    held: tuple[Meeting, ...] = ()  # the last meetings, with their attendance
    open_actions: tuple[Action, ...] = field(default_factory=tuple)
    calendar_url: str | None = None  # the person's own calendar address (HTTP mode)
    charts: GroupCharts | None = None


def home(event: HomeOpened, groups: list[GroupHome], now: datetime) -> PublishHome:
    """One entry per group, by name; the person's own language throughout."""
    entries = [{
        "group": view.group, "view": view, "user": event.user_id,
        "coordinator": view.group.is_coordinator(event.user_id),
        "next_starts": [m.start for m in view.upcoming] or
        view.group.schedule.occurrences(now, NEXT_MEETINGS),
    } for view in sorted(groups, key=lambda v: v.group.name.lower())]
    return PublishHome(event.user_id, Message("home", event.user_language, {
        "entries": entries, "commands": LISTED}))
