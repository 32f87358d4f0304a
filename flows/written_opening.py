"""Changing one meeting to the written tempo from its opening: before Start, the facilitator
(or a coordinator) can let this meeting run in writing over the group's working days instead.
It begins at once: a written meeting's first phase opens with it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from flows import library
from flows.live import LiveStatus
from flows.live_context import LiveContext, LiveOutcome, bumped, refuse
from flows.running import agenda_for, begin
from flows.written import WRITTEN, plan_for, written_agenda


@dataclass(frozen=True)
class WrittenChosen:
    """The opening's "Run in writing" button."""

    user: str
    meeting_id: int


def choose_written(context: LiveContext, event: WrittenChosen, now: datetime) -> LiveOutcome:
    live = context.live
    if event.user not in context.may_control:
        return refuse(context, "live.refused.only_facilitator")
    if live is None or live.status is not LiveStatus.NOT_STARTED or live.written is not None:
        return refuse(context, "written.refused.started")
    plan = plan_for(context.group)
    method = library.method(live.method_id)
    agenda = written_agenda(agenda_for(method, context, live.speed), plan)
    meeting = replace(context.meeting, tempo=WRITTEN)
    facilitator = meeting.facilitator or event.user  # whoever changes it, leads it
    meeting = replace(meeting, facilitator=facilitator)
    written = replace(live, written=plan, agenda=agenda, version=live.version + 1)
    after = bumped(context, live=written, meeting=meeting)
    outcome = LiveOutcome(live=written, meeting=meeting)
    return outcome.then(begin(after, now))
