"""A meeting (bijeenkomst): one occurrence of a group's rhythm, with its roles and status.

`occurrence` is the RRULE date-time the meeting stands for and never changes, so a moved or
cancelled meeting can still be matched to its place in the series (and to EXDATE /
RECURRENCE-ID in a calendar feed). `start` is when it really takes place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class MeetingStatus(StrEnum):
    PLANNED = "planned"
    CANCELLED = "cancelled"
    HELD = "held"


@dataclass(frozen=True)
class Meeting:
    group_id: int
    occurrence: datetime  # aware UTC: the series' date-time this meeting stands for
    start: datetime  # aware UTC: when it takes place (differs from occurrence when moved)
    duration_minutes: int
    status: MeetingStatus = MeetingStatus.PLANNED
    case_bringers: tuple[str, ...] = ()
    facilitator: str | None = None
    roles_confirmed: bool = False
    coming: frozenset[str] = frozenset()  # answered "Coming" to the reminder
    not_coming: frozenset[str] = frozenset()  # answered "Can't come"
    volunteers: tuple[str, ...] = ()  # said "I have a case", in that order
    passes: frozenset[str] = frozenset()  # asked to be skipped as case bringer this time
    case_in_meeting: bool = False  # no case beforehand: the method uses one brought in the room
    unscheduled: bool = False  # started with `/intervisie start` outside the rhythm
    tempo: str | None = None  # "live" or "written" for this meeting; None: the group's default
    # Kept by storage: how often its time or cancellation changed (the calendar's SEQUENCE)
    # and when it last did (LAST-MODIFIED).
    revision: int = 0
    changed_at: datetime | None = None
    location: str | None = None  # its own place or link; None: where the group meets
    id: int | None = None

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.duration_minutes)

    @property
    def moved(self) -> bool:
        return self.start != self.occurrence

    @property
    def cancelled(self) -> bool:
        return self.status is MeetingStatus.CANCELLED
