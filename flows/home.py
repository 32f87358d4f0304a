"""The App Home tab: the groups a person belongs to, with their next meetings, and the help."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flows.commands import LISTED
from flows.effects import Message, PublishHome
from flows.group import Group

NEXT_MEETINGS = 3


@dataclass(frozen=True)
class HomeOpened:
    team_id: str
    user_id: str
    user_language: str


def home(event: HomeOpened, groups: list[Group], now: datetime) -> PublishHome:
    """One entry per group, newest plans first; the person's own language throughout."""
    entries = [{
        "group": group,
        "coordinator": group.is_coordinator(event.user_id),
        "next_starts": group.schedule.occurrences(now, NEXT_MEETINGS),
    } for group in sorted(groups, key=lambda g: g.name.lower())]
    return PublishHome(event.user_id, Message("home", event.user_language, {
        "entries": entries, "commands": LISTED}))
