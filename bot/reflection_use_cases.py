"""Use cases of a member's reflection: open the form, keep the answers, and turn "what I will
do, by when" into a personal action that is followed up like the others."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bot.followup_use_cases import new_actions
from flows import reflection
from flows.effects import Effect, Reject
from flows.texts import t
from storage.repositories import UnitOfWork


def _form(work: UnitOfWork, event: reflection.ReflectionFormRequested, now: datetime
          ) -> tuple[Effect, ...]:
    found = work.meeting_and_group(event.meeting_id)
    if found is None:
        return (Reject(t("roles.gone"), "en"),)
    meeting, group = found
    mine = work.reflections.of(event.meeting_id, event.user)
    action = work.flipover.action(mine.action_id) if mine and mine.action_id else None
    return reflection.open_form(group, meeting, event, mine, action, now)


def _submitted(work: UnitOfWork, event: reflection.ReflectionSubmitted, now: datetime
               ) -> tuple[Effect, ...]:
    found = work.meeting_and_group(event.meeting_id)
    if found is None:
        return (Reject(t("roles.gone"), "en"),)
    meeting, group = found
    mine = work.reflections.of(event.meeting_id, event.user)
    if mine and mine.action_id and work.flipover.action(mine.action_id) is None:
        mine = replace(mine, action_id=None)  # the action was deleted since
    outcome = reflection.submit(group, meeting, event, mine, now)
    if outcome.reflection is None:
        return outcome.effects
    kept = outcome.reflection
    if outcome.action is not None:
        saved = work.flipover.save_action(outcome.action, now)
        new_actions(work, [saved], now)
        kept = replace(kept, action_id=saved.id)
    work.reflections.save(kept, group.id or 0, now)
    return outcome.effects


HANDLERS = {
    reflection.ReflectionFormRequested: _form,
    reflection.ReflectionSubmitted: _submitted,
}
