"""A meeting's agenda (agenda): the frame, the method once per case and a break, each phase
fitted to the meeting's minutes as a facilitator would, with the seconds its timer runs.

Pure: the same method, frame, minutes, cases and speed always give the same agenda, so the
agenda is never stored, only rebuilt (storage keeps the minutes, which always add up).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from flows.methods import Frame, Method, Phase, fit_minutes

HEADS_UP_MINUTES = 2  # the heads-up comes this long before the end of a phase …
SHORT_PHASE_MINUTES = 10  # … or a fifth of the phase when the phase is shorter than this
BREAK_FROM_MINUTES = 105  # a meeting this long gets a break (online: pauses in long sessions)
BREAK_MAX_MINUTES = 10
STRETCH_MAX = Fraction(5, 4)  # a method runs at most a quarter longer than its own minutes


def scaled_seconds(minutes: float, speed: float) -> int:
    """Minutes as whole seconds divided by the rehearsal speed (INTERVISIE_SPEED), at least 1."""
    return max(1, round(minutes * 60 / speed))


@dataclass(frozen=True)
class AgendaPhase:
    """One phase as it runs in this meeting: fitted minutes, and the seconds its timer runs."""

    index: int
    phase: Phase
    case_number: int | None  # which case, only when the method runs more than once; else None
    minutes: int  # fitted to the meeting's length, before the speed factor
    seconds: int  # minutes / speed: what the timer really runs
    heads_up_seconds: int  # how long before the end the heads-up comes


def plan_agenda(method: Method, frame: Frame, duration_minutes: int, case_count: int,
                speed: float = 1) -> tuple[AgendaPhase, ...]:
    """frame.before + the method once per case + frame.after, fitted as a facilitator would.

    The method keeps its own minutes and the frame shrinks (to its minimums) when time is
    short; in a long meeting the method is stretched by at most a quarter, and what is left
    becomes a longer break and then a longer close. From BREAK_FROM_MINUTES there is a break
    (between the cases when there are two, else halfway through the method). The minutes
    always add up to `duration_minutes`; too short for the minimums: ValueError.
    """
    if speed <= 0:
        raise ValueError("speed must be positive")
    runs = max(method.cases_per_meeting, case_count, 1)
    cased = [(p, n if runs > 1 else None) for n in range(1, runs + 1) for p in method.phases]
    method_phases = [p for p, _ in cased]
    own = sum(p.minutes for p in method_phases)
    floor = sum(p.min_minutes for p in method_phases) + sum(p.min_minutes for p in frame.phases)
    pause = frame.pause if duration_minutes >= BREAK_FROM_MINUTES else None
    if pause is not None and duration_minutes < floor + pause.min_minutes:
        pause = None
    if duration_minutes < floor:
        raise ValueError(f"{duration_minutes} minutes is less than the minimum of {floor}")
    pause_minutes = pause.min_minutes if pause else 0
    frame_floor = sum(p.min_minutes for p in frame.phases)
    frame_total = max(frame_floor, min(frame.default_minutes,
                                       duration_minutes - pause_minutes - own))
    method_total = duration_minutes - pause_minutes - frame_total
    spare = max(0, method_total - math.floor(own * STRETCH_MAX))
    method_total -= spare
    if pause is not None:  # what the method may not use: first a longer break …
        longer = min(spare, BREAK_MAX_MINUTES - pause_minutes)
        pause_minutes, spare = pause_minutes + longer, spare - longer
    framed = list(fit_minutes(frame.phases, frame_total))
    close = next((i for i, p in enumerate(frame.after) if p.id == "closing"), 0)
    framed[len(frame.before) + close] += spare  # … then a longer (informal) close
    fitted = list(zip(cased, fit_minutes(method_phases, method_total), strict=True))
    if pause is not None:
        fitted.insert(_break_at(method, runs), ((pause, None), pause_minutes))
    before = list(zip([(p, None) for p in frame.before], framed, strict=False))
    after = list(zip([(p, None) for p in frame.after], framed[len(frame.before):], strict=True))
    return tuple(_agenda_phase(i, phase, case, m, speed)
                 for i, ((phase, case), m) in enumerate(before + fitted + after))


def _break_at(method: Method, runs: int) -> int:
    """Where in the method's phases the break goes: between two cases, else at the phase
    boundary where half of the method's own minutes have passed."""
    if runs > 1:
        return len(method.phases)
    half, passed = sum(p.minutes for p in method.phases) / 2, 0
    for position, phase in enumerate(method.phases[:-1], start=1):
        passed += phase.minutes
        if passed >= half:
            return position
    return len(method.phases)


def _agenda_phase(index: int, phase: Phase, case: int | None, minutes: int,
                  speed: float) -> AgendaPhase:
    lead = minutes / 5 if minutes < SHORT_PHASE_MINUTES else HEADS_UP_MINUTES
    return AgendaPhase(index=index, phase=phase, case_number=case, minutes=minutes,
                       seconds=scaled_seconds(minutes, speed),
                       heads_up_seconds=scaled_seconds(lead, speed))
