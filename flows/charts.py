"""The group's pictures (grafieken): attendance and usefulness per meeting, and the methods used.

Pure numbers for the shell to draw. Never anyone's own answer: attendance is a count per
meeting, usefulness the average of the check-outs of a meeting — only when at least three
people checked out, as the evaluation summary does — and methods a count per method.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from flows.attendance import took_place
from flows.effects import DirectFile, Message
from flows.evaluation import MIN_ANSWERS
from flows.group import Group
from flows.meeting import Meeting

LAST_MEETINGS = 12  # a picture, not a register: the latest meetings are enough


@dataclass(frozen=True)
class MeetingPoint:
    start: datetime
    attendance: int
    usefulness: float | None  # average check-out score 1–5; None with too few check-outs


@dataclass(frozen=True)
class GroupCharts:
    group_id: int
    group_name: str
    timezone: str
    points: tuple[MeetingPoint, ...]  # oldest first
    methods: tuple[tuple[str, int], ...]  # (method id, meetings), most used first

    @property
    def version(self) -> str:
        """Changes whenever the picture would: image URLs carry it, so Slack fetches anew."""
        return hashlib.sha256(repr((self.group_name, self.points, self.methods)).encode()
                              ).hexdigest()[:12]


@dataclass(frozen=True)
class MeetingFacts:
    """What storage hands over for one meeting."""

    meeting: Meeting
    method_id: str | None
    scores: Sequence[int] = ()


def usefulness(scores: Sequence[int]) -> float | None:
    if len(scores) < MIN_ANSWERS:
        return None
    return round(sum(scores) / len(scores), 1)


def group_charts(group: Group, facts: Iterable[MeetingFacts], now: datetime
                 ) -> GroupCharts | None:
    """The pictures of the meetings that took place; None before the first."""
    held = sorted((f for f in facts if took_place(f.meeting, now)),
                  key=lambda f: f.meeting.start)[-LAST_MEETINGS:]
    if not held:
        return None
    points = tuple(MeetingPoint(f.meeting.start, len(f.meeting.coming), usefulness(f.scores))
                   for f in held)
    used = Counter(f.method_id for f in held if f.method_id)
    methods = tuple(sorted(used.items(), key=lambda item: (-item[1], item[0])))
    return GroupCharts(group.id or 0, group.name, group.schedule.timezone, points, methods)


def for_coordinators(group: Group, charts: GroupCharts | None, key: str
                     ) -> tuple[DirectFile, ...]:
    """The pictures as a file in each coordinator's DM (keyed per cause and person)."""
    if charts is None:
        return ()
    document = Message("group_charts", group.language, {"charts": charts})
    return tuple(DirectFile(user, document, key=f"{key}:{user}") for user in group.coordinators)
