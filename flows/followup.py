"""Follow-up (terugkoppeling) of actions: the nudge when an action is due, snoozing and
dropping it, and the report back — shared with the group or kept for the next facilitator.

After two nudges without an answer the bot stops asking: the action waits for the look back of
the next meeting.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Final

from flows.actions import (
    FIELDS,
    Action,
    ActionStatus,
    FollowUp,
    action_errors,
    default_due_date,
)
from flows.due import DueKind, PlanDue
from flows.effects import (
    DirectMessage,
    Effect,
    FormErrors,
    Message,
    OpenForm,
    Post,
    Reject,
    UpdateOrigin,
)
from flows.flipover import check_text
from flows.group import Group
from flows.live_context import opening_key
from flows.meeting import Meeting
from flows.texts import Text, t

CASE_BRINGER_FIRST_NUDGE = timedelta(weeks=3)  # the sources' moment to ask the case bringer
SNOOZE = timedelta(weeks=1)
LAST_NUDGE = 2  # no answer after this many: left for the look back
LIMIT: Final = 1500


@dataclass(frozen=True)
class ActionContext:
    group: Group
    meeting: Meeting
    action: Action
    held_live: bool = False  # the meeting ran in Slack, so it has a thread


@dataclass(frozen=True)
class FollowUpOutcome:
    effects: tuple[Effect, ...] = ()
    action: Action | None = None  # changed
    follow_up: FollowUp | None = None  # new
    plans: tuple[PlanDue, ...] = ()
    cancel_nudges: bool = False


@dataclass(frozen=True)
class NudgeDue:
    action_id: int
    number: int  # 1, 2 (automatic), or 0 after a snooze
    key: str


@dataclass(frozen=True)
class ActionAnswered:
    """A button on the nudge: report, snooze or drop."""

    user: str
    action_id: int
    choice: str


@dataclass(frozen=True)
class ReportSubmitted:
    user: str
    action_id: int
    did: str
    changed: str
    discussed: str
    need: str
    share: str | None  # "group" or "facilitator"


def nudge_key(action_id: int, label: str) -> str:
    return f"action_nudge:{action_id}:{label}"


def _plan(context: ActionContext, label: str, at: datetime) -> PlanDue:
    assert context.action.id is not None
    return PlanDue(key=nudge_key(context.action.id, label), kind=DueKind.ACTION_NUDGE, due_at=at,
                   group_id=context.group.id or 0, meeting_id=context.meeting.id,
                   recipient=context.action.owner)


def first_nudge(context: ActionContext) -> PlanDue:
    """On the due date at the group's meeting time; a case bringer is asked three weeks after
    the meeting at the latest."""
    action, schedule = context.action, context.group.schedule
    at = schedule.to_utc(datetime.combine(action.due_date, schedule.start_time))
    if action.owner in context.meeting.case_bringers:
        at = min(at, context.meeting.start + CASE_BRINGER_FIRST_NUDGE)
    return _plan(context, "1", at)


def nudge(context: ActionContext, event: NudgeDue, now: datetime) -> FollowUpOutcome:
    action = context.action
    if action.status is not ActionStatus.OPEN or not context.group.is_member(action.owner):
        return FollowUpOutcome()
    message = Message("action_nudge", context.group.language, {
        "group": context.group, "meeting": context.meeting, "action": action,
        "last": event.number >= LAST_NUDGE})
    plans = (_plan(context, str(event.number + 1), now + SNOOZE),) if (
        0 < event.number < LAST_NUDGE) else ()
    return FollowUpOutcome(effects=(DirectMessage(action.owner, message, key=event.key),),
                           plans=plans)


def answer(context: ActionContext, event: ActionAnswered, now: datetime) -> FollowUpOutcome:
    action, language = context.action, context.group.language
    if event.user != action.owner:
        return FollowUpOutcome(effects=(Reject(t("followup.not_yours"), language),))
    if action.status is not ActionStatus.OPEN:
        return FollowUpOutcome(effects=(Reject(t("followup.closed"), language),))
    if event.choice == "report":
        return FollowUpOutcome(effects=(OpenForm("action_report", language, {
            "action": action, "group": context.group, "meeting": context.meeting}),))
    if event.choice == "snooze":
        at = now + SNOOZE
        return FollowUpOutcome(
            effects=(_answered(context, t("followup.snoozed")),), cancel_nudges=True,
            plans=(_plan(context, f"snooze{int(at.timestamp())}", at),))
    dropped = replace(action, status=ActionStatus.DROPPED)
    return FollowUpOutcome(effects=(_answered(context, t("followup.dropped")),),
                           action=dropped, cancel_nudges=True)


def _answered(context: ActionContext, text: Text) -> UpdateOrigin:
    return UpdateOrigin(Message("action_nudge", context.group.language, {
        "group": context.group, "meeting": context.meeting, "action": context.action,
        "answered": text}))


def report(context: ActionContext, event: ReportSubmitted, now: datetime) -> FollowUpOutcome:
    action, group = context.action, context.group
    if event.user != action.owner or action.id is None:
        return FollowUpOutcome(effects=(Reject(t("followup.not_yours"), group.language),))
    errors: dict[str, Text] = {}
    values = {name: (getattr(event, name) or "").strip() for name in FIELDS}
    if not values["did"]:
        errors["did"] = t("followup.error.did_missing")
    for name, value in values.items():
        if len(value) > LIMIT:
            errors[name] = t("live.error.text_long", count=len(value), most=LIMIT)
    if event.share not in ("group", "facilitator"):
        errors["share"] = t("followup.error.share_missing")
    if errors:
        return FollowUpOutcome(effects=(FormErrors(errors, group.language),))
    follow_up = FollowUp(action.id, event.user, shared=event.share == "group", **values)
    data = {"group": group, "meeting": context.meeting, "action": action,
            "follow_up": follow_up}
    effects: tuple[Effect, ...] = ()
    if follow_up.shared and group.channel_private:
        # In the meeting's thread, where the group left off (when it ran in Slack).
        thread = opening_key(context.meeting.id or 0) if context.held_live else None
        effects = (Post(group.channel_id, Message("follow_up", group.language, data),
                        key=f"followup:{action.id}", thread_key=thread),
                   Post(group.channel_id, Message("follow_up_note", group.language, data),
                        key=f"followup_note:{action.id}"))
    elif follow_up.shared:  # not in a public channel: to each member instead
        effects = tuple(DirectMessage(user, Message("follow_up", group.language, data),
                                      key=f"followup:{action.id}:{user}")
                        for user in dict.fromkeys(group.members + group.coordinators))
    thanks = "followup.thanks_shared" if follow_up.shared else "followup.thanks_kept"
    effects += (DirectMessage(action.owner, Message("text", group.language,
                                                    {"text": t(thanks)})),)
    return FollowUpOutcome(effects=effects, action=replace(action, status=ActionStatus.REPORTED),
                           follow_up=follow_up, cancel_nudges=True)


@dataclass(frozen=True)
class ActionFormRequested:
    """`/intervisie action` in the group's channel, or the button on a meeting's summary."""

    team_id: str
    user: str
    language: str
    channel_id: str | None = None
    meeting_id: int | None = None


@dataclass(frozen=True)
class ActionSubmitted:
    user: str
    meeting_id: int
    text: str
    owner: str | None
    due_date: date | None


def action_form(group: Group, meeting: Meeting, event: ActionFormRequested,
                next_start: datetime | None, now: datetime) -> tuple[Effect, ...]:
    if not group.is_member(event.user):
        return (Reject(t("roles.not_in_group"), group.language),)
    return (OpenForm("action_new", group.language, {
        "meeting_id": meeting.id, "group": group, "meeting": meeting, "owner": event.user,
        "due_date": default_due_date(group, next_start, now)}),)


def add_action(group: Group, meeting: Meeting, event: ActionSubmitted, now: datetime
               ) -> tuple[Action | None, tuple[Effect, ...]]:
    """A personal action: anyone in the group, for themselves or for someone in it."""
    if not group.is_member(event.user):
        return None, (Reject(t("roles.not_in_group"), group.language),)
    errors = check_text(event.text) | action_errors(group, event.owner, event.due_date, now)
    if errors:
        return None, (FormErrors(errors, group.language),)
    assert event.owner and event.due_date
    action = Action(group_id=group.id or 0, meeting_id=meeting.id, owner=event.owner,
                    text=event.text.strip(), due_date=event.due_date, created_by=event.user)
    told = DirectMessage(event.owner, Message("text", group.language, {"text": t(
        "followup.added", action=action.text, name=group.name)}))
    return action, (told,)
