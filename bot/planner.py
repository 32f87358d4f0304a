"""Keeping meetings and their due actions in step with the group, inside a unit of work.

Called when a group is saved or its plan changes, and by the hourly housekeeping, so the
meetings within the horizon always exist and each has its timeline planned. The housekeeping
also deletes what is past the group's retention period and asks for a due evaluation.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from bot import evaluation_use_cases, logbook_use_cases
from flows import planning
from flows.calendar_series import after_change
from flows.due import TIMELINE_KINDS, CancelDue
from flows.effects import Effect
from flows.group import Group
from flows.meeting import Meeting
from flows.privacy import retention_cutoff
from storage.repositories import UnitOfWork

log = logging.getLogger(__name__)


def replan(work: UnitOfWork, group: Group, meeting: Meeting, now: datetime) -> None:
    """Cancel the meeting's pending due actions and plan its timeline afresh.

    Steps already done keep their keys, so re-planning never repeats them.
    """
    assert meeting.id is not None
    # A running meeting's phase timers are its own business, not the timeline's.
    work.due.cancel(CancelDue(meeting.id, kinds=TIMELINE_KINDS), now)
    work.due.forget_cancelled(meeting.id)
    for due in planning.timeline(group, meeting, now):
        work.due.plan(due, now)


def materialize(work: UnitOfWork, group: Group, now: datetime,
                until: datetime | None = None) -> list[Meeting]:
    """Create the meetings of the horizon that do not exist yet, each with its timeline."""
    assert group.id is not None
    existing = work.meetings.of_group(group.id)
    created = []
    for meeting in planning.new_meetings(group, existing, now, until):
        try:
            with work.session.begin_nested():
                saved = work.meetings.save(meeting)
        except IntegrityError:
            continue  # another bot process created it (and planned it) at the same moment
        created.append(saved)
        for due in planning.timeline(group, saved, now):
            work.due.plan(due, now)
    return created


def group_changed(work: UnitOfWork, before: Group | None, group: Group, now: datetime) -> None:
    """After setup: a new rhythm drops the future meetings it no longer has; every future
    meeting is re-planned (members, timeline or length may have changed)."""
    assert group.id is not None
    def series(g: Group) -> tuple:
        s = g.schedule
        return (s.rrule, s.first_date, s.start_time, s.timezone)

    rhythm_changed = before is not None and series(before) != series(group)
    for meeting in work.meetings.of_group(group.id, since=now):
        if rhythm_changed and not meeting.moved and not meeting.cancelled:
            work.meetings.delete(meeting)
        elif not meeting.cancelled:
            meeting = work.meetings.save(replace(
                meeting, duration_minutes=group.schedule.duration_minutes), now)
            replan(work, group, meeting, now)
    for series in after_change(work.calendar.history(group.id), group.schedule, now):
        work.calendar.save_series(group.id, series)
    history = work.calendar.history(group.id)
    if before is not None and before.location != group.location and history:
        # A new place is a change calendars must take over: the series' SEQUENCE grows.
        work.calendar.save_series(group.id, replace(
            history[-1], revision=history[-1].revision + 1, updated_at=now))
    materialize(work, group, now)


def housekeeping(work: UnitOfWork, now: datetime
                 ) -> dict[str, tuple[list[str], tuple[Effect, ...]]]:
    """Hourly: meetings within the horizon exist, texts past retention are deleted, a group
    that meets outside Slack gets its evaluation, and the logbook follows. Returns, per
    workspace (team id), the keys of the bot's messages to delete from Slack too, and the
    effects to carry out (each sent with that workspace's token)."""
    per_team: dict[str, tuple[list[str], tuple[Effect, ...]]] = {}
    undrawn = set(work.canvases.undrawn_groups())
    entries = work.canvases.entries_by_group()
    for group in work.groups.all():
        materialize(work, group, now)
        effects = evaluation_use_cases.catch_up(work, group, now)
        gone, keys = _purge(work, group, now)
        effects += logbook_use_cases.hourly(work, group, now, bool(gone), entries, undrawn)
        to_delete, before = per_team.get(group.team_id, ([], ()))
        per_team[group.team_id] = (to_delete + keys, before + effects)
    for group in work.groups.of_departed_teams():
        # The workspace uninstalled the app: nothing is planned or sent, but its texts still go
        # when the group's retention says so (the bot can no longer delete its messages there).
        _purge(work, group, now)
    return per_team


def _purge(work: UnitOfWork, group: Group, now: datetime) -> tuple[int, list[str]]:
    gone, keys = work.privacy.purge(group.id or 0, retention_cutoff(group, now))
    if gone or keys:
        log.info("group %s: deleted %s texts and %s messages past its retention period",
                 group.id, gone, len(keys), extra={"group_id": group.id})
    return gone, keys
