"""A whole meeting in the channel against the fake Slack: the opening at the meeting's time,
Start, the phases in a thread, the facilitator's private panel and signals, a card, the
flip-over, the ten-step ratings, the summary and the check-out; and a restart in the middle of
a phase."""

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


def phase_message(slack):
    """The newest phase message in the thread (the one whose buttons are live)."""
    return next(m for m in reversed(thread(slack)) if "live.panel" in blocks_text(m))


def control(bot, slack, user, name):
    """The facilitator opens their panel on the phase message and presses `name` in it."""
    slack.reset_calls()
    bot.press("C1", "live.panel", user=user)  # on the newest phase message
    shown = slack.wait_for_call("response_url", lambda c: "live.control" in json.dumps(
        c.args.get("blocks", [])))
    message = {"blocks": shown.args["blocks"], "text": shown.args["text"]}
    for block in message["blocks"]:
        for element in block.get("elements") or []:
            if element.get("action_id") == f"live.control.{name}":
                answers = len(slack.calls_to("response_url"))
                pressed = bot.press_in(message, block, element, "C1", user)
                # The panel is drawn again after the press: wait for it, so that a test's next
                # step never mistakes it for the answer to what it does next.
                slack.wait_for(lambda n=answers: len(slack.calls_to("response_url")) > n)
                return pressed
    raise AssertionError(f"no {name} in the panel")


def next_phase(bot, slack, user):
    """Next, through the panel, and wait for the new phase's message."""
    replies = len(thread(slack))
    control(bot, slack, user, "next")
    wait_thread(slack, replies + 1)


def dms(slack, user):
    return [m["text"] for m in slack.messages(f"D{user}")]


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
    # In the opening the facilitator chooses how the clock tells them: by DM (the default).
    slack.reset_calls()
    bot.press("C1", "live.panel", user=facilitator, message_ts=first["ts"])
    shown = slack.wait_for_call("response_url")
    assert "als direct bericht" in shown.args["blocks"][-2]["elements"][0]["text"]
    bot.press("C1", "live.method", user="U1", selected="ten_step")
    slack.wait_for(lambda: "Tienstappenmethode" in blocks_text(opening(slack)))
    bot.press("C1", "live.start", user=facilitator)
    wait_thread(slack, 1)
    assert titles(slack) == ["1/16 · Inchecken"]
    slack.wait_for(lambda: "fase 1 van 16" in blocks_text(opening(slack)))
    assert "Wat hier gezegd wordt, blijft hier." in blocks_text(thread(slack)[0])

    # A card from the check-in deck, in the thread.
    bot.press("C1", "live.card", user=other)
    wait_thread(slack, 2)
    assert ":black_joker: *Incheckvragen*" in blocks_text(thread(slack)[-1]) or \
        ":black_joker:" in blocks_text(thread(slack)[-1])

    # On to step 2 of the ten-step method: collect questions.
    for count in (3, 4, 5, 6):
        control(bot, slack, facilitator, "next")
        wait_thread(slack, count)
    assert titles(slack)[-1] == "5/16 · Stap 2 · Vragen verzamelen"
    assert "*Aan het woord: de groep · zwijgt: de inbrenger" in blocks_text(thread(slack)[-1])
    assert bringer == "U1"
    for user, question in ((other, "Wat maakt dit voor jou zo lastig?"),
                           (facilitator, "Wanneer lukte het wel?")):
        slack.reset_calls()
        bot.press("C1", "live.form.add", user=user)
        form = slack.wait_for_call("views.open")
        answer = bot.submit(form, {"text": ""}, user=user)
        assert answer.json()["errors"] == {"text": "Schrijf eerst iets op."}
        assert bot.submit(form, {"text": question}, user=user).status == 200
        slack.wait_for(lambda q=question: q in blocks_text(thread(slack)[-1]))

    # +5 minutes, pause and resume: the phase message changes in place; the clock follows.
    replies = len(thread(slack))
    _, live = meeting_of(engine)
    ends = live.phase_ends_at
    control(bot, slack, facilitator, "extend")
    slack.wait_for(lambda: meeting_of(engine)[1].phase_ends_at == ends + timedelta(minutes=5))
    control(bot, slack, facilitator, "pause")
    slack.wait_for(lambda: "Gepauzeerd" in blocks_text(phase_message(slack)))
    clock.set(clock.now() + timedelta(minutes=30))  # a long pause costs no phase time
    control(bot, slack, facilitator, "resume")
    slack.wait_for(lambda: "nog 20 min" in blocks_text(phase_message(slack))
                   and "Gepauzeerd" not in blocks_text(phase_message(slack)))
    _, live = slack.wait_for(lambda: (found := meeting_of(engine))[1].status.value == "running"
                             and found)
    assert live.phase_ends_at == ends + timedelta(minutes=35)
    assert len(thread(slack)) == replies  # nothing new in the thread

    # The heads-up and "time is up" come at their time, once, to the facilitator alone; the
    # phase message shows them too.
    bot.run_until(live.phase_ends_at + timedelta(seconds=1))
    texts = dms(slack, facilitator)
    assert sum("Nog 2 min" in t for t in texts) == 1
    assert sum("is om" in t for t in texts) == 1
    assert "De tijd is om" in blocks_text(phase_message(slack))
    assert len(thread(slack)) == replies

    # Back goes to step 1 (a new message), next returns to step 2 with its questions.
    control(bot, slack, facilitator, "back")
    slack.wait_for(lambda: titles(slack)[-1] == "4/16 · Stap 1 · Feiten, beleving en vraag")
    control(bot, slack, facilitator, "next")
    slack.wait_for(lambda: titles(slack)[-1] == "5/16 · Stap 2 · Vragen verzamelen")
    control(bot, slack, facilitator, "next")
    slack.wait_for(lambda: titles(slack)[-1] == "6/16 · Stap 3 · Koud, warm of neutraal")

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
    control(bot, slack, facilitator, "end")
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
    slack.reset_calls()
    bot.press("C1", "live.panel", user=facilitator)
    shown = slack.wait_for_call("response_url")
    panel = {"blocks": shown.args["blocks"], "text": shown.args["text"]}
    block, element = next((b, e) for b in panel["blocks"] for e in b.get("elements") or []
                          if e.get("action_id") == "live.control.next")
    presses = [threading.Thread(target=bot.press_in, args=(panel, block, element, "C1",
                                                           facilitator)) for _ in range(2)]
    for press in presses:
        press.start()
    for press in presses:
        press.join()
    refusal(slack, "eerder moment")
    wait_thread(slack, 2)
    _, live = meeting_of(engine)
    assert live.index == 1 and titles(slack) == ["1/16 · Inchecken", "2/16 · Terugblik"]


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
        notices = [c for c in slack.calls_to("chat.postMessage")
                   if c.args["channel"].startswith("D")]
        assert [(c.at, c.args["text"].split("*")[0]) for c in notices] == [
            ((live.phase_ends_at - timedelta(seconds=48)).timestamp(),
             ":hourglass_flowing_sand: Nog 48 s voor "),
            (live.phase_ends_at.timestamp(), ":alarm_clock: De tijd voor ")]
        assert not [c for c in slack.calls_to("chat.postMessage") if c.args.get("thread_ts")]
        control(again, slack, facilitator, "next")
        slack.wait_for(lambda: titles(slack)[-1] == "2/16 · Terugblik")
        assert titles(slack).count("1/16 · Inchecken") == 1
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


def test_which_method_fits_in_three_presses_then_two_methods(bot, slack, clock, engine):
    at_the_meeting(bot, slack, clock)
    slack.reset_calls()
    bot.press("C1", "live.advice", user="U2")
    for answer in ("Een recent incident", "Nieuw of nog zoekend", "Twee uur of meer"):
        shown = slack.wait_for_call("response_url")
        message = {"blocks": shown.args["blocks"], "text": shown.args["text"]}
        block, element = next((b, e) for b in message["blocks"] for e in b.get("elements") or []
                              if isinstance(e, dict) and isinstance(e.get("text"), dict)
                              and e["text"]["text"] == answer)
        slack.reset_calls()
        bot.press_in(message, block, element, "C1", "U2")
    proposal = slack.wait_for_call("response_url")
    assert proposal.args.get("replace_original") is True
    text = json.dumps(proposal.args["blocks"], ensure_ascii=False)
    assert "Twee methodes die passen" in text and "Incidentmethode" in text
    assert "Alle methodes" in text and len(text) < 1500  # two lines, not the wall of twelve
