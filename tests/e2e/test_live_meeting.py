"""A whole meeting in the channel against the fake Slack: the opening at the meeting's time,
Start, the phases in a thread, the facilitator's controls, a card, the flip-over, the ten-step
ratings, the summary and the check-out; and a restart in the middle of a phase."""

from __future__ import annotations

import json
import threading
from datetime import timedelta

from storage.repositories import Store
from tests.e2e.test_calendar_flow import JAN7, START, make_group
from tests.support.harness import BotUnderTest


def meeting_of(engine):
    with Store(engine).unit_of_work() as work:
        group = work.groups.all()[0]
        (meeting,) = [m for m in work.meetings.of_group(group.id) if m.start == JAN7]
        live = work.live.get(meeting.id)
    return meeting, live[0] if live else None


def opening(slack):
    return next(m for m in slack.messages("C1") if m["text"].startswith("Intervisie:"))


def thread(slack):
    root = opening(slack)["ts"]
    return [m for m in slack.messages("C1") if m.get("thread_ts") == root and m["ts"] != root]


def titles(slack):
    return [next((b["text"]["text"] for b in m.get("blocks", []) if b["type"] == "header"),
                 m["text"][:40]) for m in thread(slack)]


def blocks_text(message) -> str:
    return json.dumps(message.get("blocks", []), ensure_ascii=False)


def wait_thread(slack, count):
    return slack.wait_for(lambda: len(thread(slack)) >= count and thread(slack))


def refusal(slack, words):
    return slack.wait_for_call("response_url", lambda c: words in c.args.get("text", ""))


def at_the_meeting(bot, slack, clock):
    clock.set(START)
    make_group(bot, slack)
    bot.run_until(JAN7)


def people(engine):
    meeting, _ = meeting_of(engine)
    bringer, facilitator = meeting.case_bringers[0], meeting.facilitator
    other = next(u for u in ("U1", "U2", "U3") if u not in (bringer, facilitator, "U1"))
    return bringer, facilitator, other


def test_a_whole_meeting_from_start_to_summary(bot, slack, clock, engine):
    at_the_meeting(bot, slack, clock)
    first = opening(slack)
    assert "Start" in blocks_text(first) and thread(slack) == []
    bringer, facilitator, other = people(engine)

    # Anyone else pressing Start is told, privately, who runs the meeting.
    if other != facilitator:
        bot.press("C1", "live.start", user=other)
        refusal(slack, "Alleen de gespreksleider")
    bot.press("C1", "live.method", user="U1", selected="ten_step")
    slack.wait_for(lambda: "Tienstappenmethode" in blocks_text(opening(slack)))
    bot.press("C1", "live.start", user=facilitator)
    wait_thread(slack, 1)
    assert titles(slack) == ["1/15 · Inchecken"]
    slack.wait_for(lambda: "fase 1 van 15" in blocks_text(opening(slack)))

    # A card from the check-in deck, in the thread.
    bot.press("C1", "live.card", user=other)
    wait_thread(slack, 2)
    assert ":black_joker: *Incheckvragen*" in blocks_text(thread(slack)[-1]) or \
        ":black_joker:" in blocks_text(thread(slack)[-1])

    # On to step 2 of the ten-step method: collect questions.
    for count in (3, 4, 5, 6):
        bot.press("C1", "live.control.next", user=facilitator)
        wait_thread(slack, count)
    assert titles(slack)[-1] == "5/15 · Stap 2 · Vragen verzamelen"
    for user, question in ((other, "Wat maakt dit voor jou zo lastig?"),
                           ("U1", "Wanneer lukte het wel?")):
        slack.reset_calls()
        bot.press("C1", "live.form.add", user=user)
        form = slack.wait_for_call("views.open")
        answer = bot.submit(form, {"text": ""}, user=user)
        assert answer.json()["errors"] == {"text": "Schrijf eerst iets op."}
        assert bot.submit(form, {"text": question}, user=user).status == 200
        slack.wait_for(lambda q=question: q in blocks_text(thread(slack)[-1]))

    # +5 minutes, pause and resume: each shows in the thread; the clock follows.
    _, live = meeting_of(engine)
    ends = live.phase_ends_at
    bot.press("C1", "live.control.extend", user=facilitator)
    slack.wait_for(lambda: "extra voor" in thread(slack)[-1]["text"])
    _, live = meeting_of(engine)
    assert live.phase_ends_at == ends + timedelta(minutes=5)
    bot.press("C1", "live.control.pause", user=facilitator)
    slack.wait_for(lambda: "Gepauzeerd" in thread(slack)[-1]["text"])
    clock.set(clock.now() + timedelta(minutes=30))  # a long pause costs no phase time
    bot.press("C1", "live.control.resume", user=facilitator)
    slack.wait_for(lambda: "We gaan verder" in thread(slack)[-1]["text"])
    _, live = meeting_of(engine)
    assert live.phase_ends_at == ends + timedelta(minutes=35)

    # The heads-up and "time is up" come at their time, once.
    bot.run_until(live.phase_ends_at + timedelta(seconds=1))
    texts = [m["text"] for m in thread(slack)]
    assert sum("Nog 2 min" in t for t in texts) == 1
    assert sum("is om" in t for t in texts) == 1

    # Back goes to step 1 (a new message), next returns to step 2 with its questions.
    bot.press("C1", "live.control.back", user=facilitator)
    slack.wait_for(lambda: titles(slack)[-1] == "4/15 · Stap 1 · Feiten, beleving en vraag")
    bot.press("C1", "live.control.next", user=facilitator)
    slack.wait_for(lambda: titles(slack)[-1] == "5/15 · Stap 2 · Vragen verzamelen")
    bot.press("C1", "live.control.next", user=facilitator)
    slack.wait_for(lambda: titles(slack)[-1] == "6/15 · Stap 3 · Koud, warm of neutraal")

    # Only the case bringer rates, in silence: the ratings are not shown in this phase.
    bot.press("C1", "live.form.rate", user=other)
    refusal(slack, "Dit beslist de inbrenger")
    slack.reset_calls()
    bot.press("C1", "live.form.rate", user=bringer)
    form = slack.wait_for_call("views.open")
    rate_blocks = [b["block_id"] for b in form.args["view"]["blocks"]
                   if b.get("block_id", "").startswith("rate_")]
    assert len(rate_blocks) == 2
    bot.submit(form, {rate_blocks[0]: "warm", rate_blocks[1]: "cold"}, user=bringer)
    slack.wait_for(lambda: "2 van 2 gewaardeerd" in blocks_text(thread(slack)[-1]))
    assert ":fire:" not in blocks_text(thread(slack)[-1])

    # End: the summary in the thread holds the questions with their ratings.
    bot.press("C1", "live.control.end", user=facilitator)
    summary = slack.wait_for(lambda: next((m for m in thread(slack)
                                           if m["text"].startswith("Samenvatting")), None))
    text = blocks_text(summary)
    assert "Wat maakt dit voor jou zo lastig? " in text and ":fire: warm" in text
    assert ":snowflake: koud" in text and "Volgende bijeenkomst" in text
    slack.wait_for(lambda: "afgelopen" in blocks_text(opening(slack)))
    meeting, live = meeting_of(engine)
    assert meeting.status.value == "held" and live.status.value == "ended"

    # Check-out: anonymous, counted on the summary.
    slack.reset_calls()
    bot.press("C1", "live.form.checkout", user=other)
    form = slack.wait_for_call("views.open")
    assert bot.submit(form, {"score": None}, user=other).json()["errors"] == {
        "score": "Kies een getal van 1 tot 5."}
    bot.submit(form, {"score": "4", "takeaway": "Vaker doorvragen"}, user=other)
    checked_out = "1 persoon checkte uit en gaf de bijeenkomst een 4 (van 5)"
    slack.wait_for(lambda: checked_out in blocks_text(
        next(m for m in thread(slack) if m["text"].startswith("Samenvatting"))))

    # Nothing was posted twice, and no metadata carries anything but an opaque key.
    keys = [m["metadata"]["event_payload"]["key"] for m in slack.messages("C1")
            if m.get("metadata")]
    assert len(keys) == len(set(keys))
    assert "lastig" not in json.dumps([m.get("metadata") for m in slack.messages("C1")])


def test_two_presses_of_next_at_once_move_one_phase(bot, slack, clock, engine):
    at_the_meeting(bot, slack, clock)
    _, facilitator, _ = people(engine)
    bot.press("C1", "live.start", user=facilitator)
    wait_thread(slack, 1)
    presses = [threading.Thread(target=bot.press, args=("C1", "live.control.next"),
                                kwargs={"user": facilitator}) for _ in range(2)]
    for press in presses:
        press.start()
    for press in presses:
        press.join()
    refusal(slack, "eerder moment")
    wait_thread(slack, 2)
    _, live = meeting_of(engine)
    assert live.index == 1 and titles(slack) == ["1/15 · Inchecken", "2/15 · Terugblik"]


def test_a_restart_mid_phase_continues_the_same_phase_on_its_clock(bot, slack, clock, engine,
                                                                   database_url):
    at_the_meeting(bot, slack, clock)
    _, facilitator, _ = people(engine)
    bot.press("C1", "live.start", user=facilitator)
    wait_thread(slack, 1)
    _, live = meeting_of(engine)
    clock.set(clock.now() + timedelta(minutes=1))
    bot.stop()  # the process is gone; only the database remembers

    again = BotUnderTest(slack, database_url, clock)
    try:
        slack.reset_calls()
        again.run_until(live.phase_ends_at + timedelta(seconds=5))
        notices = [c for c in slack.calls_to("chat.postMessage") if c.args.get("thread_ts")]
        assert [(c.at, c.args["text"].split("*")[0]) for c in notices] == [
            ((live.phase_ends_at - timedelta(minutes=1)).timestamp(),
             ":hourglass_flowing_sand: Nog 1 min voor "),
            (live.phase_ends_at.timestamp(), ":alarm_clock: De tijd voor ")]
        again.press("C1", "live.control.next", user=facilitator)
        slack.wait_for(lambda: titles(slack)[-1] == "2/15 · Terugblik")
        assert titles(slack).count("1/15 · Inchecken") == 1
    finally:
        again.stop()


def test_the_groups_default_method_and_auto_advance_come_from_setup(bot, slack, clock, engine):
    clock.set(START)
    make_group(bot, slack, method="gossip", auto_advance="yes")
    bot.run_until(JAN7)
    assert "Roddelmethode" in blocks_text(opening(slack))
    _, facilitator, _ = people(engine)
    bot.press("C1", "live.start", user=facilitator)
    wait_thread(slack, 1)
    _, live = meeting_of(engine)
    assert live.auto_advance and live.method_id == "gossip"
    bot.run_until(live.phase_ends_at + timedelta(seconds=1))
    slack.wait_for(lambda: titles(slack)[-1].startswith("2/"))  # moved on by itself
