"""Group actions the evaluation's summary proposes (voorstellen), each from one simple rule
over the anonymous answers, with the reason shown beside it. A coordinator accepts one with a
press: it becomes a group action with an owner and a date, followed up like every other.

The rules look only at averages and counts, never at who answered what.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from flows.actions import Action, default_due_date
from flows.effects import Effect, Message, Post, Reject, Reply
from flows.group import Group
from flows.meeting import Meeting
from flows.texts import Text, render, t

LOW: Final = 3.0  # an average at or below this asks for a change
# (proposal, scale it reads): a low average proposes the change.
SCALE_RULES: Final = (("rotate_facilitator", "roles"), ("other_method", "methods"),
                      ("preparation", "preparation"), ("room", "room"),
                      ("agreements", "agreements"))
PROPOSALS: Final = (*(name for name, _ in SCALE_RULES), "rhythm")


@dataclass(frozen=True)
class Proposal:
    id: str
    reason: Text  # why the rule proposes it, with the numbers


@dataclass(frozen=True)
class ProposalAccepted:
    """"Make it a group action" on the evaluation's summary."""

    user: str
    meeting_id: int
    proposal: str


def propose(averages: Mapping[str, float], frequency: Mapping[str, int], count: int
            ) -> tuple[Proposal, ...]:
    found = [Proposal(name, t(f"proposals.reason.{name}", average=f"{averages[scale]:g}"))
             for name, scale in SCALE_RULES if averages.get(scale, 5) <= LOW]
    wrong = max(("too_often", "too_rare"), key=lambda f: frequency.get(f, 0))
    if frequency.get(wrong, 0) * 2 > count:  # more than half find the rhythm off
        found.append(Proposal("rhythm", t(f"proposals.reason.rhythm_{wrong}",
                                          count=frequency[wrong], total=count)))
    return tuple(found)


def accept(group: Group, meeting: Meeting, event: ProposalAccepted, proposed: tuple[str, ...],
           taken: tuple[str, ...], next_start: datetime | None, now: datetime
           ) -> tuple[Action | None, tuple[Effect, ...]]:
    """The proposal as a group action, owned by the coordinator who accepted it."""
    language = group.language
    if not group.is_coordinator(event.user):
        return None, (Reject(t("proposals.only_coordinators"), language),)
    if event.proposal not in proposed:
        return None, (Reject(t("proposals.gone"), language),)
    text = render(language, f"proposals.action.{event.proposal}")
    if text in taken:
        return None, (Reject(t("proposals.already"), language),)
    action = Action(group_id=group.id or 0, meeting_id=meeting.id, owner=event.user, text=text,
                    due_date=default_due_date(group, next_start, now), created_by=event.user)
    note = Post(group.channel_id, Message("proposal_accepted", language, {
        "group": group, "action": action}),
        key=f"proposal:{meeting.id}:{event.proposal}")
    return action, (note, Reply(Message("text", language, {
        "text": t("proposals.accepted", action=text)})))
