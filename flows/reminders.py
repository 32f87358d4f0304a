"""What happens when a step of the preparation timeline comes due.

`fire` takes the due action and everything known about its meeting and returns the meeting
(changed when roles were proposed) and the messages to send. Every message has a key, so the
same step can never reach the same person twice.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from flows.agreements import is_first_meeting
from flows.cases import Case, case_status, share
from flows.due import DueAction, DueKind
from flows.effects import DirectMessage, Effect, Message, Post
from flows.group import Absence, Group, away_on
from flows.meeting import Meeting
from flows.rotation import Proposal, RoleHistory, propose_roles

MIN_ATTENDANCE = 3


@dataclass(frozen=True)
class MeetingContext:
    """A meeting with what is needed to decide about it."""

    group: Group
    meeting: Meeting
    history: tuple[Meeting, ...]  # the group's other meetings (for rotation)
    absences: tuple[Absence, ...]
    cases: tuple[Case, ...] = ()  # the cases of this meeting, submitted or in draft
    # Shared cases and where they are: (case bringer, channel or None when sent by DM,
    # whether the whole case was shared or only its title).
    case_places: tuple[tuple[str, str | None, bool], ...] = ()

    def case_of(self, user: str) -> Case | None:
        return next((case for case in self.cases if case.case_bringer == user), None)

    @property
    def missing_cases(self) -> tuple[str, ...]:
        """Case bringers whose case is not in (all of them, when nobody brings one)."""
        return tuple(user for user in self.meeting.case_bringers
                     if not (case := self.case_of(user)) or not case.is_in)

    @property
    def away(self) -> frozenset[str]:
        return away_on(self.absences, self.group.schedule.local(self.meeting.start).date())


def with_proposed_roles(context: MeetingContext) -> Meeting:
    """The meeting with roles filled in fairly, keeping what is already there."""
    meeting, group = context.meeting, context.group
    if meeting.roles_confirmed:
        return meeting
    keep = Proposal(meeting.case_bringers, meeting.facilitator) if (
        meeting.case_bringers or meeting.facilitator) else None
    proposal = propose_roles(
        group.members, [RoleHistory.from_meeting(m) for m in context.history if m.id != meeting.id],
        before=meeting.start, case_bringer_count=group.cases_per_meeting, absent=context.away,
        volunteers=meeting.volunteers, passes=meeting.passes, keep=keep)
    return replace(meeting, case_bringers=proposal.case_bringers,
                   facilitator=proposal.facilitator)


def meeting_message(kind: str, context: MeetingContext, **extra: object) -> Message:
    return Message(kind, context.group.language, {
        "group": context.group, "meeting": context.meeting,
        "case_status": case_status(context.meeting, context.cases), **extra})


def share_prepared_cases(due: DueAction, context: MeetingContext, now: datetime
                         ) -> tuple[tuple[Case, ...], tuple[Effect, ...]]:
    """At the preparation moment the submitted cases go to the group (once each)."""
    meeting = context.meeting
    if due.kind is not DueKind.PREPARE or meeting.cancelled or meeting.start <= now:
        return (), ()
    shared = tuple(replace(case, shared_at=now) for case in context.cases
                   if case.is_in and case.shared_at is None
                   and case.case_bringer in meeting.case_bringers)
    effects: tuple[Effect, ...] = ()
    for case in shared:
        effects += share(context.group, meeting, case, context.group.channel_private)
    return shared, effects


def fire(due: DueAction, context: MeetingContext, now: datetime
         ) -> tuple[Meeting | None, tuple[Effect, ...]]:
    group, meeting = context.group, context.meeting
    if meeting.cancelled or meeting.start <= now:
        return None, ()
    match due.kind:
        case DueKind.ROLES:
            proposed = with_proposed_roles(context)
            context = replace(context, meeting=proposed)
            return proposed, tuple(
                DirectMessage(user, meeting_message("roles_proposal", context),
                              key=f"{due.key}:{user}")
                for user in group.coordinators)
        case DueKind.AGENDA:
            proposed = with_proposed_roles(context)
            context = replace(context, meeting=proposed)
            first = is_first_meeting(meeting, context.history)
            return proposed, (Post(group.channel_id, meeting_message(
                "agenda", context, first_meeting=first), key=due.key),)
        case DueKind.CASE_REQUEST:
            return None, tuple(
                DirectMessage(user, meeting_message("case_request", context),
                              key=f"{due.key}:{user}")
                for user in meeting.case_bringers if user not in context.away)
        case DueKind.CASE_REMINDER:
            return None, tuple(
                DirectMessage(user, meeting_message("case_reminder", context),
                              key=f"{due.key}:{user}")
                for user in context.missing_cases if user not in context.away)
        case DueKind.CASE_ESCALATION:
            if meeting.case_in_meeting or (meeting.case_bringers and not context.missing_cases):
                return None, ()
            return None, tuple(
                DirectMessage(user, meeting_message("case_escalation", context,
                                                    missing=context.missing_cases),
                              key=f"{due.key}:{user}")
                for user in group.coordinators)
        case DueKind.PREPARE:
            return None, (Post(group.channel_id, meeting_message("prepare", context),
                               key=due.key),)
        case DueKind.DAY_BEFORE:
            user = due.recipient
            if not user or not group.is_member(user) or user in context.away or (
                    user in meeting.not_coming):
                return None, ()
            return None, (DirectMessage(user, meeting_message(
                "day_before", context, user=user, case_places=context.case_places),
                key=due.key),)
    return None, ()


def expected_attendance(context: MeetingContext) -> int:
    """Members who have not said they can't come and are not away."""
    return len(set(context.group.members) - context.meeting.not_coming - context.away)


def low_attendance_warning(context: MeetingContext) -> tuple[Effect, ...]:
    """Tell the coordinators once when fewer than three can come."""
    count = expected_attendance(context)
    if count >= MIN_ATTENDANCE:
        return ()
    message = meeting_message("low_attendance", context, count=count)
    return tuple(DirectMessage(user, message, key=f"low_attendance:{context.meeting.id}:{user}")
                 for user in context.group.coordinators)
