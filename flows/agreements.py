"""Group agreements (groepsafspraken, the group contract): confidentiality, phones away,
preparation, how we give feedback… Drafted from a default list the group edits, posted and
pinned in the channel, and shown again at the periodic evaluation.

The coordinators may change them at any time (`/intervisie agreements`); the facilitator of
the group's first meeting may draft them from the button on that meeting's agenda.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from flows.effects import Effect, FormErrors, Message, OpenForm, Pin, Post, Reject
from flows.group import Group
from flows.meeting import Meeting
from flows.texts import Text, t

TEXT_LIMIT: Final = 2500
MOST_ITEMS: Final = 15
BULLETS: Final = " -•*–\t"


@dataclass(frozen=True)
class Agreements:
    group_id: int
    text: str
    revision: int = 1
    updated_by: str = ""

    @property
    def items(self) -> tuple[str, ...]:
        return items_of(self.text)


@dataclass(frozen=True)
class AgreementsRequested:
    """`/intervisie agreements` (`afspraken`) in the group's channel."""

    team_id: str
    channel_id: str
    user: str
    language: str


@dataclass(frozen=True)
class AgreementsButtonPressed:
    """"Our agreements" on the agenda of the group's first meeting."""

    user: str
    meeting_id: int


@dataclass(frozen=True)
class AgreementsSubmitted:
    user: str
    group_id: int
    text: str


def items_of(text: str) -> tuple[str, ...]:
    """One agreement per line; list marks people type are dropped."""
    return tuple(item for line in text.splitlines() if (item := line.strip().lstrip(BULLETS)))


def agreements_key(group_id: int, revision: int) -> str:
    return f"agreements:{group_id}:{revision}"


def is_first_meeting(meeting: Meeting, history: tuple[Meeting, ...] | list[Meeting]) -> bool:
    """No meeting of the group took place (or is planned) before this one."""
    return not any(m.start < meeting.start and not m.cancelled for m in history
                   if m.id != meeting.id)


def may_edit(group: Group, user: str, meeting: Meeting | None = None) -> bool:
    return group.is_coordinator(user) or (meeting is not None and meeting.facilitator == user)


def open_form(group: Group, current: Agreements | None, user: str,
              meeting: Meeting | None = None) -> tuple[Effect, ...]:
    if not may_edit(group, user, meeting):
        return (Reject(t("agreements.not_allowed"), group.language),)
    return (OpenForm("agreements", group.language, {
        "group": group, "text": current.text if current else None,
        "default": t("agreements.default")}),)


def submit(group: Group, current: Agreements | None, event: AgreementsSubmitted,
           meeting: Meeting | None = None) -> tuple[Agreements | None, tuple[Effect, ...]]:
    """Keep the new text, post it in the channel and pin it there in place of the old one."""
    if not may_edit(group, event.user, meeting):
        return None, (Reject(t("agreements.not_allowed"), group.language),)
    text = event.text.strip()
    items = items_of(text)
    error: Text | None = None
    if not items:
        error = t("agreements.error.empty")
    elif len(text) > TEXT_LIMIT:
        error = t("live.error.text_long", count=len(text), most=TEXT_LIMIT)
    elif len(items) > MOST_ITEMS:
        error = t("agreements.error.many", count=len(items), most=MOST_ITEMS)
    if error is not None:
        return None, (FormErrors({"text": error}, group.language),)
    if current is not None and current.items == items:
        return current, ()  # nothing changed: no new post, no new pin
    revision = current.revision + 1 if current else 1
    agreements = Agreements(group.id or 0, "\n".join(items), revision, event.user)
    key = agreements_key(group.id or 0, revision)
    message = Message("agreements", group.language, {
        "group": group, "items": items, "by": event.user, "changed": current is not None})
    return agreements, (Post(group.channel_id, message, key=key),
                        Pin(key, agreements_key(group.id or 0, current.revision)
                            if current else None))
