"""The facilitator's private moves in a running meeting: their control panel (shown only to
them), the clock's signals by direct message, and halfway through a round the names of who has
not added anything yet — so they can invite them, and the bot never shames anyone in public.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flows.effects import DirectMessage, Effect, Reply
from flows.live import LiveStatus
from flows.live_context import LiveContext, LiveOutcome, live_message, refuse


@dataclass(frozen=True)
class PanelRequested:
    """The one Facilitator button on a phase message: the controls, for them only."""

    user: str
    meeting_id: int


def panel(context: LiveContext, event: PanelRequested, now: datetime) -> LiveOutcome:
    """The facilitator's controls, shown only to the one who asked (and may use them)."""
    if event.user not in context.may_control:
        return refuse(context, "live.refused.only_facilitator")
    if context.live is None or context.live.status is LiveStatus.ENDED:
        return refuse(context, "live.refused.not_running")
    return LiveOutcome(effects=(Reply(live_message("live_panel", context, now)),))


def signal(context: LiveContext, now: datetime, kind: str, index: int, seconds: int,
            key: str) -> tuple[Effect, ...]:
    """The clock's heads-up or time-up, to the facilitator alone (if they want it)."""
    facilitator, live = context.meeting.facilitator, context.live
    if facilitator is None or live is None or not live.private_signals:
        return ()
    message = live_message("live_notice", context, now, notice=kind, index=index,
                           seconds=seconds)
    return (DirectMessage(facilitator, message, key=f"live:{context.meeting_id}:{key}"),)


def not_heard(context: LiveContext, index: int) -> tuple[str, ...]:
    """Members who may add in this round and have not added anything to it yet."""
    live = context.live
    assert live is not None
    item = live.agenda[index]
    added = {c.author for c in context.contributions if c.phase_index == index}
    bringer = context.case_bringer(item.case_number)
    return tuple(user for user in context.group.members
                 if user not in added and user != context.meeting.facilitator
                 and item.phase.may_contribute(user == bringer))


def not_heard_note(context: LiveContext, now: datetime, index: int, key: str
               ) -> tuple[Effect, ...]:
    """Halfway through a round: the facilitator privately hears who has not added anything,
    so they can invite them (online members especially). Never in the thread."""
    facilitator, live = context.meeting.facilitator, context.live
    quiet = not_heard(context, index)
    if facilitator is None or live is None or not live.private_signals or not quiet:
        return ()
    message = live_message("live_notice", context, now, notice="not_heard", index=index,
                           seconds=0, users=quiet)
    return (DirectMessage(facilitator, message, key=f"live:{context.meeting_id}:{key}"),)
