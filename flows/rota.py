"""`/intervisie rota`: the coming meetings with who brings a case and who facilitates.

Roles not yet proposed are shown as the rotation expects them (marked as expected), so the
group can see its turn coming and volunteer or pass in time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime

from flows.cases import Case, case_status
from flows.effects import Message, Reply
from flows.group import Absence, Group
from flows.meeting import Meeting
from flows.reminders import MeetingContext, with_proposed_roles

SHOWN = 6


@dataclass(frozen=True)
class RotaRequested:
    team_id: str
    channel_id: str
    user_id: str
    user_language: str


@dataclass(frozen=True)
class RotaEntry:
    meeting: Meeting
    expected: bool  # roles are what the rotation expects, not yet proposed to the coordinator


def rota(group: Group, meetings: list[Meeting], absences: list[Absence], user_id: str,
         now: datetime, cases: Mapping[int, list[Case]] | None = None) -> Reply:
    """The next meetings (cancelled ones too, marked), filling in expected roles in order."""
    coming = [m for m in meetings if m.start > now][:SHOWN]
    history = [m for m in meetings if m.start <= now]
    entries: list[RotaEntry] = []
    for meeting in coming:
        expected = not meeting.case_bringers and not meeting.cancelled
        shown = with_proposed_roles(MeetingContext(group, meeting, tuple(history),
                                                   tuple(absences))) if expected else meeting
        entries.append(RotaEntry(shown, expected))
        if not meeting.cancelled:
            # Later meetings see this one's (expected) roles as already taken.
            history.append(replace(shown))
    return Reply(Message("rota", group.language, {
        "group": group, "entries": entries, "user_id": user_id,
        "case_status": {entry.meeting.id: case_status(entry.meeting, (cases or {}).get(
            entry.meeting.id or 0, [])) for entry in entries},
        "is_member": group.is_member(user_id)}))
