"""Privacy: the group's retention period, and a member's right to be forgotten.

Case texts, the flip-over, actions and reports are intervision material: they are deleted when
a meeting is older than the group's retention period, keeping dates and attendance. A member
who asks is forgotten: their texts go and their attendance stays only as an anonymous count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flows.effects import Delete, Effect, Message, Redact, Reply
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
    # What the person typed, the keys of the bot's messages that may show it (redacted), and
    # the keys of their shared cases (deleted whole). Never logged.
    words: tuple[str, ...] = ()
    messages: tuple[str, ...] = ()
    their_cases: tuple[str, ...] = ()


def ask_to_confirm(event: ForgetMeRequested) -> Reply:
    return Reply(Message("forget_me", event.language, {"text": t("privacy.explain")}))


def forgotten(event: ForgetMeConfirmed, counts: Forgotten) -> tuple[Effect, ...]:
    """The answer, and the person's words taken out of the bot's messages in Slack."""
    effects: list[Effect] = [Reply(Message("text", event.language, {"text": t(
        "privacy.done", cases=t("count.cases", count=counts.cases),
        contributions=t("count.contributions", count=counts.contributions),
        actions=t("count.actions", count=counts.actions),
        attendance=t("count.meetings", count=counts.attendance))}))]
    effects += [Delete(key) for key in counts.their_cases]
    if counts.words and counts.messages:
        effects.append(Redact(counts.messages, counts.words, event.language))
    return tuple(effects)
