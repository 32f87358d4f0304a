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


def _mine(work: UnitOfWork, meeting_id: int, user: str):
    """The person's reflection on the meeting (if any) and the action it made, which may have
    been deleted since (then the reflection no longer points at it)."""
    mine = work.reflections.of(meeting_id, user)
    action = work.flipover.action(mine.action_id) if mine and mine.action_id else None
    if mine and mine.action_id and action is None:
        mine = replace(mine, action_id=None)
    return mine, action


def _form(work: UnitOfWork, event: reflection.ReflectionFormRequested, now: datetime
          ) -> tuple[Effect, ...]:
    found = work.meeting_and_group(event.meeting_id)
    if found is None:
        return (Reject(t("roles.gone"), "en"),)
    meeting, group = found
    mine, action = _mine(work, event.meeting_id, event.user)
    return reflection.open_form(group, meeting, event, mine, action, now)


def _submitted(work: UnitOfWork, event: reflection.ReflectionSubmitted, now: datetime
               ) -> tuple[Effect, ...]:
    found = work.meeting_and_group(event.meeting_id)
    if found is None:
        return (Reject(t("roles.gone"), "en"),)
    meeting, group = found
    mine, _ = _mine(work, event.meeting_id, event.user)
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
