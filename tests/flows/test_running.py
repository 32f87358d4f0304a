"""The running meeting's decisions as scripts of events against explicit clock values: who
may do what (and the text they are told otherwise), the flip-over, the ten-step ratings,
choosing actions, card draws without repeats, and the check-out."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest

from flows import collecting, followup, library, running
from flows.actions import Action, FollowUp
from flows.cases import Case, CaseText
from flows.effects import DirectMessage, FormErrors, OpenForm, Post, Reject, Update, UpdateOrigin
from flows.flipover import Rating
from flows.group import Group
from flows.live import LiveStatus, TimerKind
from flows.live_context import LiveContext, LiveOutcome
from flows.meeting import Meeting
from flows.recurrence import Schedule

START = datetime(2027, 1, 7, 13, 0, tzinfo=UTC)
NEXT = datetime(2027, 2, 4, 13, 0, tzinfo=UTC)


def context(method: str = "ten_step", auto: bool = False, **meeting) -> LiveContext:
    schedule = Schedule("FREQ=MONTHLY;BYDAY=+1TH", date(2027, 1, 7), time(14, 0),
                        "Europe/Amsterdam", 120)
    group = Group(team_id="T1", channel_id="C1", name="Noord", members=("ann", "bob", "cas"),
                  coordinators=("cor",), language="en", schedule=schedule, method_id=method,
                  auto_advance=auto, id=7)
    this = Meeting(group_id=7, occurrence=START, start=START, duration_minutes=120,
                   case_bringers=("ann",), facilitator="bob", id=1)
    following = Meeting(group_id=7, occurrence=NEXT, start=NEXT, duration_minutes=120, id=2)
    return LiveContext(group=group, meeting=replace(this, **meeting), live=None,
                       next_meeting=following)


def apply(ctx: LiveContext, outcome: LiveOutcome) -> LiveContext:
    """What the shell does with an outcome: save it (ids for new contributions)."""
    contributions = {c.id: c for c in ctx.contributions}
    for c in outcome.contributions:
        key = c.id if c.id is not None else len(contributions) + 1
        contributions[key] = replace(c, id=key)
    return replace(ctx, live=outcome.live or ctx.live, cards=outcome.cards or ctx.cards,
                   meeting=outcome.meeting or ctx.meeting,
                   contributions=tuple(contributions.values()),
                   actions=ctx.actions + outcome.actions,
                   checkouts=ctx.checkouts + ((outcome.checkout,) if outcome.checkout else ()))


def refused(outcome: LiveOutcome) -> str:
    (reject,) = [e for e in outcome.effects if isinstance(e, Reject)]
    return reject.text.key


def started(ctx: LiveContext, now: datetime = START) -> LiveContext:
    return apply(ctx, running.start(ctx, running.StartRequested("bob", 1), now, 1,
                                    random.Random(1)))


def press(ctx: LiveContext, control: str, user: str = "bob", now: datetime = START,
          version: int | None = None) -> tuple[LiveContext, LiveOutcome]:
    assert ctx.live is not None
    event = running.ControlPressed(user, 1, control,
                                   ctx.live.version if version is None else version)
    outcome = running.press(ctx, event, now)
    return apply(ctx, outcome), outcome


def to_phase(ctx: LiveContext, phase_id: str) -> LiveContext:
    while ctx.live.phase.phase.id != phase_id:
        assert ctx.live.status is LiveStatus.RUNNING, f"no phase {phase_id}"
        ctx, _ = press(ctx, "next")
    return ctx


def test_the_opening_is_posted_once_with_the_case_bringers_preferred_method():
    case = Case(1, 7, "ann", submitted=CaseText(title="T", method="gossip"))
    ctx = replace(context(), cases=(case,))
    _, outcome = running.open_meeting(ctx, START, 1, random.Random(1))
    (post,) = outcome.effects
    assert isinstance(post, Post) and post.key == "live:1:opening" and post.thread_key is None
    assert outcome.live.method_id == "gossip" and outcome.live.status is LiveStatus.NOT_STARTED
    assert set(outcome.cards.orders) == set(library.decks())
    _, twice = running.open_meeting(apply(ctx, outcome), START, 1, random.Random(2))
    assert twice.effects == () and twice.live is None


def test_only_the_facilitator_or_a_coordinator_starts_and_the_group_is_told_nothing_else():
    ctx = context()
    assert refused(running.start(ctx, running.StartRequested("eve", 1), START, 1,
                                 random.Random(1))) == "roles.not_in_group"
    assert refused(running.start(ctx, running.StartRequested("cas", 1), START, 1,
                                 random.Random(1))) == "live.refused.only_facilitator"
    outcome = running.start(ctx, running.StartRequested("cor", 1), START, 1, random.Random(1))
    posts = [e for e in outcome.effects if isinstance(e, Post)]
    assert [p.key for p in posts] == ["live:1:opening", "live:1:phase:1"]
    assert posts[1].thread_key == "live:1:opening"
    # 120 minutes with a break: the frame gives up minutes, check-in runs 4 (heads-up at 4/5).
    assert [(t.kind, t.due_at) for t in outcome.timers] == [
        (TimerKind.HEADS_UP, START + timedelta(minutes=4, seconds=-48)),
        (TimerKind.TIME_UP, START + timedelta(minutes=4))]


def test_nobody_asked_to_facilitate_means_whoever_starts_leads():
    outcome = running.start(context(facilitator=None), running.StartRequested("cas", 1), START,
                            1, random.Random(1))
    assert outcome.meeting.facilitator == "cas" and outcome.live.status is LiveStatus.RUNNING


@pytest.mark.parametrize(("user", "version_offset", "reason"), [
    ("cas", 0, "live.refused.only_facilitator"),
    ("bob", -1, "live.refused.stale"),
    ("eve", 0, "roles.not_in_group"),
])
def test_illegal_presses_are_explained(user, version_offset, reason):
    ctx = started(context())
    _, outcome = press(ctx, "next", user=user, version=ctx.live.version + version_offset)
    assert refused(outcome) == reason and outcome.live is None


def test_back_from_the_first_phase_and_resume_while_running_are_refused():
    ctx = started(context())
    assert refused(press(ctx, "back")[1]) == "live.refused.no_previous"
    assert refused(press(ctx, "resume")[1]) == "live.refused.not_paused"


def test_the_method_can_change_until_its_first_phase_begins():
    ctx = context()
    opened, outcome = running.open_meeting(ctx, START, 1, random.Random(1))
    opened = apply(ctx, outcome)
    assert refused(running.choose_method(opened, running.MethodChosen("cas", 1, "gossip"),
                                         START)) == "live.refused.only_facilitator"
    chosen = running.choose_method(opened, running.MethodChosen("bob", 1, "gossip"), START)
    assert chosen.live.method_id == "gossip"
    assert [type(e) for e in chosen.effects] == [Update]
    after = started(apply(opened, chosen))
    # Still in the frame's opening part (check-in, look back, sharpen the question): it may.
    again = running.choose_method(after, running.MethodChosen("bob", 1, "houvast"), START)
    assert again.live.method_id == "houvast" and again.live.version == after.live.version
    working = to_phase(apply(after, again), "bring_in")
    assert refused(running.choose_method(working, running.MethodChosen("bob", 1, "gossip"),
                                         START)) == "live.refused.method_fixed"


def test_a_timer_of_an_older_state_changes_nothing_and_auto_advance_moves_on():
    ctx = started(context())
    old = running.LiveTimerDue(1, TimerKind.TIME_UP, 0, ctx.live.version - 1)
    assert running.timer_due(ctx, old, START + timedelta(minutes=5)) == LiveOutcome()
    due = running.LiveTimerDue(1, TimerKind.TIME_UP, 0, ctx.live.version)
    waits = running.timer_due(ctx, due, START + timedelta(minutes=5))
    assert waits.live.index == 0 and waits.live.version == ctx.live.version
    # "Time is up": the phase message changes in place, the facilitator alone is told.
    assert not any(isinstance(e, Post) for e in waits.effects)
    assert [e.user for e in waits.effects if isinstance(e, DirectMessage)] == ["bob"]
    assert "live:1:phase:1" in [e.key for e in waits.effects if isinstance(e, Update)]
    quiet = replace(ctx, live=replace(ctx.live, private_signals=False))
    assert not any(isinstance(e, DirectMessage)
                   for e in running.timer_due(quiet, due, START + timedelta(minutes=5)).effects)
    auto = started(context(auto=True))
    moved = running.timer_due(auto, due, START + timedelta(minutes=5))
    assert moved.live.index == 1


def test_cards_do_not_repeat_until_the_deck_is_exhausted():
    ctx = started(context())
    deck = library.decks()["checkin"]
    seen = []
    for _ in range(len(deck.cards)):
        outcome = running.draw_card(ctx, running.CardRequested("cas", 1), START)
        ctx = apply(ctx, outcome)
        seen.append(ctx.cards.drawn[-1][1])
    assert sorted(seen) == sorted(card.id for card in deck.cards)
    again = running.draw_card(ctx, running.CardRequested("cas", 1), START)
    assert again.effects[0].message.data["reshuffled"] is True
    assert again.effects[0].message.data["card"].id == seen[0]


def test_a_card_of_a_named_theme_and_an_unknown_theme():
    ctx = started(context())
    outcome = running.draw_card(ctx, running.CardRequested("cas", 1, "leadership"), START)
    assert outcome.effects[0].message.data["card"].theme == "leadership"
    unknown = running.draw_card(ctx, running.CardRequested("cas", 1, "xyz"), START)
    assert refused(unknown) == "live.refused.unknown_theme"


def add(ctx: LiveContext, user: str, text: str, **fields) -> tuple[LiveContext, LiveOutcome]:
    live = ctx.live
    event = collecting.ContributionSubmitted(user, 1, live.entry_version, live.index, text,
                                             **fields)
    outcome = collecting.add(ctx, event, START)
    return apply(ctx, outcome), outcome


def test_ten_step_questions_are_rated_by_the_case_bringer_only():
    ctx = to_phase(started(context()), "questions")
    form = collecting.request_form(ctx, collecting.FlipoverFormRequested(
        "cas", 1, "add", ctx.live.entry_version), START)
    assert isinstance(form.effects[0], OpenForm) and form.effects[0].data["kind"] == "question"
    _, empty = add(ctx, "cas", "   ")
    assert empty.effects == (FormErrors({"text": collecting.t("live.error.text_missing")},
                                        "en"),)
    _, long = add(ctx, "cas", "x" * 501)
    assert long.effects[0].errors["text"].key == "live.error.text_long"
    ctx, _ = add(ctx, "cas", "What makes this hard?")
    ctx, _ = add(ctx, "bob", "When did it work?")
    ctx = to_phase(ctx, "rate_questions")
    request = collecting.FlipoverFormRequested("cas", 1, "rate", ctx.live.entry_version)
    assert refused(collecting.request_form(ctx, request, START)) == (
        "live.refused.only_case_bringer")
    form = collecting.request_form(ctx, replace(request, user="ann"), START).effects[0]
    assert [item.text for item in form.data["items"]] == ["What makes this hard?",
                                                          "When did it work?"]
    rated = collecting.rate(ctx, collecting.RatingsSubmitted(
        "ann", 1, ctx.live.entry_version, ctx.live.index, {1: "warm", 2: "cold"}), START)
    assert [c.rating for c in rated.contributions] == [Rating.WARM, Rating.COLD]
    # In silence: the phase's own message is redrawn, and it is still the current one.
    (update,) = rated.effects
    assert update.message.data["current"] is True


def test_a_form_from_a_phase_that_is_over_is_refused_but_a_submission_is_kept():
    ctx = to_phase(started(context()), "questions")
    entry, index = ctx.live.entry_version, ctx.live.index
    moved, _ = press(ctx, "next")
    request = collecting.FlipoverFormRequested("cas", 1, "add", entry)
    assert refused(collecting.request_form(moved, request, START)) == "live.refused.phase_over"
    late = collecting.add(moved, collecting.ContributionSubmitted("cas", 1, entry, index,
                                                                  "Typed in time"), START)
    assert late.contributions[0].phase_index == index
    assert late.effects[0].message.data["current"] is False


def test_success_factors_need_their_side_and_ideas_become_actions_by_choice():
    ctx = to_phase(started(context(method="successes")), "factors")
    _, missing = add(ctx, "cas", "I asked for help")
    assert missing.effects[0].errors["factor"].key == "live.error.factor_missing"
    ctx, ok = add(ctx, "cas", "I asked for help", factor="own_action")
    assert ok.contributions[0].factor == "own_action"

    ctx = to_phase(started(context(method="houvast")), "ideas")
    ctx, _ = add(ctx, "cas", "Call the family first")
    ctx, _ = add(ctx, "bob", "Plan a weekly check")
    ctx = to_phase(ctx, "apply")
    request = collecting.FlipoverFormRequested("ann", 1, "choose", ctx.live.entry_version)
    form = collecting.request_form(ctx, request, START).effects[0]
    assert form.data["owner"] == "ann" and form.data["due_date"] == date(2027, 1, 28)
    event = collecting.ChoicesSubmitted("ann", 1, ctx.live.entry_version, ctx.live.index,
                                        frozenset({1}), "ann", date(2027, 1, 28))
    none = collecting.choose(ctx, replace(event, chosen_ids=frozenset(), due_date=date(2026, 1, 1)),
                             START)
    assert set(none.effects[0].errors) == {"ideas", "due_date"}
    chosen = collecting.choose(ctx, event, START)
    assert [(a.owner, a.text, a.due_date) for a in chosen.actions] == [
        ("ann", "Call the family first", date(2027, 1, 28))]
    assert chosen.contributions[0].chosen is True
    again = collecting.choose(apply(ctx, chosen), event, START)
    assert again.effects[0].errors["ideas"].key == "live.error.choose_one"  # not twice


def test_check_out_opens_after_the_end_and_needs_a_score():
    ctx = started(context())
    request = collecting.FlipoverFormRequested("cas", 1, "checkout")
    assert refused(collecting.request_form(ctx, request, START)) == (
        "live.refused.checkout_not_yet")
    ended, outcome = press(ctx, "end")
    assert outcome.meeting.status.value == "held"
    assert [p.key for p in outcome.effects if isinstance(p, Post)] == ["live:1:summary"]
    assert isinstance(collecting.request_form(ended, request, START).effects[0], OpenForm)
    missing = collecting.check_out(ended, collecting.CheckoutSubmitted("cas", 1, None), START)
    assert missing.effects[0].errors["score"].key == "live.error.score_missing"
    done = collecting.check_out(ended, collecting.CheckoutSubmitted("cas", 1, 4, "Ask more"),
                                START)
    assert done.checkout.score == 4 and isinstance(done.effects[0], Update)


def test_in_a_public_channel_the_summary_goes_to_each_member_privately():
    ctx = started(context())
    public = replace(ctx, group=replace(ctx.group, channel_private=False))
    _, outcome = press(public, "end")
    keys = [getattr(e, "key", None) for e in outcome.effects
            if not isinstance(e, Update | UpdateOrigin)]
    assert keys == ["live:1:summary:note", "live:1:summary:ann", "live:1:summary:bob",
                    "live:1:summary:cas", "live:1:summary:cor"]


def test_the_case_bringer_marks_which_dominant_ideas_to_explore():
    ctx = to_phase(started(context(method="dominant_ideas")), "name_ideas")
    ctx, _ = add(ctx, "cas", "Everything must be solved today")
    ctx, _ = add(ctx, "bob", "Clients come first, always")
    ctx = to_phase(ctx, "react")
    request = collecting.FlipoverFormRequested("bob", 1, "mark", ctx.live.entry_version)
    assert refused(collecting.request_form(ctx, request, START)) == (
        "live.refused.only_case_bringer")
    marks = collecting.MarksSubmitted("ann", 1, ctx.live.entry_version, ctx.live.index,
                                      frozenset({2}))
    outcome = collecting.mark(ctx, marks, START)
    assert [(c.text, c.marked) for c in outcome.contributions] == [
        ("Everything must be solved today", False), ("Clients come first, always", True)]


def test_two_nudges_without_an_answer_and_then_the_bot_stops_asking():
    ctx = context()
    action = Action(7, 1, "cas", "Call the family", date(2027, 1, 28), "ann", id=5)
    about = followup.ActionContext(ctx.group, ctx.meeting, action)
    first = followup.first_nudge(about)
    assert first.due_at == datetime(2027, 1, 28, 13, 0, tzinfo=UTC) and first.recipient == "cas"
    one = followup.nudge(about, followup.NudgeDue(5, 1, first.key), first.due_at)
    assert [p.due_at for p in one.plans] == [first.due_at + timedelta(weeks=1)]
    two = followup.nudge(about, followup.NudgeDue(5, 2, "action_nudge:5:2"),
                         first.due_at + timedelta(weeks=1))
    assert two.plans == () and two.effects[0].message.data["last"] is True
    # The case bringer's own action: asked three weeks after the meeting at the latest.
    own = replace(action, owner="ann", due_date=date(2027, 3, 1))
    assert followup.first_nudge(replace(about, action=own)).due_at == START + timedelta(weeks=3)


def test_a_report_kept_for_the_facilitator_reaches_them_at_the_next_start_only():
    action = Action(7, 0, "cas", "Call the family", date(2027, 1, 28), "ann", id=5)
    previous = Meeting(group_id=7, occurrence=START - timedelta(weeks=4),
                       start=START - timedelta(weeks=4), duration_minutes=120, id=0)
    ctx = replace(context(), previous_meeting=previous, looking_back=(
        (action, FollowUp(5, "cas", "Called", shared=False)),))
    outcome = running.start(ctx, running.StartRequested("bob", 1), START, 1, random.Random(1))
    kept = [e for e in outcome.effects if getattr(e, "key", "").startswith("followup_kept")]
    assert [(e.user, e.message.data["follow_up"].did) for e in kept] == [("bob", "Called")]
