"""The method's rules kept, and time fitted as a facilitator would: who may add in every phase
of all twelve methods (a silent contribution refused privately and kept), the fitted minutes of
every method at 60 to 180 minutes with one and two cases, and the facilitator's private note of
who has not added anything halfway through a round."""

from __future__ import annotations

import math
import random
from dataclasses import replace
from datetime import timedelta

import pytest

from flows import advice, collecting, facilitating, library, running
from flows.agenda import BREAK_FROM_MINUTES
from flows.effects import DirectMessage, Reject, Reply, UpdateOrigin
from flows.flipover import HELD
from flows.live import TimerKind
from tests.flows.test_running import START, apply, context, press, to_phase

METHODS = library.methods()
FRAME = library.frame()


def at_phase(method: str, index: int):
    """A running meeting of `method` (ann brings the case, bob leads) at agenda `index`."""
    ctx = context(method=method)
    ctx = apply(ctx, running.start(ctx, running.StartRequested("bob", 1), START, 1,
                                   random.Random(1)))
    while ctx.live.index != index:
        ctx, _ = press(ctx, "next")
    return ctx


def submit(ctx, user: str, text: str = "Iets wat me opvalt"):
    live = ctx.live
    return collecting.add(ctx, collecting.ContributionSubmitted(
        user, 1, live.entry_version, live.index, text, owner=user,
        due_date=START.date() + timedelta(days=14), factor="own_action"), START)


def test_all_twelve_methods_are_walked():
    assert len(METHODS) == 12


@pytest.mark.parametrize("method", sorted(METHODS))
def test_in_every_phase_only_those_who_speak_add_and_the_silent_are_refused_with_the_text_kept(
        method):
    agenda = at_phase(method, 0).live.agenda
    for item in agenda:
        phase = item.phase
        assert phase.speaks, (method, phase.id)  # every phase says who speaks
        if not phase.collects:
            continue
        ctx = at_phase(method, item.index)
        if ctx.case_bringer(item.case_number) is None:
            continue  # Houvast's second case without its own case bringer: nobody to tell apart
        for user, is_bringer in (("ann", True), ("cas", False)):
            may = bool({"everyone", "case_bringer" if is_bringer else "group"}
                       & set(phase.speaks))
            outcome = submit(ctx, user)
            refusals = [e for e in outcome.effects if isinstance(e, Reject)]
            if may:
                assert not refusals, (method, phase.id, user)
                assert [c.kind for c in outcome.contributions] in ([phase.collects], []), (
                    method, phase.id)
                assert phase.collects == "action" or outcome.contributions
            else:
                (refusal,) = refusals
                assert refusal.text.key == "live.refused.silent", (method, phase.id, user)
                (kept,) = outcome.contributions
                assert (kept.kind, kept.author, kept.text) == (HELD, user, "Iets wat me opvalt")


@pytest.mark.parametrize(("method", "phase_id", "silent", "speaks"), [
    ("houvast", "ideas", "ann", "cas"),  # round 4: the case bringer only listens
    ("gossip", "gossip", "ann", "cas"),  # the case bringer has stepped out
    ("ten_step", "questions", "ann", "cas"),  # step 2: the case bringer says nothing yet
    ("ten_step", "rate_redefinitions", "cas", "ann"),  # step 7: the case bringer's own
])
def test_the_rounds_the_groups_broke_are_kept(method, phase_id, silent, speaks):
    ctx = to_phase(started_with(method), phase_id)
    assert [e.text.key for e in submit(ctx, silent).effects
            if isinstance(e, Reject)] == ["live.refused.silent"]
    assert not [e for e in submit(ctx, speaks).effects if isinstance(e, Reject)]


def started_with(method: str):
    return at_phase(method, 0)


def test_the_kept_text_is_offered_in_a_later_phase_and_becomes_a_contribution_there():
    ctx = to_phase(started_with("ten_step"), "questions")
    ctx = apply(ctx, submit(ctx, "ann", "Ben ik te voorzichtig?"))
    (kept,) = [c for c in ctx.contributions if c.kind == HELD]
    asked = collecting.request_form(ctx, collecting.FlipoverFormRequested(
        "ann", 1, "add", ctx.live.entry_version), START)
    assert "silent" in asked.effects[0].data and "held" not in asked.effects[0].data
    ctx = to_phase(ctx, "rate_redefinitions")
    offered = collecting.request_form(ctx, collecting.FlipoverFormRequested(
        "ann", 1, "add", ctx.live.entry_version), START).effects[0]
    assert offered.data["held"] == kept and "silent" not in offered.data
    live = ctx.live
    placed = collecting.add(ctx, collecting.ContributionSubmitted(
        "ann", 1, live.entry_version, live.index, "Ben ik te voorzichtig?",
        held_id=kept.id), START)
    (contribution,) = placed.contributions
    assert (contribution.id, contribution.kind, contribution.phase_index) == (
        kept.id, "redefinition", live.index)


# -- time ---------------------------------------------------------------------------------

DURATIONS = (60, 90, 120, 150, 180)


def fitted(method: str, minutes: int, cases: int):
    ctx = context(method=method, duration_minutes=minutes,
                  case_bringers=("ann", "cas")[:cases])
    return running.agenda_for(METHODS[method], ctx, 1)


@pytest.mark.parametrize("cases", [1, 2])
@pytest.mark.parametrize("minutes", DURATIONS)
@pytest.mark.parametrize("method", sorted(METHODS))
def test_time_is_fitted_as_a_facilitator_would(method, minutes, cases):
    agenda = fitted(method, minutes, cases)
    m = METHODS[method]
    runs = max(cases, m.cases_per_meeting)
    own = runs * m.default_minutes
    floor = runs * sum(p.min_minutes for p in m.phases) + sum(
        p.min_minutes for p in FRAME.phases)
    total = sum(a.minutes for a in agenda)
    assert total == max(minutes, floor)  # too short: the minimums, and the clock says so
    assert all(a.minutes >= a.phase.min_minutes for a in agenda)  # nobody is rushed
    method_minutes = sum(a.minutes for a in agenda if a.case_number is not None or (
        runs == 1 and a.phase in m.phases))
    assert method_minutes <= math.floor(own * 1.25)  # stretched by a quarter at most
    frame_minutes = sum(a.minutes for a in agenda if a.phase in FRAME.phases)
    closing = next(a for a in agenda if a.phase.id == "closing")
    assert frame_minutes - (closing.minutes - 10) <= FRAME.default_minutes or (
        closing.minutes <= 10)  # only the close grows past the frame's own minutes
    breaks = [a for a in agenda if a.phase.id == "break"]
    if total >= BREAK_FROM_MINUTES:
        (pause,) = breaks
        assert 5 <= pause.minutes <= 10
        if runs == 2:  # between the cases
            before, after = agenda[pause.index - 1], agenda[pause.index + 1]
            assert (before.case_number, after.case_number) == (1, 2)
    else:
        assert breaks == []


def test_the_fitted_minutes_of_three_real_meetings():
    table = {(method, minutes, cases): [(a.phase.id, a.minutes) for a in
                                        fitted(method, minutes, cases)]
             for method, minutes, cases in (("houvast", 90, 2), ("ten_step", 120, 1),
                                            ("gossip", 120, 1))}
    # Houvast, two cases in 90 minutes: the frame shrinks to about a quarter hour and no
    # round is under five minutes.
    houvast = table[("houvast", 90, 2)]
    assert sum(m for pid, m in houvast if pid in {p.id for p in FRAME.phases}) in range(13, 18)
    assert min(m for pid, m in houvast if pid in {p.id for p in METHODS["houvast"].phases}) >= 5
    assert houvast == [("checkin", 3), ("look_back", 2), ("sharpen", 2),
                       ("bring_in", 5), ("clarify", 10), ("appreciate", 5), ("ideas", 8),
                       ("apply", 10)] * 1 + [
                          ("bring_in", 5), ("clarify", 10), ("appreciate", 5), ("ideas", 8),
                          ("apply", 10), ("closing", 5), ("look_ahead", 2)]
    # Ten-step in 120 minutes: its own 90, a five-minute break halfway, a shorter frame.
    assert table[("ten_step", 120, 1)] == [
        ("checkin", 4), ("look_back", 4), ("sharpen", 4), ("facts", 10), ("questions", 15),
        ("rate_questions", 5), ("answer", 10), ("deepen", 10), ("break", 5), ("redefine", 10),
        ("rate_redefinitions", 5), ("alternatives", 15), ("tips", 5), ("evaluate", 5),
        ("closing", 9), ("look_ahead", 4)]
    # Gossip (60 minutes of its own) in 120: stretched to 75, a ten-minute break while the
    # case bringer is away, and a longer close — no 38-minute gossip round.
    gossip = dict(table[("gossip", 120, 1)])
    assert gossip["gossip"] <= 32 and gossip["break"] == 10 and gossip["closing"] == 15


# -- the facilitator's moves ----------------------------------------------------------------


def test_halfway_through_a_round_the_facilitator_privately_hears_who_has_not_added_yet():
    ctx = to_phase(started_with("ten_step"), "questions")
    live = ctx.live
    _, outcome = press(ctx, "extend")  # timers are planned again: the halfway one among them
    assert TimerKind.HALFWAY in {t.kind for t in outcome.timers}
    ctx = apply(ctx, outcome)
    ctx = apply(ctx, submit(ctx, "cas", "Wat had je nodig?"))
    assert facilitating.not_heard(ctx, live.index) == ()  # ann is silent here, bob leads
    ctx = replace(ctx, group=replace(ctx.group, members=("ann", "bob", "cas", "dan")))
    due = running.LiveTimerDue(1, TimerKind.HALFWAY, live.index, ctx.live.version)
    effects = running.timer_due(ctx, due, START).effects
    (note,) = [e for e in effects if isinstance(e, DirectMessage)]
    assert note.user == "bob" and note.message.data["users"] == ("dan",)
    assert all(isinstance(e, DirectMessage) for e in effects)  # never in the thread
    quiet = replace(ctx, live=replace(ctx.live, private_signals=False))
    assert running.timer_due(quiet, due, START).effects == ()


# -- which method fits ----------------------------------------------------------------------


def test_which_method_fits_asks_three_short_questions_and_proposes_two():
    ctx = context()
    asked = advice.method_advice(ctx, advice.MethodAdviceRequested("cas", 1)).effects
    (first,) = asked
    assert isinstance(first, Reply) and first.message.data["question"] == "kind"
    second = advice.method_advice(ctx, advice.MethodAdviceRequested("cas", 1, "1")).effects[0]
    assert isinstance(second, UpdateOrigin)  # the same private message, one step further
    assert second.message.data["question"] == "experience"
    third = advice.method_advice(ctx, advice.MethodAdviceRequested("cas", 1, "12")).effects[0]
    assert third.message.data["question"] == "time"
    proposal = advice.method_advice(ctx, advice.MethodAdviceRequested("cas", 1, "123"))
    assert [m.id for m in proposal.effects[0].message.data["methods"]] == ["incident",
                                                                         "ten_step"]
    full = advice.method_advice(ctx, advice.MethodAdviceRequested("cas", 1, full=True))
    assert len(full.effects[0].message.data["methods"]) == 12


@pytest.mark.parametrize(("answers", "expected"), [
    (("values", "experienced", "two_hours"), ("dominant_ideas", "dialogue")),
    (("values", "new", "two_hours"), ("narrative", "mirror")),  # deep methods need experience
    (("stuck", "new", "hour"), ("mirror", "gossip")),
    (("ideas", "new", "hour_half"), ("houvast", "five_step")),
    (("complex", "experienced", "two_hours"), ("analytic", "image_opinion_decision")),
    (("incident", "new", "hour"), ("houvast", "incident")),  # ten-step needs longer
    (("success", "new", "two_hours"), ("successes", "narrative")),
])
def test_the_proposal_follows_the_sources_selection_help(answers, expected):
    assert advice.proposed(*answers) == expected


def test_answers_that_are_not_ours_show_the_full_list():
    shown = advice.method_advice(context(), advice.MethodAdviceRequested("cas", 1, "97"))
    assert shown.effects[0].message.kind == "live_method_advice"
