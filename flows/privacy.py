"""Privacy: the group's retention period, and a member's right to be forgotten.

Case texts, the flip-over, actions and reports are intervision material: they are deleted when
a meeting is older than the group's retention period, keeping dates and attendance. A member
who asks is forgotten: their texts go and their attendance stays only as an anonymous count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flows.effects import Message, Reply
from flows.group import Group
from flows.texts import t


def retention_cutoff(group: Group, now: datetime) -> datetime:
    """Meetings that started before this have their texts deleted."""
    return now - timedelta(days=group.retention_days)


@dataclass(frozen=True)
class ForgetMeRequested:
    """`/intervisie forget-me`: explain what will be deleted, and ask to confirm."""

    team_id: str
    user_id: str
    language: str


@dataclass(frozen=True)
class ForgetMeConfirmed:
    team_id: str
    user_id: str
    language: str


@dataclass(frozen=True)
class Forgotten:
    """What was deleted or made anonymous for one person."""

    cases: int = 0
    contributions: int = 0
    actions: int = 0
    attendance: int = 0


def ask_to_confirm(event: ForgetMeRequested) -> Reply:
    return Reply(Message("forget_me", event.language, {"text": t("privacy.explain")}))


def forgotten(event: ForgetMeConfirmed, counts: Forgotten) -> Reply:
    return Reply(Message("text", event.language, {"text": t(
        "privacy.done", cases=t("count.cases", count=counts.cases),
        contributions=t("count.contributions", count=counts.contributions),
        actions=t("count.actions", count=counts.actions),
        attendance=t("count.meetings", count=counts.attendance))}))
