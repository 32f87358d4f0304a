"""The group's logbook (logboek): per meeting that took place, what may stay on record in the
channel — date, method, roles, the case's title when the group already saw it, the actions chosen
and how many came. Never the case text, never contributions, never evaluation answers.

Pure: the shell writes it to a channel canvas, whole, every time something in it changes.
Because the whole document is drawn from what is stored, a purged meeting or a forgotten person
disappears from it by the next drawing, and drawing twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from flows.actions import Action, ActionStatus
from flows.attendance import took_place
from flows.cases import Case
from flows.effects import DirectMessage, DrawCanvas, Message
from flows.group import Group
from flows.meeting import Meeting
from flows.texts import t

FORGOTTEN_PREFIX = "gone-"  # the pseudonym forget-me leaves in past meetings


@dataclass(frozen=True)
class LogbookAction:
    owner: str
    text: str
    status: ActionStatus


@dataclass(frozen=True)
class LogbookEntry:
    """One meeting's section."""

    meeting_id: int
    start: datetime
    method_id: str | None
    case_bringers: tuple[str, ...]
    facilitator: str | None
    titles: tuple[str, ...]
    actions: tuple[LogbookAction, ...]
    attendance: int


@dataclass(frozen=True)
class Logbook:
    group_name: str
    timezone: str
    entries: tuple[LogbookEntry, ...]


@dataclass(frozen=True)
class MeetingRecord:
    """What storage hands over for one meeting (cases and actions may already be purged)."""

    meeting: Meeting
    method_id: str | None = None
    cases: tuple[Case, ...] = ()
    actions: tuple[Action, ...] = ()


def is_forgotten(user: str | None) -> bool:
    return bool(user) and str(user).startswith(FORGOTTEN_PREFIX)


def _titles(group: Group, cases: Iterable[Case]) -> tuple[str, ...]:
    # The title is on record only where the group saw it in the channel already: a submitted
    # case that went out, in a private channel (in a public one it went by DM only).
    if not group.channel_private:
        return ()
    return tuple(c.submitted.title for c in sorted(cases, key=lambda c: c.case_bringer)
                 if c.submitted is not None and c.shared_at is not None and c.submitted.title)


def entry(group: Group, record: MeetingRecord) -> LogbookEntry:
    meeting = record.meeting
    # Like the meeting's summary, the actions stay among the members: a public channel's
    # canvas is open to the whole workspace.
    actions = sorted(record.actions, key=lambda a: a.id or 0) if group.channel_private else []
    return LogbookEntry(
        meeting_id=meeting.id or 0, start=meeting.start, method_id=record.method_id,
        case_bringers=meeting.case_bringers, facilitator=meeting.facilitator,
        titles=_titles(group, record.cases),
        actions=tuple(LogbookAction(a.owner, a.text, a.status) for a in actions),
        attendance=len(meeting.coming))


def logbook(group: Group, records: Iterable[MeetingRecord], now: datetime) -> Logbook:
    """The meetings that took place, newest first (what people look for is the latest)."""
    kept = [r for r in records if took_place(r.meeting, now)]
    kept.sort(key=lambda r: r.meeting.start, reverse=True)
    return Logbook(group.name, group.schedule.timezone, tuple(entry(group, r) for r in kept))


def draw(group: Group, book: Logbook, revision: int) -> DrawCanvas:
    """Write the logbook to the group's channel canvas; the coordinators hear once when Slack
    will not have a canvas there."""
    assert group.id is not None
    document = Message("logbook", group.language, {"logbook": book})
    return DrawCanvas(owner=f"logbook:{group.id}", channel=group.channel_id,
                      document=document, revision=revision,
                      if_refused=refused_notice(group))


def refused_notice(group: Group) -> tuple[DirectMessage, ...]:
    text = Message("text", group.language, {"text": t("logbook.refused", name=group.name)})
    return tuple(DirectMessage(user, text, key=f"logbook_refused:{group.id}:{user}")
                 for user in group.coordinators)

