"""Attendance (aanwezigheid): who was at each meeting — the answers to the reminder, corrected
by the facilitator at the end — and the yearly list for accreditation registers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime

from flows.effects import OpenForm
from flows.live_context import LiveContext, LiveOutcome, refuse
from flows.meeting import Meeting, MeetingStatus


@dataclass(frozen=True)
class AttendanceRequested:
    """`/intervisie attendance [year]` in the group's channel (coordinators)."""

    team_id: str
    channel_id: str
    user_id: str
    year_word: str | None
    user_language: str
    names: Mapping[str, str]  # user id → name, as Slack knows them now


@dataclass(frozen=True)
class AttendanceFormRequested:
    user: str
    meeting_id: int


@dataclass(frozen=True)
class AttendanceCorrected:
    user: str
    meeting_id: int
    attended: tuple[str, ...]


def likely_present(context: LiveContext) -> tuple[str, ...]:
    """Who said they would come, or took part: a good start for the facilitator's check."""
    meeting = context.meeting
    took_part = (set(meeting.coming) | set(meeting.case_bringers)
                 | {meeting.facilitator} | {c.author for c in context.contributions}
                 | {c.user_id for c in context.checkouts})
    return tuple(user for user in dict.fromkeys(context.group.members + context.group.coordinators)
                 if user in took_part)


def correction_form(context: LiveContext, event: AttendanceFormRequested) -> LiveOutcome:
    if event.user not in context.may_control:
        return refuse(context, "attendance.only_facilitator")
    return LiveOutcome(effects=(OpenForm("attendance", context.language, {
        "meeting_id": context.meeting_id, "attended": likely_present(context)}),))


def correct(context: LiveContext, event: AttendanceCorrected) -> LiveOutcome:
    if event.user not in context.may_control:
        return refuse(context, "attendance.only_facilitator")
    attended = frozenset(event.attended)
    members = set(context.group.members) | set(context.group.coordinators)
    meeting = replace(context.meeting, coming=attended,
                      not_coming=frozenset(members - attended))
    return LiveOutcome(meeting=meeting)


def took_place(meeting: Meeting, now: datetime) -> bool:
    """Held with the bot, or over and not cancelled (a meeting run outside Slack)."""
    return meeting.status is MeetingStatus.HELD or (not meeting.cancelled and meeting.end <= now)
