"""Use cases of the follow-up: nudge the owner of a due action, and their answers (report
back, snooze, drop), inside the runtime's transaction."""

from __future__ import annotations

from datetime import datetime

from bot import logbook_use_cases
from flows import followup
from flows.actions import Action
from flows.attendance import took_place
from flows.due import DueAction
from flows.effects import Effect, Reject
from flows.texts import t
from storage.repositories import UnitOfWork


def action_context(work: UnitOfWork, action_id: int) -> followup.ActionContext | None:
    action = work.flipover.action(action_id)
    found = work.meeting_and_group(action.meeting_id) if action and action.meeting_id else None
    if action is None or found is None:
        return None
    meeting, group = found
    return followup.ActionContext(group, meeting, action,
                                  held_live=work.live.opened(meeting.id or 0))


def save(work: UnitOfWork, context: followup.ActionContext, outcome: followup.FollowUpOutcome,
         now: datetime) -> tuple[Effect, ...]:
    if outcome.action is not None:
        work.flipover.save_action(outcome.action, now)
    if outcome.follow_up is not None:
        work.flipover.save_follow_up(outcome.follow_up, now)
    if outcome.cancel_nudges and context.action.id is not None:
        work.due.cancel_prefix(followup.nudge_key(context.action.id, ""), now)
    for plan in outcome.plans:
        work.due.plan(plan, now)
    if outcome.action is not None and outcome.action.status is not context.action.status:
        return outcome.effects + logbook_use_cases.redraw(work, context.group, now)
    return outcome.effects


def fire(work: UnitOfWork, due: DueAction, now: datetime) -> tuple[Effect, ...]:
    """An action's nudge came due (its key: action_nudge:<action>:<number or snooze…>)."""
    _, action_id, label = due.key.split(":", 2)
    context = action_context(work, int(action_id)) if action_id.isdigit() else None
    if context is None:
        return ()
    event = followup.NudgeDue(int(action_id), int(label) if label.isdigit() else 0, due.key)
    return save(work, context, followup.nudge(context, event, now), now)


def _on_action(decide):
    def handler(work: UnitOfWork, event, now: datetime) -> tuple[Effect, ...]:
        context = action_context(work, event.action_id)
        if context is None:
            return (Reject(t("followup.gone"), "en"),)
        return save(work, context, decide(context, event, now), now)
    return handler


def _meeting_for_action(work: UnitOfWork, event: followup.ActionFormRequested, now: datetime):
    """The meeting an action belongs to: the one named, else the group's latest meeting."""
    if event.meeting_id is not None:
        found = work.meeting_and_group(event.meeting_id)
        return (found[1], found[0]) if found else (None, None)
    group = work.groups.by_channel(event.team_id, event.channel_id or "")
    if group is None or group.id is None:
        return None, None
    started = [m for m in work.meetings.of_group(group.id) if not m.cancelled and m.start <= now]
    return group, (started[-1] if started else None)


def _next_start(work: UnitOfWork, group_id: int, now: datetime) -> datetime | None:
    coming = [m for m in work.meetings.of_group(group_id, since=now)
              if not m.cancelled and m.start > now]
    return coming[0].start if coming else None


def _action_form(work: UnitOfWork, event: followup.ActionFormRequested, now: datetime
                 ) -> tuple[Effect, ...]:
    group, meeting = _meeting_for_action(work, event, now)
    if group is None:
        return (Reject(t("group.none_here"), event.language),)
    if meeting is None:
        return (Reject(t("followup.no_meeting"), group.language),)
    return followup.action_form(group, meeting, event, _next_start(work, group.id or 0, now), now)


def _action_submitted(work: UnitOfWork, event: followup.ActionSubmitted, now: datetime
                      ) -> tuple[Effect, ...]:
    found = work.meeting_and_group(event.meeting_id)
    if found is None:
        return (Reject(t("followup.gone"), "en"),)
    meeting, group = found
    action, effects = followup.add_action(group, meeting, event, now)
    if action is not None:
        new_actions(work, [work.flipover.save_action(action, now)], now)
        if took_place(meeting, now):
            effects += logbook_use_cases.redraw(work, group, now)
    return effects


HANDLERS = {
    followup.ActionFormRequested: _action_form,
    followup.ActionSubmitted: _action_submitted,
    followup.ActionAnswered: _on_action(followup.answer),
    followup.ReportSubmitted: _on_action(followup.report),
}


def new_actions(work: UnitOfWork, saved: list[Action], now: datetime) -> None:
    """Each new action gets its first nudge."""
    for action in saved:
        if action.id is not None and (context := action_context(work, action.id)):
            work.due.plan(followup.first_nudge(context), now)
