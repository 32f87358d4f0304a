"""`/intervisie rehearse`: save the stand-in group of one and its meeting, open and start it at
rehearsal speed in the person's DM, and wipe every row of it once it has ended.

The meeting itself runs through the live use cases (its group is marked `rehearsal`, so what
counts — evaluation, logbook, action nudges — leaves it out).
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime

from bot import live_use_cases
from flows import rehearsal, running
from flows.effects import Effect, Reject
from flows.texts import t
from storage.repositories import UnitOfWork


def rehearse(work: UnitOfWork, event: rehearsal.RehearseCommand, now: datetime
             ) -> tuple[Effect, ...]:
    language = event.user_language if event.user_language in ("nl", "en") else "en"
    method, tempo = rehearsal.method_of(event.words)
    if method is None:
        return (Reject(t("rehearsal.unknown", word=event.words), language),)
    if work.groups.by_channel(event.team_id, event.user) is not None:
        return (Reject(t("rehearsal.already"), language),)
    group, meeting = rehearsal.stand_in(event, method, tempo, now)
    group = work.groups.save(group, now)
    meeting = work.meetings.save(replace(meeting, group_id=group.id or 0), now)
    context = live_use_cases.live_context(work, meeting.id or 0)
    assert context is not None
    speed = rehearsal.speed_for(tempo)
    rng = random.Random(f"rehearsal:{meeting.id}:{now.isoformat()}")
    outcome = running.start(context, running.StartRequested(event.user, meeting.id or 0), now,
                            speed, rng)
    return live_use_cases.save(work, context, outcome, now)


HANDLERS = {rehearsal.RehearseCommand: rehearse}
