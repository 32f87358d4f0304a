"""The closing summary (the flip-over at the end): where it goes, and its later redraws.

In a private channel it is posted in the meeting's thread. A public channel is not a place for
intervision material, so there each member gets it by direct message and the thread only says
so.
"""

from __future__ import annotations

from datetime import datetime

from flows.effects import DirectMessage, Effect, Update
from flows.live_context import LiveContext, in_thread, live_message, summary_key


def _members(context: LiveContext) -> tuple[str, ...]:
    return tuple(dict.fromkeys(context.group.members + context.group.coordinators))


def closing(context: LiveContext, now: datetime) -> list[Effect]:
    key = summary_key(context.meeting_id)
    summary = live_message("live_summary", context, now)
    if context.group.channel_private:
        return [in_thread(context, summary, key)]
    note = live_message("live_notice", context, now, notice="summary_sent", index=0, seconds=0)
    return [in_thread(context, note, f"{key}:note"),
            *(DirectMessage(user, summary, key=f"{key}:{user}") for user in _members(context))]


def redraw_summary(context: LiveContext, now: datetime) -> tuple[Effect, ...]:
    """After a check-out: the summary shows how many checked out (never who said what)."""
    key = summary_key(context.meeting_id)
    summary = live_message("live_summary", context, now)
    if context.group.channel_private:
        return (Update(key, summary, revision=context.revision),)
    return tuple(Update(f"{key}:{user}", summary, revision=context.revision)
                 for user in _members(context))
