"""Changing who does what at a meeting: the coordinator's proposal buttons, volunteering,
passing, and the Coming / Can't come answers to the reminder.

Every press checks who pressed and whether the meeting still lies ahead; a stale or
unauthorised press is answered privately and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from flows.effects import DirectMessage, Effect, Message, Post, Reject, Reply, UpdateOrigin
from flows.meeting import Meeting, MeetingStatus
from flows.planning import days_before
from flows.reminders import (
    MeetingContext,
    low_attendance_warning,
    meeting_message,
    with_proposed_roles,
)
from flows.texts import t


@dataclass(frozen=True)
class RoleButtonPressed:
    """The coordinator confirmed, swapped or picked someone in the role proposal."""

    team_id: str
    user_id: str
    meeting_id: int
    action: str  # "confirm", "swap", "case_bringer_0", "case_bringer_1", "facilitator"
    chosen: str | None = None


@dataclass(frozen=True)
class MemberAnswered:
    """A member pressed Coming / Can't come, I have a case, or Skip me this time."""

    team_id: str
    user_id: str
    meeting_id: int
    answer: str  # "coming", "not_coming", "volunteer", "pass"


def _stale(context: MeetingContext, now: datetime) -> Reject | None:
    if context.meeting.cancelled:
        return Reject(t("roles.cancelled"), context.group.language)
    if context.meeting.start <= now:
        return Reject(t("roles.passed"), context.group.language)
    return None


def _late_case_requests(context: MeetingContext, changed: Meeting, now: datetime
                        ) -> tuple[Effect, ...]:
    """Someone who becomes case bringer after the case requests went out gets theirs now."""
    group, meeting = context.group, context.meeting
    if now < days_before(group, meeting, group.timeline.agenda_days):
        return ()
    fresh = [user for user in changed.case_bringers if user not in meeting.case_bringers]
    message = meeting_message("case_request", replace(context, meeting=changed))
    return tuple(DirectMessage(user, message, key=f"case_request:{meeting.id}:{user}")
                 for user in fresh)


def change_roles(event: RoleButtonPressed, context: MeetingContext, now: datetime
                 ) -> tuple[Meeting | None, tuple[Effect, ...]]:
    group, meeting = context.group, context.meeting
    language = group.language
    if not group.is_coordinator(event.user_id):
        return None, (Reject(t("roles.only_coordinator"), language),)
    if stale := _stale(context, now):
        return None, (stale,)
    bringers = list(meeting.case_bringers)
    facilitator = meeting.facilitator
    if event.action == "confirm":
        if not bringers:
            return None, (Reject(t("roles.nobody_brings"), language),)
        changed = replace(meeting, roles_confirmed=True)
    elif event.action == "swap":
        if not bringers or not facilitator:
            return None, (Reject(t("roles.nothing_to_swap"), language),)
        changed = replace(meeting, case_bringers=(facilitator, *bringers[1:]),
                          facilitator=bringers[0], roles_confirmed=False)
    else:
        if event.chosen is None or not group.is_member(event.chosen):
            return None, (Reject(t("roles.not_a_member"), language),)
        if event.action == "facilitator":
            if event.chosen in bringers:
                return None, (Reject(t("roles.facilitator_brings_case"), language),)
            facilitator = event.chosen
        else:
            slot = 1 if event.action == "case_bringer_1" else 0
            if event.chosen == facilitator:
                return None, (Reject(t("roles.facilitator_brings_case"), language),)
            others = [user for index, user in enumerate(bringers) if index != slot]
            if event.chosen in others:
                return None, (Reject(t("roles.already_brings"), language),)
            if slot < len(bringers):
                bringers[slot] = event.chosen
            else:  # padding up to the slot would list the same person twice
                bringers.append(event.chosen)
        changed = replace(meeting, case_bringers=tuple(bringers), facilitator=facilitator,
                          roles_confirmed=False)
    late = _late_case_requests(context, changed, now)
    context = replace(context, meeting=changed)
    return changed, (UpdateOrigin(meeting_message("roles_proposal", context)), *late)


def answer(event: MemberAnswered, context: MeetingContext, now: datetime
           ) -> tuple[Meeting | None, tuple[Effect, ...]]:
    group, meeting = context.group, context.meeting
    if not group.is_member(event.user_id):
        return None, (Reject(t("roles.not_in_group"), group.language),)
    if stale := _stale(context, now):
        return None, (stale,)
    user = event.user_id
    if event.answer in ("coming", "not_coming"):
        coming = event.answer == "coming"
        changed = replace(meeting, coming=(meeting.coming | {user}) if coming else (
            meeting.coming - {user}), not_coming=(meeting.not_coming - {user}) if coming else (
            meeting.not_coming | {user}))
        context = replace(context, meeting=changed)
        effects: tuple[Effect, ...] = (UpdateOrigin(meeting_message("day_before", context,
                                                                    user=user)),)
        if not coming:
            effects += low_attendance_warning(context)
        return changed, effects
    if meeting.roles_confirmed:
        return None, (Reject(t("roles.already_confirmed"), group.language),)
    if event.answer == "volunteer":
        changed = replace(meeting, volunteers=tuple(dict.fromkeys((*meeting.volunteers, user))),
                          passes=meeting.passes - {user})
        text = t("roles.volunteered")
        if meeting.case_bringers:
            # A proposal already went out: redo it with the volunteer first, and say so.
            fresh = replace(changed, case_bringers=(), facilitator=None)
            changed = with_proposed_roles(replace(context, meeting=fresh))
            note = meeting_message("roles_proposal", replace(context, meeting=changed),
                                   volunteer=user)
            return changed, (Reply(Message("text", group.language, {"text": text})), *(
                DirectMessage(coordinator, note, key=f"volunteer:{meeting.id}:{user}:{coordinator}")
                for coordinator in group.coordinators))
    else:
        changed = replace(meeting, passes=meeting.passes | {user},
                          volunteers=tuple(v for v in meeting.volunteers if v != user),
                          case_bringers=tuple(c for c in meeting.case_bringers if c != user))
        text = t("roles.passed_turn")
        if user in meeting.case_bringers and now >= days_before(
                group, meeting, group.timeline.agenda_days):
            # The agenda is out: fill the gap now, ask the new case bringer, tell coordinators.
            changed = with_proposed_roles(replace(context, meeting=changed))
            note = meeting_message("roles_proposal", replace(context, meeting=changed))
            return changed, (
                Reply(Message("text", group.language, {"text": text})),
                *_late_case_requests(context, changed, now),
                *(DirectMessage(c, note, key=f"pass:{meeting.id}:{user}:{c}")
                  for c in group.coordinators))
    return changed, (Reply(Message("text", group.language, {"text": text})),)


@dataclass(frozen=True)
class EscalationAnswered:
    """Two days before, no case: the coordinator asks someone else, runs the meeting without
    a case bringer (a case is brought in the room), or cancels."""

    team_id: str
    user_id: str
    meeting_id: int
    choice: str  # "ask_other", "without", "cancel"


def escalation(event: EscalationAnswered, context: MeetingContext, now: datetime
               ) -> tuple[Meeting | None, tuple[Effect, ...]]:
    group, meeting = context.group, context.meeting
    if not group.is_coordinator(event.user_id):
        return None, (Reject(t("roles.only_coordinator"), group.language),)
    if stale := _stale(context, now):
        return None, (stale,)
    if event.choice == "cancel":
        changed = replace(meeting, status=MeetingStatus.CANCELLED)
        done = replace(context, meeting=changed)
        return changed, (UpdateOrigin(meeting_message("case_escalation", done, resolved="cancel",
                                                      missing=context.missing_cases)),
                         Post(group.channel_id, Message("meeting_cancelled", group.language, {
                             "group": group, "meeting": changed}),
                             key=f"cancelled:{meeting.id}"))
    if event.choice == "without":
        changed = replace(meeting, case_in_meeting=True)
        done = replace(context, meeting=changed)
        return changed, (UpdateOrigin(meeting_message("case_escalation", done, resolved="without",
                                                      missing=context.missing_cases)),)
    missing = set(context.missing_cases)
    kept = tuple(user for user in meeting.case_bringers if user not in missing)
    fresh = replace(meeting, case_bringers=kept, passes=meeting.passes | missing,
                    roles_confirmed=False)
    changed = with_proposed_roles(replace(context, meeting=fresh))
    asked = tuple(user for user in changed.case_bringers if user not in kept)
    if not asked:
        return None, (Reject(t("case.nobody_else"), group.language),)
    done = replace(context, meeting=changed)
    return changed, (
        UpdateOrigin(meeting_message("case_escalation", done, resolved="ask_other",
                                     missing=tuple(missing), asked=asked)),
        *(DirectMessage(user, meeting_message("case_request", done),
                        key=f"case_request:{meeting.id}:{user}") for user in asked))
