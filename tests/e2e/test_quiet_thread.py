"""Whole meetings as a group lives them, counted: the thread gets one message per phase, the
drawn cards and the summary, and nothing else from the bot. The clock's heads-up and time-up
reach the facilitator privately; no message in the thread carries the facilitator's controls;
the case bringer who adds in a silent phase is refused privately and finds the text again.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

import pytest

from storage.repositories import Store
from tests.e2e.test_calendar_flow import JAN7, START, make_group
from tests.e2e.test_live_meeting import (
    blocks_text,
    control,
    dms,
    meeting_of,
    next_phase,
    opening,
    people,
    phase_message,
    thread,
)

# What anyone may press in the thread; the facilitator's controls are never among them.
EVERYONE = {"live.form.add", "live.form.rate", "live.form.mark", "live.form.choose",
            "live.form.show", "live.form.checkout", "live.card", "live.panel", "action.new",
            "attendance.correct", "reflection.open"}


def action_ids(message) -> set[str]:
    return {e.get("action_id") for b in message.get("blocks", []) for e in b.get("elements") or []
            if isinstance(e, dict) and e.get("action_id")}


def open_meeting(bot, slack, clock, engine, method, minutes, bringers=None):
    clock.set(START)
    make_group(bot, slack, method=method, duration=str(minutes))
    bot.run_until(JAN7 - timedelta(minutes=1))
    if bringers:
        meeting, _ = meeting_of(engine)
        with Store(engine).unit_of_work() as work:
            work.meetings.save(replace(meeting, case_bringers=bringers))
    bot.run_until(JAN7)


def add(bot, slack, user, text):
    slack.reset_calls()
    bot.press("C1", "live.form.add", user=user, message_ts=phase_message(slack)["ts"])
    form = slack.wait_for_call("views.open")
    assert bot.submit(form, {"text": text}, user=user).status == 200
    return form


def settled(slack, number, phases):
    """Phase `number` is shown and the opening says so: its effects are all carried out (the
    opening is redrawn last), so a timer that fires next finds the phase message sent."""
    slack.wait_for(lambda: f"fase {number} van {phases}" in blocks_text(opening(slack)))


def speaker(live, bringers, facilitator):
    """Someone the current phase lets add: the case bringer, or a member of the group."""
    item = live.phase
    bringer = bringers[(item.case_number or 1) - 1]
    return bringer if item.phase.may_contribute(True) and not item.phase.may_contribute(
        False) else next(u for u in ("U1", "U2", "U3") if u not in (bringer, facilitator))


@pytest.mark.parametrize(("method", "minutes", "bringers", "cards", "added"), [
    ("ten_step", 120, None, 6, 15),
    ("houvast", 90, ("U1", "U2"), 4, 12),
    ("gossip", 120, None, 3, 8),
])
def test_a_whole_meeting_makes_one_reply_per_phase_and_card(bot, slack, clock, engine, method,
                                                             minutes, bringers, cards, added):
    open_meeting(bot, slack, clock, engine, method, minutes, bringers)
    meeting, _ = meeting_of(engine)
    bringers = meeting.case_bringers
    facilitator = meeting.facilitator
    bot.press("C1", "live.start", user=facilitator)
    slack.wait_for(lambda: thread(slack))
    _, live = meeting_of(engine)
    phases, drawn, contributed = len(live.agenda), 0, 0
    settled(slack, 1, phases)
    while live.status.value == "running":
        item = live.phase
        message = phase_message(slack)
        for _ in range(2 if item.phase.deck else 0):
            if drawn == cards:
                break
            bot.press("C1", "live.card", user="U3", message_ts=message["ts"])
            drawn += 1
            slack.wait_for(lambda n=drawn: sum(":black_joker:" in blocks_text(m)
                                               for m in thread(slack)) == n)
        kind = item.phase.collects
        while kind and kind != "action" and contributed < added:
            contributed += 1
            add(bot, slack, speaker(live, bringers, facilitator), f"Bijdrage {contributed}")
            slack.wait_for(lambda n=contributed: f"Bijdrage {n}" in blocks_text(
                phase_message(slack)))
            if contributed % 4 == 0:
                break
        bot.run_until(live.phase_ends_at + timedelta(seconds=1))  # heads-up and time-up
        slack.wait_for(lambda: "De tijd is om" in blocks_text(phase_message(slack)))
        before = live.version
        control(bot, slack, facilitator, "next")
        slack.wait_for(lambda v=before: meeting_of(engine)[1].version > v)
        _, live = meeting_of(engine)
        if live.status.value == "running":
            settled(slack, live.index + 1, phases)
    summary = slack.wait_for(lambda: next((m for m in thread(slack)
                                           if m["text"].startswith("Samenvatting")), None))
    assert drawn == cards and contributed == added
    assert f"Bijdrage {added}" in blocks_text(summary)

    replies = thread(slack)
    assert len(replies) <= phases + cards + 2
    assert len(replies) == phases + cards + 1  # every phase, every card, the summary
    for message in replies:
        assert action_ids(message) <= EVERYONE, message["text"]
    # The clock spoke to the facilitator alone: a heads-up and a time-up for each phase.
    signals = dms(slack, facilitator)
    assert sum("is om" in text for text in signals) == phases
    assert not any("is om" in text for m in replies for text in [m["text"]])


def test_the_case_bringer_who_adds_in_a_silent_round_finds_the_text_again(bot, slack, clock,
                                                                          engine):
    open_meeting(bot, slack, clock, engine, "ten_step", 120)
    bringer, facilitator, other = people(engine)
    bot.press("C1", "live.start", user=facilitator)
    slack.wait_for(lambda: thread(slack))
    while meeting_of(engine)[1].phase.phase.id != "questions":
        next_phase(bot, slack, facilitator)

    # Step 2: the case bringer is silent. The form says so, and keeps what they write.
    form = add(bot, slack, bringer, "Misschien ben ik te voorzichtig geweest")
    assert "In deze fase zwijgt de inbrenger" in json.dumps(form.args["view"])
    told = slack.wait_for(lambda: [t for t in dms(slack, bringer) if "zwijgt" in t])
    assert "bewaard" in told[-1]
    assert "Misschien ben ik" not in blocks_text(phase_message(slack))
    add(bot, slack, other, "Wat had je nodig?")
    slack.wait_for(lambda: "Wat had je nodig?" in blocks_text(phase_message(slack)))

    # Step 7: the case bringer adds a definition of their own; the kept text is waiting.
    while meeting_of(engine)[1].phase.phase.id != "rate_redefinitions":
        next_phase(bot, slack, facilitator)
    slack.reset_calls()
    bot.press("C1", "live.form.add", user=bringer, message_ts=phase_message(slack)["ts"])
    offered = slack.wait_for_call("views.open")
    (field,) = [b for b in offered.args["view"]["blocks"] if b.get("block_id") == "text"]
    assert field["element"]["initial_value"] == "Misschien ben ik te voorzichtig geweest"
    bot.submit(offered, {}, user=bringer)  # as offered
    slack.wait_for(lambda: "Misschien ben ik" in blocks_text(phase_message(slack)))

    # A member of the group is silent in step 7: refused too, nothing lost.
    add(bot, slack, other, "Mijn probleem is dat ik alles alleen wil doen")
    slack.wait_for(lambda: [t for t in dms(slack, other) if "zwijgt de groep" in t])
    assert "alles alleen" not in blocks_text(phase_message(slack))
