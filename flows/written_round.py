"""A phase in writing: who is asked, the direct messages when it opens, the nudge before its
deadline, and the facilitator's note when everyone expected is in.

Contributions stay hidden until the phase closes (bot/render/written draws only counts while a
written phase runs); this module decides who hears what, and when. Pure.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from flows import collecting
from flows.collecting import ContributionSubmitted
from flows.effects import DirectMessage, Effect
from flows.facilitating import not_heard
from flows.flipover import HELD
from flows.live_context import LiveContext, LiveOutcome, live_message
from flows.meeting import Meeting
from flows.working_time import within
from flows.written import WRITTEN


def is_written(context: LiveContext) -> bool:
    return context.live is not None and context.live.written is not None


def expected(context: LiveContext, index: int) -> tuple[str, ...]:
    """Members asked for a contribution in this round (the facilitator leads, and is not)."""
    live = context.live
    assert live is not None
    item = live.agenda[index]
    bringer = context.case_bringer(item.case_number)
    # In a rehearsal the one person is everyone, the facilitator too.
    return tuple(user for user in context.group.members
                 if (user != context.meeting.facilitator or context.group.rehearsal)
                 and item.phase.may_contribute(user == bringer))


def deciders(context: LiveContext, index: int) -> tuple[str, ...]:
    """Who acts in a phase where the case bringer rates, marks or chooses."""
    live = context.live
    assert live is not None
    item = live.agenda[index]
    phase = item.phase
    if not (phase.rates or phase.marks or phase.chooses):
        return ()
    bringer = context.case_bringer(item.case_number)
    return (bringer,) if bringer else ()


def _dm(context: LiveContext, user: str, kind: str, index: int, now: datetime, key: str
        ) -> DirectMessage:
    live = context.live
    assert live is not None
    return DirectMessage(user, live_message(kind, context, now, index=index, user=user,
                                            entry_version=live.entry_version),
                         key=f"written:{context.meeting_id}:{key}:{live.entry_version}:{user}")


def opened(context: LiveContext, index: int, now: datetime) -> tuple[Effect, ...]:
    """A phase opened: a direct message to each who must act in it, with its deadline."""
    live = context.live
    assert live is not None
    item = live.agenda[index]
    asked = expected(context, index) if item.phase.collects else ()
    people = dict.fromkeys((*asked, *deciders(context, index)))
    return tuple(_dm(context, user, "written_phase", index, now, "open") for user in people)


def nudges(context: LiveContext, index: int, now: datetime) -> tuple[Effect, ...]:
    """A working day before the deadline: a reminder to each who has not added anything
    (keyed per phase entry, so at most one a phase even when it is extended)."""
    live = context.live
    # Never at night, also not when a restart made it late (a rehearsal has no nights).
    night = live is not None and live.written is not None and live.speed == 1 \
        and not within(live.written.week, now)
    if live is None or live.written is None or night:
        return ()
    return tuple(_dm(context, user, "written_nudge", index, now, "nudge")
                 for user in not_heard(context, index))


def all_in(context: LiveContext, index: int, now: datetime) -> tuple[Effect, ...]:
    """Everyone expected has added something: the facilitator may close the phase early."""
    live, facilitator = context.live, context.meeting.facilitator
    if (live is None or live.written is None or facilitator is None or live.index != index
            or not live.agenda[index].phase.collects or not_heard(context, index)
            or live.status.value != "running"):
        return ()
    return (_dm(context, facilitator, "written_all_in", index, now, "all_in"),)


def counts(context: LiveContext, index: int) -> tuple[int, int]:
    """(how many of the expected have added something, how many are expected)."""
    asked = expected(context, index)
    added = {c.author for c in context.contributions if c.phase_index == index}
    return sum(1 for user in asked if user in added), len(asked)


def add(context: LiveContext, event: ContributionSubmitted, now: datetime) -> LiveOutcome:
    """A contribution, as live; in a written round the facilitator hears when all are in."""
    outcome = collecting.add(context, event, now)
    if not outcome.contributions or not is_written(context):
        return outcome
    after = replace(context, contributions=(*context.contributions, *outcome.contributions))
    return replace(outcome, effects=outcome.effects + all_in(after, event.phase_index, now))


def written_attendance(context: LiveContext, meeting: Meeting) -> Meeting:
    """A written meeting counts for those who contributed in its rounds (and the facilitator,
    who led it); the others did not take part."""
    took_part = {c.author for c in context.contributions if c.kind != HELD}
    took_part |= {meeting.facilitator} if meeting.facilitator else set()
    everyone = set(context.group.members) | set(context.group.coordinators)
    return replace(meeting, tempo=WRITTEN, coming=frozenset(took_part & everyone),
                   not_coming=frozenset(everyone - took_part))
