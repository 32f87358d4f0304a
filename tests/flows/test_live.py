"""The running meeting as a script of events against explicit clock values."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from flows.cards import Bilingual
from flows.live import (
    AgendaPhase,
    BackRequested,
    EndRequested,
    Extended,
    ExtendRequested,
    HeadsUp,
    LiveMeeting,
    LiveStatus,
    MeetingEnded,
    NextRequested,
    PauseRequested,
    PhaseChanged,
    PhaseSkipped,
    Refusal,
    ResumeRequested,
    SkipRequested,
    Started,
    TimeIsUp,
    TimerFired,
    TimerKind,
    TimerPlanned,
    TimersCancelled,
    plan_agenda,
    progress,
    start_live,
    step,
    time_left,
)
from flows.methods import Frame, Method, Phase, load_frame, load_methods

T0 = datetime(2027, 1, 7, 13, 0, tzinfo=UTC)
CONTROL = frozenset({"fac", "kim"})  # the facilitator and a coordinator
METHODS = load_methods()
FRAME = load_frame()


def at(minutes: float = 0, seconds: float = 0) -> datetime:
    return T0 + timedelta(minutes=minutes, seconds=seconds)


def phase(pid: str, minutes: int) -> Phase:
    text = Bilingual(nl=pid, en=pid)
    return Phase(id=pid, title=text, prompt=text, minutes=minutes, min_minutes=1,
                 speaks=("group",))


# A toy method inside a toy frame keeps the timing tests independent of the content files.
TOY_FRAME = Frame(name=Bilingual("kader", "frame"), default_minutes=10,
                  before=(phase("checkin", 5),), after=(phase("closing", 5),))
TOY = Method(id="toy", source="", name=Bilingual("t", "t"), summary=Bilingual("t", "t"),
             suits=Bilingual("t", "t"), less_suited=Bilingual("t", "t"), cases_per_meeting=1,
             default_minutes=55, phases=(phase("a", 20), phase("b", 5), phase("c", 30)))


def toy(speed: float = 1, auto_advance: bool = False) -> LiveMeeting:
    agenda = plan_agenda(TOY, TOY_FRAME, 65, 1, speed)
    return start_live(3, "toy", agenda, speed=speed, auto_advance=auto_advance)


def started(live: LiveMeeting | None = None, now: datetime = T0) -> LiveMeeting:
    return step(live or toy(), Started("fac"), CONTROL, now)[0]


def timers(effects) -> dict[TimerKind, datetime]:
    return {e.kind: e.due_at for e in effects if isinstance(e, TimerPlanned)}


def test_all_twelve_methods_are_walked_through() -> None:
    assert len(METHODS) == 12


@pytest.mark.parametrize("method_id", sorted(METHODS))
def test_every_method_walks_from_start_to_end(method_id: str) -> None:
    method = METHODS[method_id]
    duration = FRAME.default_minutes + method.meeting_minutes
    agenda = plan_agenda(method, FRAME, duration, 1)
    runs = method.cases_per_meeting
    breaks = [a for a in agenda if a.phase.id == "break"]
    assert len(breaks) == (duration >= 105)
    assert len(agenda) == (len(FRAME.before) + len(method.phases) * runs + len(FRAME.after)
                           + len(breaks))
    assert sum(a.minutes for a in agenda) == duration
    inside = [a for a in agenda[len(FRAME.before):len(agenda) - len(FRAME.after)]
              if a.phase.id != "break"]
    assert [a.phase.id for a in inside] == [p.id for p in method.phases] * runs
    assert [a.minutes for a in inside] == [p.minutes for p in method.phases] * runs

    live = start_live(1, method_id, agenda)
    live, effects = step(live, Started("fac"), CONTROL, T0)
    assert PhaseChanged(0) in effects
    now, seen = T0, [0]
    while live.status is LiveStatus.RUNNING:
        assert time_left(live, now) == agenda[live.index].seconds
        assert timers(effects)[TimerKind.TIME_UP] == now + timedelta(
            seconds=agenda[live.index].seconds)
        now += timedelta(seconds=agenda[live.index].seconds)
        live, effects = step(live, NextRequested("fac", live.version), CONTROL, now)
        seen += [e.index for e in effects if isinstance(e, PhaseChanged)]
    assert seen == list(range(len(agenda)))
    assert effects == (TimersCancelled(), MeetingEnded())
    assert live.status is LiveStatus.ENDED
    assert now == T0 + timedelta(minutes=duration)
    assert progress(live) == (len(agenda), len(agenda))


def test_start_plans_heads_up_a_fifth_before_the_end_of_a_five_minute_phase() -> None:
    live, effects = step(toy(), Started("fac"), CONTROL, T0)
    assert live.status is LiveStatus.RUNNING and live.index == 0 and live.version == 1
    assert effects == (TimersCancelled(), PhaseChanged(0),
                       TimerPlanned(TimerKind.HEADS_UP, 0, 1, at(4)),
                       TimerPlanned(TimerKind.TIME_UP, 0, 1, at(5)))
    assert progress(live) == (1, 5)


def test_heads_up_two_minutes_before_the_end_of_a_long_phase() -> None:
    live, effects = step(started(), NextRequested("fac", 1), CONTROL, at(5))
    assert live.agenda[1].minutes == 20
    assert timers(effects) == {TimerKind.HEADS_UP: at(23), TimerKind.TIME_UP: at(25)}


def test_heads_up_fires_with_the_seconds_left_and_time_up_does_not_advance() -> None:
    live = started()
    same, effects = step(live, TimerFired(TimerKind.HEADS_UP, 0, 1), frozenset(), at(4))
    assert (same, effects) == (live, (HeadsUp(0, 60),))
    same, effects = step(live, TimerFired(TimerKind.TIME_UP, 0, 1), frozenset(), at(5))
    assert (same, effects) == (live, (TimeIsUp(0),))
    assert time_left(same, at(7)) == 0


def test_extend_moves_both_timers_five_minutes() -> None:
    live, effects = step(started(), ExtendRequested("kim", 1), CONTROL, at(1))
    assert live.version == 2 and live.extra_seconds == 300
    assert effects[:2] == (TimersCancelled(), Extended(0, 300))
    assert timers(effects) == {TimerKind.HEADS_UP: at(9), TimerKind.TIME_UP: at(10)}
    assert all(e.version == 2 for e in effects if isinstance(e, TimerPlanned))
    assert time_left(live, at(1)) == 9 * 60


def test_extend_after_time_is_up_gives_five_minutes_from_now() -> None:
    live, effects = step(started(), ExtendRequested("fac", 1), CONTROL, at(8))
    assert timers(effects) == {TimerKind.HEADS_UP: at(12), TimerKind.TIME_UP: at(13)}
    assert time_left(live, at(8)) == 300


def test_pause_then_resume_keeps_the_remaining_time() -> None:
    live, effects = step(started(), PauseRequested("fac", 1), CONTROL, at(seconds=90))
    assert live.status is LiveStatus.PAUSED and live.paused_remaining == 210
    assert effects[0] == TimersCancelled() and not timers(effects)
    assert time_left(live, at(30)) == 210
    refused, effects = step(live, PauseRequested("fac", 2), CONTROL, at(2))
    assert (refused, effects) == (live, (Refusal("not_running"),))
    live, effects = step(live, ResumeRequested("fac", 2), CONTROL, at(10))
    assert live.status is LiveStatus.RUNNING and live.version == 3
    assert timers(effects) == {TimerKind.HEADS_UP: at(10, 150),
                               TimerKind.TIME_UP: at(10, 210)}
    assert time_left(live, at(10)) == 210


def test_resume_with_less_left_than_the_heads_up_plans_only_time_up() -> None:
    live = step(started(), PauseRequested("fac", 1), CONTROL, at(4, 30))[0]
    live, effects = step(live, ResumeRequested("fac", 2), CONTROL, at(20))
    assert timers(effects) == {TimerKind.TIME_UP: at(20, 30)}


def test_resume_when_running_is_refused() -> None:
    live = started()
    assert step(live, ResumeRequested("fac", 1), CONTROL, at(1)) == (
        live, (Refusal("not_paused"),))


def test_back_restarts_the_previous_phase_and_is_refused_from_the_first() -> None:
    live = started()
    assert step(live, BackRequested("fac", 1), CONTROL, at(1)) == (
        live, (Refusal("no_previous"),))
    live = step(live, NextRequested("fac", 1), CONTROL, at(5))[0]
    live, effects = step(live, BackRequested("fac", 2), CONTROL, at(7))
    assert live.index == 0 and live.version == 3
    assert PhaseChanged(0) in effects
    assert timers(effects) == {TimerKind.HEADS_UP: at(11), TimerKind.TIME_UP: at(12)}


def test_skip_marks_the_phase_and_moves_on() -> None:
    live, effects = step(started(), SkipRequested("fac", 1), CONTROL, at(1))
    assert live.index == 1 and live.skipped == frozenset({0})
    assert effects[:3] == (PhaseSkipped(0), TimersCancelled(), PhaseChanged(1))


def test_a_stale_press_is_refused_and_changes_nothing() -> None:
    live = step(started(), ExtendRequested("fac", 1), CONTROL, at(1))[0]
    assert step(live, NextRequested("fac", 1), CONTROL, at(2)) == (live, (Refusal("stale"),))


def test_two_next_presses_with_the_same_version_advance_once() -> None:
    live = started()
    first, _ = step(live, NextRequested("fac", 1), CONTROL, at(1))
    second, effects = step(first, NextRequested("kim", 1), CONTROL, at(1))
    assert first.index == second.index == 1
    assert effects == (Refusal("stale"),)


def test_someone_else_is_refused() -> None:
    live = started()
    for event in (NextRequested("eve", 1), Started("eve"), EndRequested("eve", 1)):
        assert step(live, event, CONTROL, at(1)) == (live, (Refusal("only_facilitator"),))


def test_start_twice_presses_before_start_and_after_the_end_are_refused() -> None:
    fresh = toy()
    assert step(fresh, NextRequested("fac", 0), CONTROL, T0) == (
        fresh, (Refusal("not_running"),))
    live = started()
    assert step(live, Started("fac"), CONTROL, T0) == (live, (Refusal("already_started"),))
    ended, effects = step(live, EndRequested("fac", 1), CONTROL, at(2))
    assert effects == (TimersCancelled(), MeetingEnded())
    assert step(ended, NextRequested("fac", ended.version), CONTROL, at(3)) == (
        ended, (Refusal("already_ended"),))


def test_a_timer_from_an_older_state_is_ignored() -> None:
    live = step(started(), ExtendRequested("fac", 1), CONTROL, at(1))[0]
    assert step(live, TimerFired(TimerKind.TIME_UP, 0, 1), frozenset(), at(5)) == (live, ())
    assert step(live, TimerFired(TimerKind.TIME_UP, 1, 2), frozenset(), at(10)) == (live, ())
    assert step(live, TimerFired(TimerKind.TIME_UP, 0, 2), frozenset(), at(10)) == (
        live, (TimeIsUp(0),))


def test_auto_advance_moves_on_at_time_up_and_ends_after_the_last_phase() -> None:
    live = started(toy(auto_advance=True))
    live, effects = step(live, TimerFired(TimerKind.TIME_UP, 0, 1), frozenset(), at(5))
    assert live.index == 1 and effects[:3] == (TimeIsUp(0), TimersCancelled(), PhaseChanged(1))
    assert timers(effects)[TimerKind.TIME_UP] == at(25)
    live = step(live, NextRequested("fac", 2), CONTROL, at(6))[0]
    live = step(live, NextRequested("fac", 3), CONTROL, at(7))[0]
    live = step(live, NextRequested("fac", 4), CONTROL, at(8))[0]
    assert live.index == 4
    live, effects = step(live, TimerFired(TimerKind.TIME_UP, 4, 5), frozenset(), at(13))
    assert live.status is LiveStatus.ENDED and effects[-1] == MeetingEnded()


def test_speed_sixty_turns_a_ninety_minute_method_into_ninety_seconds() -> None:
    analytic = METHODS["analytic"]
    assert analytic.meeting_minutes == 90
    agenda = plan_agenda(analytic, FRAME, FRAME.default_minutes + 90, 1, speed=60)
    inside = [a for a in agenda if a.phase in analytic.phases]
    assert sum(a.seconds for a in inside) == 90
    assert sum(a.seconds for a in agenda) == (FRAME.default_minutes + 90)


def test_speed_scales_heads_up_and_extend() -> None:
    live = started(toy(speed=60))
    live, effects = step(live, NextRequested("fac", 1), CONTROL, at(seconds=5))
    assert timers(effects) == {TimerKind.HEADS_UP: at(seconds=23),
                               TimerKind.TIME_UP: at(seconds=25)}
    live, effects = step(live, ExtendRequested("fac", 2), CONTROL, at(seconds=6))
    assert Extended(1, 5) in effects and timers(effects)[TimerKind.TIME_UP] == at(seconds=30)


def test_two_case_bringers_run_the_method_twice() -> None:
    five_step = METHODS["five_step"]
    duration = FRAME.default_minutes + 2 * five_step.default_minutes
    agenda = plan_agenda(five_step, FRAME, duration, 2)
    inside = [a for a in agenda if a.case_number is not None]
    assert [a.phase.id for a in inside] == [p.id for p in five_step.phases] * 2
    assert [a.case_number for a in inside] == [1] * 5 + [2] * 5
    assert len(agenda) == len(FRAME.phases) + 10 + 1  # 180 minutes: a break between the cases
    assert [a.case_number for a in agenda if a.phase.id == "break"] == [None]
    at_break = next(a.index for a in agenda if a.phase.id == "break")
    assert agenda[at_break - 1].case_number == 1 and agenda[at_break + 1].case_number == 2
    assert [a.index for a in agenda] == list(range(len(agenda)))
    assert sum(a.minutes for a in agenda) == duration
    single = plan_agenda(five_step, FRAME, duration, 1)
    assert all(a.case_number is None for a in single)


def test_a_method_for_two_cases_runs_twice_with_one_case_bringer() -> None:
    houvast = METHODS["houvast"]
    agenda = plan_agenda(houvast, FRAME, 120, 1)
    assert {a.case_number for a in agenda} == {None, 1, 2}
    assert sum(a.minutes for a in agenda) == 120


def test_a_short_meeting_fits_frame_and_method_together_or_fails() -> None:
    agenda = plan_agenda(TOY, TOY_FRAME, 8, 1)
    assert sum(a.minutes for a in agenda) == 8
    assert agenda[0].minutes < 5  # the frame gave up minutes too
    with pytest.raises(ValueError):
        plan_agenda(TOY, TOY_FRAME, 4, 1)


def test_agenda_phase_keeps_heads_up_below_its_length() -> None:
    agenda: tuple[AgendaPhase, ...] = plan_agenda(TOY, TOY_FRAME, 65, 1)
    assert [(a.minutes, a.seconds, a.heads_up_seconds) for a in agenda] == [
        (5, 300, 60), (20, 1200, 120), (5, 300, 60), (30, 1800, 120), (5, 300, 60)]
