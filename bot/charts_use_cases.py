"""Use cases of the group's charts: gather the numbers of the latest meetings (inside a unit of
work) for the evaluation's file to the coordinators, the Home tab and the chart endpoint."""

from __future__ import annotations

from datetime import datetime

from bot.logbook_use_cases import method_used
from flows import charts
from flows.attendance import took_place
from flows.group import Group
from storage.repositories import UnitOfWork


def charts_of(work: UnitOfWork, group: Group, now: datetime) -> charts.GroupCharts | None:
    held = [m for m in work.meetings.of_group(group.id or 0)
            if m.id is not None and took_place(m, now)][-charts.LAST_MEETINGS:]
    facts = []
    for meeting in held:
        facts.append(charts.MeetingFacts(
            meeting, method_used(work, meeting.id or 0),
            tuple(c.score for c in work.flipover.checkouts(meeting.id or 0))))
    return charts.group_charts(group, facts, now)
