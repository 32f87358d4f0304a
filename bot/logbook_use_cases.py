"""Use cases of the group's logbook canvas: gather what the logbook may show and ask for a
fresh drawing, inside the transaction of the change that caused it.

Called where a meeting ends, where an action's state changes, after the retention purge and
after forget-me. Talks to no one: the drawing is an effect like a message.
"""

from __future__ import annotations

from datetime import datetime

from flows import logbook
from flows.attendance import took_place
from flows.effects import Effect
from flows.group import Group
from flows.live import LiveStatus
from storage.repositories import UnitOfWork


def _owner(group: Group) -> str:
    return f"logbook:{group.id}"


def method_used(work: UnitOfWork, meeting_id: int) -> str | None:
    """The method the meeting ran in Slack; None when it was never started here (the opening
    only proposed one)."""
    found = work.live.get(meeting_id)
    return found[0].method_id if found and found[0].status is not LiveStatus.NOT_STARTED else None


def _records(work: UnitOfWork, group: Group, now: datetime) -> list[logbook.MeetingRecord]:
    records = []
    for meeting in work.meetings.of_group(group.id or 0):
        if meeting.id is None or not took_place(meeting, now):
            continue
        records.append(logbook.MeetingRecord(
            meeting, method_id=method_used(work, meeting.id),
            cases=tuple(work.cases.of_meeting(meeting.id)),
            actions=tuple(work.flipover.actions(meeting.id))))
    return records


def redraw(work: UnitOfWork, group: Group, now: datetime, only_existing: bool = False
           ) -> tuple[Effect, ...]:
    """The logbook drawn afresh; with `only_existing`, only when the group has one already
    (a purge or forget-me must not start a logbook of its own)."""
    if group.id is None or (only_existing and not work.canvases.exists(_owner(group))):
        return ()
    book = logbook.logbook(group, _records(work, group, now), now)
    if not book.entries and not work.canvases.exists(_owner(group)):
        return ()
    revision = work.canvases.next_revision(_owner(group), group.id, group.channel_id,
                                           len(book.entries), now)
    return (logbook.draw(group, book, revision),)


def hourly(work: UnitOfWork, group: Group, now: datetime, purged: bool,
           entries: dict[int, int], undrawn: set[int]) -> tuple[Effect, ...]:
    """The housekeeping's part: a meeting held outside Slack gets its section, a purge takes
    titles and actions away, and a drawing that never reached Slack is made again."""
    if purged or group.id in undrawn:
        return redraw(work, group, now, only_existing=True)
    held = sum(1 for m in work.meetings.of_group(group.id or 0) if took_place(m, now))
    if held != entries.get(group.id or 0, 0):
        return redraw(work, group, now)
    return ()
