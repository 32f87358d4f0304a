"""The running meeting (lopende bijeenkomst): its agenda and phase clock as a pure state machine.

`step` takes an event and `now` and returns the new state plus effects (timers to plan, phases
to show, refusals to explain). No Slack, no storage, no clock, no randomness here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from flows.agenda import HEADS_UP_MINUTES as HEADS_UP_MINUTES
from flows.agenda import AgendaPhase as AgendaPhase
from flows.agenda import plan_agenda as plan_agenda
from flows.agenda import scaled_seconds
from flows.methods import Phase
from flows.written import WrittenPlan, deadline, nudge_at
from flows.written import extended as written_extended

EXTEND_MINUTES = 5  # what "+5 minutes" adds
# Kinds collected in a round where each member is asked for something: after half such a
# phase the facilitator privately hears who has not added anything yet.
ROUND_KINDS = frozenset({"question", "redefinition", "idea", "success_factor", "dominant_idea",
                         "alternative", "factor", "principle", "reflection", "note"})


class LiveStatus(StrEnum):
    NOT_STARTED = "not_started"
    RUNNING = "running"
    PAUSED = "paused"
    ENDED = "ended"


class TimerKind(StrEnum):
    """Due actions of a running meeting; kept apart from flows.due.DueKind on purpose."""

    HEADS_UP = "heads_up"
    TIME_UP = "time_up"
    HALFWAY = "halfway"  # half a round gone: who has not added anything yet
    NUDGE = "nudge"  # written: a working day before the deadline, to who has not added yet


@dataclass(frozen=True)
class LiveMeeting:
    """The state of one running meeting; `version` grows with every change so that a button
    (which carries the version it was drawn with) or a timer from an older state is recognised."""

    meeting_id: int
    method_id: str
    agenda: tuple[AgendaPhase, ...]
    speed: float = 1
    auto_advance: bool = False
    private_signals: bool = True  # the facilitator's choice: heads-up and time-up by DM
    index: int = 0
    status: LiveStatus = LiveStatus.NOT_STARTED
    phase_started_at: datetime | None = None  # aware UTC
    phase_ends_at: datetime | None = None  # aware UTC; None while paused
    paused_remaining: int | None = None  # seconds left in the phase, while paused
    extra_seconds: int = 0  # added to the current phase with "+5 minutes"
    skipped: frozenset[int] = frozenset()  # agenda indexes passed with "skip"
    version: int = 0
    entry_version: int = 0  # the version the current phase began with: names its message
    written: WrittenPlan | None = None  # the written tempo: deadlines in working time

    def phase_end(self, index: int, now: datetime) -> datetime:
        """When phase `index`, entered now, ends: minutes later, or its share of working
        time later in a written meeting."""
        seconds = self.agenda[index].seconds
        if self.written is not None:
            return deadline(self.written, now, seconds, self.speed)
        return now + timedelta(seconds=seconds)

    @property
    def phase(self) -> AgendaPhase:
        return self.agenda[self.index]


# Events: past-tense facts. A press carries the version of the state its button was drawn with.
@dataclass(frozen=True)
class Started:
    """Start button or `/intervisie start` (which has no version to carry)."""

    user: str


@dataclass(frozen=True)
class Begun:
    """A written meeting starts by itself when it opens (nobody presses Start over days)."""


@dataclass(frozen=True)
class Press:
    user: str
    version: int


class NextRequested(Press):
    """Next phase; from the last phase it ends the meeting (so "next" always moves on)."""


class BackRequested(Press):
    """Previous phase, which starts again with its full time; refused from the first phase."""


class ExtendRequested(Press):
    """+5 minutes (divided by speed) to the current phase."""


class PauseRequested(Press):
    pass


class ResumeRequested(Press):
    pass


class SkipRequested(Press):
    """Like next, but the phase is marked as skipped (shown so in the summary)."""


class EndRequested(Press):
    pass


@dataclass(frozen=True)
class TimerFired:
    kind: TimerKind
    phase_index: int
    version: int


Event = Started | Begun | Press | TimerFired


# Effects, carried out (and rendered in the group's language) by the shell.
@dataclass(frozen=True)
class Refusal:
    """Explained privately to the presser. Reasons: only_facilitator, stale, not_running,
    not_paused, already_started, already_ended, no_previous."""

    reason: str


@dataclass(frozen=True)
class TimersCancelled:
    """Cancel every pending heads-up and time-up of this meeting."""


@dataclass(frozen=True)
class TimerPlanned:
    """Plan a due action; it comes back as TimerFired(kind, phase_index, version)."""

    kind: TimerKind
    phase_index: int
    version: int
    due_at: datetime


@dataclass(frozen=True)
class PhaseChanged:
    """A phase began: post its message in the thread and update the opening."""

    index: int


@dataclass(frozen=True)
class PhaseSkipped:
    index: int


@dataclass(frozen=True)
class Extended:
    index: int
    seconds: int


@dataclass(frozen=True)
class Paused:
    index: int
    seconds_left: int


@dataclass(frozen=True)
class Resumed:
    index: int


@dataclass(frozen=True)
class HeadsUp:
    phase_index: int
    seconds_left: int


@dataclass(frozen=True)
class TimeIsUp:
    phase_index: int


@dataclass(frozen=True)
class Halfway:
    """Half a round is gone: tell the facilitator, privately, who has not added anything."""

    phase_index: int


@dataclass(frozen=True)
class Nudged:
    """Written: a working day before the deadline, remind who has not added anything."""

    phase_index: int


@dataclass(frozen=True)
class MeetingEnded:
    """Post the closing summary; the meeting takes no more presses."""


LiveEffect = (Refusal | TimersCancelled | TimerPlanned | PhaseChanged | PhaseSkipped | Extended
              | Paused | Resumed | HeadsUp | TimeIsUp | Halfway | Nudged | MeetingEnded)
Stepped = tuple[LiveMeeting, tuple[LiveEffect, ...]]


def start_live(meeting_id: int, method_id: str, agenda: tuple[AgendaPhase, ...],
               speed: float = 1, auto_advance: bool = False) -> LiveMeeting:
    if not agenda:
        raise ValueError("a meeting needs at least one phase")
    return LiveMeeting(meeting_id=meeting_id, method_id=method_id, agenda=agenda, speed=speed,
                       auto_advance=auto_advance)


def time_left(live: LiveMeeting, now: datetime) -> int:
    """Whole seconds left in the current phase (rounded up; 0 once time is up)."""
    if live.status is LiveStatus.RUNNING and live.phase_ends_at is not None:
        return max(0, math.ceil((live.phase_ends_at - now).total_seconds()))
    if live.status is LiveStatus.PAUSED and live.paused_remaining is not None:
        return live.paused_remaining
    if live.status is LiveStatus.NOT_STARTED:
        return live.agenda[live.index].seconds
    return 0


def progress(live: LiveMeeting) -> tuple[int, int]:
    """(phase number shown as "i of n", n); 0 before the start, n after the end."""
    total = len(live.agenda)
    if live.status is LiveStatus.NOT_STARTED:
        return 0, total
    if live.status is LiveStatus.ENDED:
        return total, total
    return live.index + 1, total


def step(live: LiveMeeting, event: Event, who_may_control: frozenset[str],
         now: datetime) -> Stepped:
    """Apply one event. `who_may_control` is the facilitator and the coordinators (the caller
    knows the group and the meeting). A refused press returns `live` unchanged."""
    if isinstance(event, TimerFired):
        return _timer_fired(live, event, now)
    if isinstance(event, Begun):
        if live.status is not LiveStatus.NOT_STARTED:
            return live, ()
        return _enter(live, 0, now)
    if event.user not in who_may_control:
        return _refuse(live, "only_facilitator")
    if live.status is LiveStatus.ENDED:
        return _refuse(live, "already_ended")
    if isinstance(event, Started):
        if live.status is not LiveStatus.NOT_STARTED:
            return _refuse(live, "already_started")
        return _enter(live, 0, now)
    if live.status is LiveStatus.NOT_STARTED:
        return _refuse(live, "not_running")
    if event.version != live.version:
        return _refuse(live, "stale")
    return _PRESSES[type(event)](live, now)


def _refuse(live: LiveMeeting, reason: str) -> Stepped:
    return live, (Refusal(reason),)


def _timers(live: LiveMeeting, now: datetime) -> tuple[TimerPlanned, ...]:
    assert live.phase_ends_at is not None
    current = live.agenda[live.index]
    if live.written is not None:  # over days: the deadline, and a nudge a working day before
        ends = TimerPlanned(TimerKind.TIME_UP, live.index, live.version, live.phase_ends_at)
        nudge = nudge_at(live.written, live.phase_ends_at, live.speed)
        if nudge > now and current.phase.collects is not None:
            return (TimerPlanned(TimerKind.NUDGE, live.index, live.version, nudge), ends)
        return (ends,)
    heads_up = live.phase_ends_at - timedelta(seconds=current.heads_up_seconds)
    time_up = TimerPlanned(TimerKind.TIME_UP, live.index, live.version, live.phase_ends_at)
    planned = [time_up]
    if heads_up > now:  # not when resumed or extended with less left than the heads-up's lead
        planned.insert(0, TimerPlanned(TimerKind.HEADS_UP, live.index, live.version, heads_up))
    halfway = live.phase_ends_at - timedelta(seconds=current.seconds / 2)
    if is_round(current.phase) and halfway > now:
        planned.insert(0, TimerPlanned(TimerKind.HALFWAY, live.index, live.version, halfway))
    return tuple(planned)


def is_round(phase: Phase) -> bool:
    """A phase in which each member of the group is asked to add something."""
    return phase.collects in ROUND_KINDS and bool({"group", "everyone"} & set(phase.speaks))


def _enter(live: LiveMeeting, index: int, now: datetime) -> Stepped:
    """Begin phase `index` with its full time (also when going back to it)."""
    entered = replace(
        live, index=index, status=LiveStatus.RUNNING, phase_started_at=now,
        phase_ends_at=live.phase_end(index, now),
        paused_remaining=None, extra_seconds=0, skipped=live.skipped - {index},
        version=live.version + 1, entry_version=live.version + 1)
    return entered, (TimersCancelled(), PhaseChanged(index), *_timers(entered, now))


def _end(live: LiveMeeting, now: datetime) -> Stepped:
    ended = replace(live, status=LiveStatus.ENDED, phase_ends_at=None, paused_remaining=None,
                    version=live.version + 1)
    return ended, (TimersCancelled(), MeetingEnded())


def _next(live: LiveMeeting, now: datetime) -> Stepped:
    # Next from the last phase ends the meeting: the facilitator's "next" should never dead-end.
    if live.index + 1 >= len(live.agenda):
        return _end(live, now)
    return _enter(live, live.index + 1, now)


def _skip(live: LiveMeeting, now: datetime) -> Stepped:
    moved, effects = _next(replace(live, skipped=live.skipped | {live.index}), now)
    return moved, (PhaseSkipped(live.index), *effects)


def _back(live: LiveMeeting, now: datetime) -> Stepped:
    if live.index == 0:
        return _refuse(live, "no_previous")
    return _enter(live, live.index - 1, now)


def _extend(live: LiveMeeting, now: datetime) -> Stepped:
    if live.written is not None and live.phase_ends_at is not None:  # a working day more
        end = written_extended(live.written, live.phase_ends_at, now, live.speed)
        added = round((end - live.phase_ends_at).total_seconds())
        longer = replace(live, phase_ends_at=end, extra_seconds=live.extra_seconds + added,
                         version=live.version + 1)
        # At most one nudge a phase: once it went, a longer phase does not nudge again.
        nudged = nudge_at(live.written, live.phase_ends_at, live.speed) <= now
        timers = tuple(timer for timer in _timers(longer, now)
                       if not (nudged and timer.kind is TimerKind.NUDGE))
        return longer, (TimersCancelled(), Extended(live.index, added), *timers)
    added = scaled_seconds(EXTEND_MINUTES, live.speed)
    if live.status is LiveStatus.PAUSED:
        assert live.paused_remaining is not None
        paused = replace(live, paused_remaining=live.paused_remaining + added,
                         extra_seconds=live.extra_seconds + added, version=live.version + 1)
        return paused, (Extended(live.index, added),)
    assert live.phase_ends_at is not None
    # Once time is up, +5 means five more minutes from now, not from an end already passed.
    end = max(live.phase_ends_at, now) + timedelta(seconds=added)
    extended = replace(live, phase_ends_at=end, extra_seconds=live.extra_seconds + added,
                       version=live.version + 1)
    return extended, (TimersCancelled(), Extended(live.index, added), *_timers(extended, now))


def _pause(live: LiveMeeting, now: datetime) -> Stepped:
    if live.status is not LiveStatus.RUNNING:
        return _refuse(live, "not_running")
    if live.written is not None:  # a deadline days away: extend it instead
        return _refuse(live, "written.refused.pause")
    left = time_left(live, now)
    paused = replace(live, status=LiveStatus.PAUSED, phase_ends_at=None, paused_remaining=left,
                     version=live.version + 1)
    return paused, (TimersCancelled(), Paused(live.index, left))


def _resume(live: LiveMeeting, now: datetime) -> Stepped:
    if live.status is not LiveStatus.PAUSED or live.paused_remaining is None:
        return _refuse(live, "not_paused")
    resumed = replace(live, status=LiveStatus.RUNNING, paused_remaining=None,
                      phase_ends_at=now + timedelta(seconds=live.paused_remaining),
                      version=live.version + 1)
    return resumed, (TimersCancelled(), Resumed(live.index), *_timers(resumed, now))


_PRESSES = {NextRequested: _next, BackRequested: _back, ExtendRequested: _extend,
            PauseRequested: _pause, ResumeRequested: _resume, SkipRequested: _skip,
            EndRequested: _end}


def _timer_fired(live: LiveMeeting, fired: TimerFired, now: datetime) -> Stepped:
    # A timer planned for an older state (a restart, a press just before it fired) is harmless.
    if (live.status is not LiveStatus.RUNNING or fired.version != live.version
            or fired.phase_index != live.index):
        return live, ()
    if fired.kind == TimerKind.HEADS_UP:  # == also accepts the plain string from storage
        return live, (HeadsUp(live.index, time_left(live, now)),)
    if fired.kind == TimerKind.HALFWAY:
        return live, (Halfway(live.index),)
    if fired.kind == TimerKind.NUDGE:
        return live, (Nudged(live.index),)
    # A written phase closes at its deadline: nobody is there to press "next".
    # The group decides when to move on, the bot only says so.
    if not live.auto_advance and live.written is None:
        return live, (TimeIsUp(live.index),)
    moved, effects = _next(live, now)
    return moved, (TimeIsUp(live.index), *effects)
