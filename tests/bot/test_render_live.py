"""Every message and form of a running meeting, for every method and phase, within Slack's
Block Kit limits — with a full flip-over, in both languages."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

import pytest

from bot.render.forms import render_form
from bot.render.messages import render_message
from flows import advice, collecting, facilitating, library, running
from flows.actions import Action
from flows.effects import OpenForm, Post
from flows.flipover import Checkout, Contribution, Rating
from tests.flows.test_running import START, apply, context, press
from tests.support.block_kit import message_problems, sdk_problems, view_problems

LONG = "Een lange bijdrage die de grens van een regel op de flip-over opzoekt. " * 7


def full_flipover(ctx):
    """Forty contributions of every kind per case, rated, marked and chosen, and actions."""
    items = tuple(
        Contribution(meeting_id=1, group_id=7, phase_index=item.index,
                     case_number=item.case_number, kind=item.phase.collects, author="cas",
                     text=f"{n} {LONG}"[:500], factor=(item.phase.factor_split or (None,))[n % 2]
                     if item.phase.factor_split else None, rating=Rating.WARM, marked=n % 2 == 0,
                     chosen=n % 3 == 0, id=item.index * 100 + n)
        for item in ctx.live.agenda if item.phase.collects for n in range(40))
    actions = tuple(Action(7, 1, "ann", LONG[:300], date(2027, 1, 28), "ann") for _ in range(20))
    return replace(ctx, contributions=items, actions=actions,
                   checkouts=(Checkout(1, "cas", 4, "x"),))


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("method", sorted(library.methods()))
def test_every_phase_message_and_form_fits(method, language):
    ctx = context(method=method)
    ctx = replace(ctx, group=replace(ctx.group, language=language),
                  meeting=replace(ctx.meeting, case_bringers=("ann", "bob")))
    ctx = apply(ctx, running.start(ctx, running.StartRequested("bob", 1), START, 1,
                                   random.Random(1)))
    ctx = full_flipover(ctx)
    now = START
    while True:
        live = ctx.live
        messages = [e.message for e in running.draw_card(
            ctx, running.CardRequested("cas", 1), now).effects]
        for form in ("add", "rate", "mark", "choose", "show"):
            outcome = collecting.request_form(ctx, collecting.FlipoverFormRequested(
                "ann", 1, form, live.entry_version), now)
            for effect in outcome.effects:
                if isinstance(effect, OpenForm):
                    view = render_form(effect)
                    assert view_problems(view) == [], (method, form)
                    assert sdk_problems(view["blocks"]) == [], (method, form)
                elif hasattr(effect, "message"):
                    messages.append(effect.message)
        panel = facilitating.panel(ctx, facilitating.PanelRequested("bob", 1), now).effects
        messages += [e.message for e in panel]
        ctx, outcome = press(ctx, "extend", now=now)
        messages += [e.message for e in outcome.effects if hasattr(e, "message")]
        ctx, outcome = press(ctx, "next", now=now)
        messages += [e.message for e in outcome.effects if hasattr(e, "message")]
        for message in messages:
            text, blocks = render_message(message)
            assert text and message_problems(blocks) == [], (method, message.kind)
            assert sdk_problems(blocks) == [], (method, message.kind)
        if ctx.live.status.value == "ended":
            break
        now += timedelta(minutes=1)
    checkout = collecting.request_form(ctx, collecting.FlipoverFormRequested(
        "cas", 1, "checkout"), now).effects[0]
    assert view_problems(render_form(checkout)) == []
    for answers, full in (("", True), ("", False), ("3", False), ("32", False),
                          ("321", False)):
        shown = advice.method_advice(ctx, advice.MethodAdviceRequested(
            "cas", 1, answers, full)).effects[0]
        blocks = render_message(shown.message)[1]
        assert message_problems(blocks) == [] and sdk_problems(blocks) == []


def test_a_long_list_to_choose_from_is_split_ten_to_a_list_and_read_back_whole():
    from bot.listeners.live_views import submission

    items = tuple(Contribution(1, 7, 9, None, "idea", "cas", f"Idee {n}", id=n)
                  for n in range(1, 26))
    form = OpenForm("live_choose", "nl", {
        "meeting_id": 1, "entry_version": 3, "phase_index": 9, "items": items,
        "phase": running.agenda_for(library.method("houvast"), context(), 1)[7],
        "owner": "ann", "due_date": date(2027, 1, 28)})
    view = render_form(form)
    lists = [b for b in view["blocks"] if b.get("block_id", "").startswith("ideas")]
    assert [b["block_id"] for b in lists] == ["ideas", "ideas_2", "ideas_3"]
    assert [len(b["element"]["options"]) for b in lists] == [10, 10, 5]
    assert lists[2]["label"]["text"].endswith("(21–25)")
    assert view_problems(view) == [] and sdk_problems(view["blocks"]) == []

    def ticked(*values):
        return {"type": "checkboxes", "selected_options": [{"value": v} for v in values]}
    state = {"values": {"ideas": {"value": ticked("2")}, "ideas_3": {"value": ticked("23",
                                                                                   "25")},
                        "owner": {"value": {"type": "users_select", "selected_user": "ann"}}}}
    chosen = submission("live_choose", "ann", {"meeting_id": 1, "entry_version": 3,
                                               "phase_index": 9}, state)
    assert chosen.chosen_ids == frozenset({2, 23, 25})


def test_the_summary_says_everything_once_and_step_four_shows_the_rated_questions():
    import json

    from tests.flows.test_running import to_phase

    ctx = context()
    ctx = apply(ctx, running.start(ctx, running.StartRequested("bob", 1), START, 1,
                                   random.Random(1)))

    def add(ctx, user, text):
        live = ctx.live
        return apply(ctx, collecting.add(ctx, collecting.ContributionSubmitted(
            user, 1, live.entry_version, live.index, text), START))

    ctx = add(to_phase(ctx, "questions"), "cas", "Wat maakte het lastig?")
    ctx = add(ctx, "bob", "Wanneer lukte het wel?")
    ctx = to_phase(ctx, "rate_questions")
    ids = [c.id for c in ctx.contributions]
    ctx = apply(ctx, collecting.rate(ctx, collecting.RatingsSubmitted(
        "ann", 1, ctx.live.entry_version, ctx.live.index,
        {ids[0]: "cold", ids[1]: "warm"}), START))
    ctx = to_phase(ctx, "answer")
    _, blocks = render_message(running.live_message("live_phase", ctx, START,
                                                    index=ctx.live.index, current=True,
                                                    entry_version=ctx.live.entry_version))
    step4 = json.dumps(blocks, ensure_ascii=False)
    assert "De vragen om te beantwoorden" in step4 or "The questions to answer" in step4
    # The warm one first: that is where the case bringer's answer starts.
    assert step4.index("Wanneer lukte het wel?") < step4.index("Wat maakte het lastig?")
    assert ":fire: warm" in step4

    ctx = add(to_phase(ctx, "redefine"), "cas", "Mijn probleem is dat ik twijfel")
    ctx = add(to_phase(ctx, "rate_redefinitions"), "ann", "Mijn probleem is mijn eigen lat")
    ctx, outcome = press(ctx, "end")
    (summary,) = [e.message for e in outcome.effects
                  if isinstance(e, Post) and e.message.kind == "live_summary"]
    text = json.dumps(render_message(summary)[1], ensure_ascii=False)
    for said in ("Wat maakte het lastig?", "Wanneer lukte het wel?",
                 "Mijn probleem is dat ik twijfel", "Mijn probleem is mijn eigen lat"):
        assert text.count(said) == 1, said
    assert text.index("Step 2") < text.index("Wat maakte het lastig?") < text.index("Step 6")


@pytest.mark.parametrize(("minutes", "where"), [(120, ("break", None)),
                                                (90, ("bring_in", 2))])
def test_between_two_cases_the_phase_message_asks_for_an_energy_check(minutes, where):
    import json

    ctx = context(method="houvast")
    ctx = replace(ctx, meeting=replace(ctx.meeting, case_bringers=("ann", "cas"),
                                       duration_minutes=minutes))
    ctx = apply(ctx, running.start(ctx, running.StartRequested("bob", 1), START, 1,
                                   random.Random(1)))
    seen = []
    while ctx.live.status.value == "running":
        _, blocks = render_message(running.live_message(
            "live_phase", ctx, START, index=ctx.live.index, current=True,
            entry_version=ctx.live.entry_version))
        text = json.dumps(blocks, ensure_ascii=False)
        item = ctx.live.phase
        seen.append((item.phase.id, item.case_number, "Energy check" in text))
        assert "live.control" not in text  # the clock's controls are in the panel only
        ctx, _ = press(ctx, "next")
    checked = [(pid, case) for pid, case, energy in seen if energy]
    assert checked == [where]  # the break between the cases, or else case 2's first phase
    assert ("ideas", 1, False) in seen
