"""The written tempo (schriftelijke intervisie): the same method over days instead of minutes.

A written meeting keeps the live agenda (same phases, rules and roles) but each phase gets a
share of the meeting's working days, in proportion to its live minutes; its deadline is that
much working time after it opens. A nudge goes a working day before the deadline. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, time
from typing import TYPE_CHECKING

from flows.agenda import AgendaPhase
from flows.methods import Phase
from flows.texts import Text, t
from flows.working_time import WorkingWeek, add_working, subtract_working

if TYPE_CHECKING:
    from flows.group import Group
    from flows.meeting import Meeting

LIVE, WRITTEN = "live", "written"
NOTE = "note"  # what a phase collects in writing when live it is only spoken
TEMPOS = (LIVE, WRITTEN)
DEFAULT_DAYS, MIN_DAYS, MAX_DAYS = 10, 5, 20
NUDGE_DAYS = 1  # the nudge comes this many working days before a deadline
EXTEND_DAYS = 1  # what the facilitator's "extend" adds to a written phase


@dataclass(frozen=True)
class WrittenPlan:
    """How a written meeting runs: its length in working days and the group's working week."""

    week: WorkingWeek = field(default_factory=WorkingWeek)
    days: int = DEFAULT_DAYS

    def __post_init__(self) -> None:
        if not MIN_DAYS <= self.days <= MAX_DAYS:
            raise ValueError(f"a written meeting lasts {MIN_DAYS} to {MAX_DAYS} working days")

    def to_json(self) -> dict:
        week = self.week
        return {"days": self.days, "zone": week.zone, "weekdays": list(week.days),
                "start": week.start.strftime("%H:%M"), "end": week.end.strftime("%H:%M")}

    @classmethod
    def from_json(cls, data: dict) -> WrittenPlan:
        week = WorkingWeek(zone=data["zone"], days=tuple(data["weekdays"]),
                           start=time.fromisoformat(data["start"]),
                           end=time.fromisoformat(data["end"]))
        return cls(week=week, days=data["days"])


def plan_for(group: Group) -> WrittenPlan:
    """The group's written tempo: its working week in its zone, its length in working days."""
    week = WorkingWeek(zone=group.schedule.timezone, days=group.work_days,
                       start=group.work_start, end=group.work_end)
    return WrittenPlan(week=week, days=group.written_days)


def tempo_of(group: Group, meeting: Meeting) -> str:
    return meeting.tempo or group.tempo


def check_settings(tempo: str | None, days: str, weekdays: tuple[str, ...],
                   start: time | None, end: time | None, errors: dict[str, Text]
                   ) -> dict[str, object]:
    """The setup form's written-tempo fields as Group fields; problems go into `errors`."""
    if tempo not in TEMPOS:
        errors["tempo"] = t("written.error.tempo")
    length = int(days) if days.strip().isdigit() else None
    if length is None or not MIN_DAYS <= length <= MAX_DAYS:
        errors["written_days"] = t("written.error.days", low=MIN_DAYS, high=MAX_DAYS)
    chosen = tuple(sorted({int(day) for day in weekdays if day.isdigit() and 0 <= int(day) <= 6}))
    if not chosen:
        errors["work_days"] = t("written.error.work_days")
    if start is None or end is None or end <= start:
        errors["work_end"] = t("written.error.work_hours")
    return {"tempo": tempo or LIVE, "written_days": length or DEFAULT_DAYS,
            "work_days": chosen or (0, 1, 2, 3, 4), "work_start": start or time(9),
            "work_end": end or time(17)}


def written_agenda(agenda: tuple[AgendaPhase, ...], plan: WrittenPlan
                   ) -> tuple[AgendaPhase, ...]:
    """The live agenda with each phase's `seconds` turned into its share of working time.

    Shares follow the fitted live minutes, so a phase that takes a quarter of the hour takes a
    quarter of the days; the shares add up to the whole length (rounding goes to the last).
    """
    total_minutes = sum(item.minutes for item in agenda) or 1
    total = plan.days * plan.week.day_seconds
    shares = [total * item.minutes // total_minutes for item in agenda]
    shares[-1] += total - sum(shares)
    return tuple(replace(item, phase=_in_writing(item), seconds=max(1, share),
                         heads_up_seconds=0)
                 for item, share in zip(agenda, shares, strict=True))


def _in_writing(item: AgendaPhase) -> Phase:
    """A phase where people only talk live collects a written contribution ("note") from
    those who speak in it: the check-in, the case told, the clarifying round."""
    phase = item.phase
    if phase.collects or phase.rates or phase.marks or phase.chooses or phase.id == "break":
        return phase
    return replace(phase, collects=NOTE)


def deadline(plan: WrittenPlan, opened: datetime, seconds: float, speed: float = 1) -> datetime:
    """When a phase that opened at `opened` with `seconds` of working time closes."""
    return add_working(plan.week, opened, seconds, speed)


def nudge_at(plan: WrittenPlan, ends: datetime, speed: float = 1) -> datetime:
    """A working day before the deadline: always within working hours (a moment of working
    time counted back from a deadline in working time)."""
    return subtract_working(plan.week, ends, NUDGE_DAYS * plan.week.day_seconds, speed)


def extended(plan: WrittenPlan, ends: datetime, now: datetime, speed: float = 1) -> datetime:
    """One working day more, from the deadline (or from now, once it has passed)."""
    return add_working(plan.week, max(ends, now), EXTEND_DAYS * plan.week.day_seconds, speed)
