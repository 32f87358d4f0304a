"""Written intervision against a fake clock over two weeks: working-time deadlines across a
weekend and a DST change, contributions hidden until a phase closes, one nudge a phase only to
who is missing and never at night, and an early close when everyone is in."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.render.messages import render_message
from flows import collecting, running, written_round
from flows.collecting import ContributionSubmitted
from flows.effects import DirectMessage, Post, Reject, Update
from flows.group import Group
from flows.live import LiveStatus, TimerKind
from flows.live_context import LiveContext, LiveOutcome
from flows.meeting import Meeting
from flows.recurrence import Schedule
from flows.working_time import (
    WorkingWeek,
    add_working,
    add_working_days,
    next_working,
    subtract_working,
    within,
)
from flows.written import WrittenPlan, plan_for

AMS = ZoneInfo("Europe/Amsterdam")
# Thursday 25 March 2027, 10:00 in Amsterdam; summer time starts on Sunday 28 March.
START = datetime(2027, 3, 25, 10, 0, tzinfo=AMS).astimezone(UTC)
WEEK = WorkingWeek()
DAY = WEEK.day_seconds


def local(at: datetime) -> datetime:
    return at.astimezone(AMS)


def in_working_hours(at: datetime) -> bool:
    moment = local(at)
    return moment.weekday() < 5 and time(9) <= moment.time() <= time(17)


# -- working time ----------------------------------------------------------------------------


def test_working_time_skips_the_weekend_and_keeps_the_wall_clock_across_dst():
    friday = datetime(2027, 3, 26, 15, 0, tzinfo=AMS)
    # Two hours on Friday, the rest on Monday — after the clocks went forward on Sunday.
    monday = add_working(WEEK, friday, 8 * 3600)
    assert local(monday) == datetime(2027, 3, 29, 15, 0, tzinfo=AMS)
    assert monday - friday == timedelta(days=3, hours=-1)  # an hour shorter in real time
    assert subtract_working(WEEK, monday, 8 * 3600) == friday
    # Autumn: back an hour on Sunday 31 October.
    autumn = add_working_days(WEEK, datetime(2027, 10, 29, 12, 0, tzinfo=AMS), 1)
    assert local(autumn) == datetime(2027, 11, 1, 12, 0, tzinfo=AMS)


def test_outside_working_hours_counts_from_the_next_working_morning():
    saturday_night = datetime(2027, 3, 27, 23, 0, tzinfo=AMS)
    assert not within(WEEK, saturday_night)
    assert local(next_working(WEEK, saturday_night)) == datetime(2027, 3, 29, 9, 0, tzinfo=AMS)
    assert local(add_working(WEEK, saturday_night, 3600)) == datetime(2027, 3, 29, 10, 0,
                                                                      tzinfo=AMS)
    short = WorkingWeek(zone="America/New_York", days=(0, 2), start=time(8), end=time(12))
    tuesday = datetime(2027, 3, 9, 10, 0, tzinfo=ZoneInfo("America/New_York"))
    assert add_working_days(short, tuesday, 1).astimezone(ZoneInfo("America/New_York")) == \
        datetime(2027, 3, 10, 12, 0, tzinfo=ZoneInfo("America/New_York"))


def test_a_rehearsal_speed_compresses_working_time_into_seconds():
    assert add_working_days(WEEK, START, 1, speed=3600) == START + timedelta(seconds=8)


def test_a_written_meeting_lasts_five_to_twenty_working_days():
    with pytest.raises(ValueError):
        WrittenPlan(days=4)
    with pytest.raises(ValueError):
        WrittenPlan(days=21)


# -- a meeting in writing ----------------------------------------------------------------------


def context(method: str) -> LiveContext:
    schedule = Schedule("FREQ=MONTHLY;BYDAY=+4TH", date(2027, 3, 25), time(10, 0),
                        "Europe/Amsterdam", 90)
    group = Group(team_id="T1", channel_id="C1", name="Nacht", members=("ann", "bob", "cas",
                                                                          "dan"),
                  coordinators=("cor",), language="en", schedule=schedule, method_id=method,
                  tempo="written", id=7)
    meeting = Meeting(group_id=7, occurrence=START, start=START, duration_minutes=90,
                      case_bringers=("ann",), facilitator="bob", id=1)
    return LiveContext(group=group, meeting=meeting, live=None)


class Run:
    """The shell in miniature: keeps the state, the pending timers and what was sent when."""

    def __init__(self, ctx: LiveContext) -> None:
        self.ctx, self.timers, self.sent = ctx, [], []
        self.now = START
        _, outcome = running.open_meeting(ctx, START, 1, random.Random(1))
        self.apply(outcome)

    def apply(self, outcome: LiveOutcome) -> LiveOutcome:
        ctx = self.ctx
        contributions = {c.id: c for c in ctx.contributions}
        for c in outcome.contributions:
            key = c.id if c.id is not None else len(contributions) + 1
            contributions[key] = replace(c, id=key)
        self.ctx = replace(ctx, live=outcome.live or ctx.live, cards=outcome.cards or ctx.cards,
                           meeting=outcome.meeting or ctx.meeting,
                           contributions=tuple(contributions.values()),
                           actions=ctx.actions + outcome.actions,
                           revision=ctx.revision + 1)
        if outcome.cancel_timers:
            self.timers = []
        self.timers += list(outcome.timers)
        self.sent += [(self.now, effect) for effect in outcome.effects]
        return outcome

    def until(self, moment: datetime) -> None:
        """Fire every timer due up to `moment`, in order."""
        while True:
            due = sorted((t for t in self.timers if t.due_at <= moment), key=lambda t: t.due_at)
            if not due:
                break
            timer = due[0]
            self.timers.remove(timer)
            self.now = timer.due_at
            self.apply(running.timer_due(self.ctx, running.LiveTimerDue(
                1, timer.kind, timer.phase_index, timer.version), self.now))
        self.now = max(self.now, moment)

    def to_phase(self, phase_id: str) -> None:
        while self.ctx.live.phase.phase.id != phase_id:
            assert self.ctx.live.status is LiveStatus.RUNNING
            self.until(self.ctx.live.phase_ends_at)

    def add(self, user: str, text: str) -> LiveOutcome:
        live = self.ctx.live
        return self.apply(written_round.add(self.ctx, ContributionSubmitted(
            user, 1, live.entry_version, live.index, text), self.now))

    def deadline(self, kind: TimerKind) -> datetime:
        return next(t.due_at for t in self.timers if t.kind == kind)

    def seen_in_thread(self) -> str:
        """Everything drawn in the channel so far, as text and blocks."""
        return " ".join(str(render_message(e.message)) for _, e in self.sent
                        if isinstance(e, Post | Update))


def test_a_ten_step_meeting_in_writing_runs_two_weeks_in_working_time():
    run = Run(context("ten_step"))
    live = run.ctx.live
    assert live.status is LiveStatus.RUNNING and live.written == plan_for(run.ctx.group)
    # Every member asked for a check-in gets it by direct message, with the deadline.
    opened = [e for _, e in run.sent if isinstance(e, DirectMessage)]
    assert {e.user for e in opened} == {"ann", "cas", "dan"}
    deadlines = []
    while run.ctx.live.status is LiveStatus.RUNNING:
        ends = run.ctx.live.phase_ends_at
        deadlines.append(ends)
        assert in_working_hours(ends)
        run.until(ends)
    # Ten working days from Thursday 25 March: Thursday 8 April, the same hour (summer time).
    assert deadlines[-1] == add_working_days(WEEK, START, 10)
    assert local(deadlines[-1]) == datetime(2027, 4, 8, 10, 0, tzinfo=AMS)
    # Some phase runs over the weekend of the DST change and still ends in working hours.
    assert any(local(a).date() <= date(2027, 3, 26) and local(b).date() >= date(2027, 3, 29)
               for a, b in zip([START, *deadlines], deadlines, strict=False))
    assert run.ctx.meeting.status.value == "held"


def test_contributions_stay_hidden_until_the_deadline_then_are_shown_together():
    run = Run(context("ten_step"))
    run.to_phase("questions")
    run.add("cas", "What did you say first?")
    run.add("dan", "Who else was on the night shift?")
    thread = run.seen_in_thread()
    assert "What did you say first" not in thread and "night shift" not in thread
    assert "2 of 2 have added something" in thread
    # The private "show" draws the same counts, never the texts.
    shown = collecting.request_form(
        run.ctx, collecting.FlipoverFormRequested("ann", 1, "show",
                                                          run.ctx.live.entry_version), run.now)
    assert "night shift" not in str(render_message(shown.effects[0].message))
    run.until(run.ctx.live.phase_ends_at)
    thread = run.seen_in_thread()
    assert "What did you say first" in thread and "night shift" in thread


def test_one_nudge_a_working_day_before_the_deadline_only_to_who_is_missing():
    run = Run(context("ten_step"))
    run.to_phase("questions")
    run.add("cas", "A question")
    nudge_at, ends = run.deadline(TimerKind.NUDGE), run.ctx.live.phase_ends_at
    assert nudge_at == subtract_working(WEEK, ends, DAY) and in_working_hours(nudge_at)
    before = len(run.sent)
    run.until(ends - timedelta(seconds=1))
    nudges = [e for _, e in run.sent[before:] if isinstance(e, DirectMessage)]
    # Only dan: cas added a question, ann brings the case (silent now), bob leads.
    assert [e.user for e in nudges] == ["dan"]
    # Extending by a day plans the nudge again, but the same key: at most one a phase.
    run.apply(running.press(run.ctx, running.ControlPressed(
        "bob", 1, "extend", run.ctx.live.version), run.now))
    assert run.ctx.live.phase_ends_at == add_working_days(WEEK, ends, 1)
    run.until(run.ctx.live.phase_ends_at - timedelta(seconds=1))
    keys = [e.key for _, e in run.sent if isinstance(e, DirectMessage)
            and ":nudge:" in (e.key or "")]
    assert len(keys) == len(set(keys))


def test_a_nudge_made_late_by_a_restart_is_not_sent_at_night():
    run = Run(context("ten_step"))
    run.to_phase("questions")
    (nudge,) = [t for t in run.timers if t.kind == TimerKind.NUDGE]
    night = local(nudge.due_at).replace(hour=23).astimezone(UTC)
    outcome = running.timer_due(run.ctx, running.LiveTimerDue(1, nudge.kind, nudge.phase_index,
                                                              nudge.version), night)
    assert outcome.effects == ()


def test_an_early_close_when_everyone_expected_is_in():
    run = Run(context("houvast"))
    run.to_phase("ideas")
    expected = written_round.expected(run.ctx, run.ctx.live.index)
    assert set(expected) == {"cas", "dan"}  # ann brings the case, bob leads
    run.add("cas", "Call the family first")
    assert not [e for e in run.sent[-2:] if isinstance(e, DirectMessage)]
    outcome = run.add("dan", "Ask the day shift")
    (note,) = [e for e in outcome.effects if isinstance(e, DirectMessage)]
    assert note.user == "bob" and ":all_in:" in note.key
    ends, index = run.ctx.live.phase_ends_at, run.ctx.live.index
    run.apply(running.press(run.ctx, running.ControlPressed(
        "bob", 1, "next", run.ctx.live.version), run.now))
    assert run.ctx.live.index == index + 1 and run.ctx.live.phase_ends_at < ends + timedelta(
        days=1)
    assert "Ask the day shift" in run.seen_in_thread()


def test_a_houvast_meeting_in_writing_ends_after_its_working_days_and_cannot_pause():
    run = Run(context("houvast"))
    refusal = running.press(run.ctx, running.ControlPressed("bob", 1, "pause",
                                                           run.ctx.live.version), run.now)
    assert [e.text.key for e in refusal.effects if isinstance(e, Reject)] == [
        "written.refused.pause"]
    nudges = []
    while run.ctx.live.status is LiveStatus.RUNNING:
        nudges += [t.due_at for t in run.timers if t.kind == TimerKind.NUDGE]
        run.until(run.ctx.live.phase_ends_at)
    assert nudges and all(in_working_hours(n) for n in nudges)
    sent_at = [at for at, e in run.sent if isinstance(e, DirectMessage) and ":nudge:" in e.key]
    assert sent_at and all(in_working_hours(at) for at in sent_at)
    assert run.now == add_working_days(WEEK, START, 10)
