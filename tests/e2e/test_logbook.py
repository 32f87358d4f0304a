"""The group's logbook as a channel canvas, against the fake Slack: one canvas per channel,
drawn after the meeting and again when an action is reported on; never the case text or a
contribution; once refused, the coordinator hears it once; purges and forget-me redraw it."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import yaml
from sqlalchemy import text

from tests.e2e.test_calendar_flow import START, make_group
from tests.e2e.test_case_intake import CASE, asked_for_the_case, open_form_from_dm
from tests.e2e.test_followup import DUE
from tests.e2e.test_live_meeting import JAN7, blocks_text, opening, people, thread, wait_thread
from tests.support.harness import BotUnderTest

CONTRIBUTION = "Wat weet de cliënt zelf?"
ACTION = "Grenzen bespreken met het team"
ROOT = Path(__file__).resolve().parents[2]


def settled(engine) -> bool:
    """The logbook's newest drawing has reached Slack (or Slack said no for good)."""
    with engine.connect() as connection:
        return bool(list(connection.execute(text(
            "SELECT 1 FROM canvases WHERE drawn = revision")))) and not list(
            connection.execute(text("SELECT 1 FROM canvases WHERE drawn < revision")))


def a_meeting_with_a_case_and_an_action(bot, slack, clock, engine, settle=True):
    asked_for_the_case(bot, slack, clock, method="five_step")
    bot.submit(open_form_from_dm(bot, slack), {**CASE, "method": "five_step"})  # U1's case
    bot.run_until(JAN7)
    _, facilitator, _ = people(engine)
    bot.press("C1", "live.start", user=facilitator)
    wait_thread(slack, 1)
    for count in range(2, 9):  # to "evaluate", which collects actions
        bot.press("C1", "live.control.next", user=facilitator)
        wait_thread(slack, count)
        if count == 7:  # an idea in the round of solutions
            slack.reset_calls()
            bot.press("C1", "live.form.add", user="U3")
            bot.submit(slack.wait_for_call("views.open"), {"text": CONTRIBUTION}, user="U3")
            slack.wait_for(lambda: CONTRIBUTION in blocks_text(thread(slack)[-1]))
    slack.reset_calls()
    bot.press("C1", "live.form.add", user="U2")
    bot.submit(slack.wait_for_call("views.open"), {"text": ACTION, "owner": "U2"}, user="U2")
    slack.wait_for(lambda: ACTION in blocks_text(thread(slack)[-1]))
    slack.reset_calls()
    bot.press("C1", "live.control.end", user=facilitator)
    slack.wait_for(lambda: "afgelopen" in str(opening(slack)["blocks"]))
    if settle:  # drawn on the listener's thread: let it finish before time moves on
        slack.wait_for(lambda: settled(engine))
    return facilitator


def canvas_of(slack, words: str) -> str:
    return slack.wait_for(lambda: slack.channel_canvas("C1") and words in
                          slack.canvas_markdown("C1") and slack.canvas_markdown("C1"))


def report_back(bot, slack):
    bot.run_until(DUE)
    bot.press("DU2", "action.report", user="U2")
    bot.submit(slack.wait_for_call("views.open"), {"did": "Het gesprek gevoerd"}, user="U2")


def test_the_logbook_shows_the_meeting_and_follows_the_report_back(bot, slack, clock, engine):
    facilitator = a_meeting_with_a_case_and_an_action(bot, slack, clock, engine)
    book = canvas_of(slack, ACTION)
    assert book.startswith("# Logboek van Casemanagers Noord")
    assert "## 07-01-2027" in book and "**Methode:** Vijfstappenmethode" in book
    assert "**Inbrenger:** ![](@U1)" in book and f"**Gespreksleider:** ![](@{facilitator})" in book
    assert f"**Vraag:** {CASE['title']}" in book  # a private channel saw the title already
    assert f"![](@U2): {ACTION} (loopt nog)" in book and "**Aanwezig:**" in book
    for secret in (CASE["description"], CASE["question"], CASE["background"], CONTRIBUTION):
        assert secret not in book
    (created,) = slack.calls_to("conversations.canvases.create")
    assert created.ok and created.args["channel_id"] == "C1"
    assert created.args["title"] == "Logboek Casemanagers Noord"

    # Reported on: the same canvas, replaced whole; never a second one.
    slack.reset_calls()
    report_back(bot, slack)
    book = canvas_of(slack, "(teruggekoppeld)")
    assert book.count("## 07-01-2027") == 1 and "Het gesprek gevoerd" not in book
    assert slack.calls_to("conversations.canvases.create") == []
    (edit,) = slack.calls_to("canvases.edit")
    assert edit.args["changes"][0]["operation"] == "replace"
    assert "section_id" not in edit.args["changes"][0]
    assert len(slack.canvases) == 1


def test_a_restart_after_slack_made_the_canvas_adopts_it_instead_of_a_second(
        bot, slack, clock, engine, database_url):
    a_meeting_with_a_case_and_an_action(bot, slack, clock, engine)
    canvas_of(slack, ACTION)
    # As if the bot stopped after Slack created the canvas and before the id was stored.
    with engine.begin() as connection:
        connection.execute(text("UPDATE canvases SET canvas_id = NULL, drawn = 0"))
    bot.stop()
    again = BotUnderTest(slack, database_url, clock)
    try:
        slack.reset_calls()
        report_back(again, slack)
        canvas_of(slack, "(teruggekoppeld)")
        assert len(slack.canvases) == 1
        assert [c.error for c in slack.calls_to("conversations.canvases.create")] == [
            "channel_canvas_already_exists"]
        assert slack.wait_for_call("canvases.edit").ok
    finally:
        again.stop()


def test_where_canvases_are_refused_the_coordinator_hears_it_once(bot, slack, clock, engine):
    slack.refuse_canvases("team_tier_cannot_create_channel_canvases")
    a_meeting_with_a_case_and_an_action(bot, slack, clock, engine)
    told = slack.wait_for_call("chat.postMessage", lambda c: "canvas" in c.args["text"])
    assert told.args["channel"] == "DU1"  # the coordinator
    assert "Casemanagers Noord" in told.args["text"]
    report_back(bot, slack)  # another drawing is asked for: refused again, said no more
    slack.wait_for(lambda: len(slack.calls_to("conversations.canvases.create")) == 2)
    assert len([c for c in slack.calls_to("chat.postMessage") if "canvas" in c.args["text"]]
               ) == 1
    assert slack.canvases == {}


def test_without_the_canvases_scope_slack_refuses_and_the_bot_carries_on(
        bot, slack, clock, engine):
    manifest = yaml.safe_load((ROOT / "manifest.yml").read_text("utf-8"))
    slack.scopes = set(manifest["oauth_config"]["scopes"]["bot"]) - {"canvases:write"}
    a_meeting_with_a_case_and_an_action(bot, slack, clock, engine)
    created = slack.wait_for_call("conversations.canvases.create")
    assert created.error == "missing_scope"
    slack.wait_for_call("chat.postMessage", lambda c: c.args["channel"] == "DU1"
                        and "canvases:write" in c.args["text"])
    assert slack.canvases == {}


def test_forget_me_and_the_retention_period_redraw_the_logbook(bot, slack, clock, engine):
    a_meeting_with_a_case_and_an_action(bot, slack, clock, engine)
    canvas_of(slack, ACTION)
    with engine.begin() as connection:  # U3 came, and later asks to be forgotten
        connection.execute(text("UPDATE meeting_people SET coming = true WHERE user_id = 'U3'"))
    slack.reset_calls()
    bot.command("forget-me", user="U2")
    asked = slack.wait_for_call("response_url")
    message = {"blocks": asked.args["blocks"], "text": asked.args["text"]}
    (actions,) = [b for b in message["blocks"] if b["type"] == "actions"]
    bot.press_in(message, actions, actions["elements"][0], "C1", "U2")
    book = slack.wait_for(lambda: "@U2" not in slack.canvas_markdown("C1")
                          and slack.canvas_markdown("C1"))
    assert ACTION not in book  # their action went with them
    assert CASE["title"] in book

    clock.set(JAN7 + timedelta(days=181))
    bot.bot.services.runtime.housekeeping(clock.now())
    book = slack.wait_for(lambda: CASE["title"] not in slack.canvas_markdown("C1")
                          and slack.canvas_markdown("C1"))
    assert "## 07-01-2027" in book and "![](@U1)" in book  # date and roles stay
    assert len(slack.canvases) == 1


def test_a_drawing_that_failed_is_made_at_the_next_housekeeping(bot, slack, clock, engine):
    slack.refuse_canvases("canvas_creation_failed")  # Slack had a bad moment
    a_meeting_with_a_case_and_an_action(bot, slack, clock, engine, settle=False)
    slack.wait_for_call("conversations.canvases.create")
    assert slack.canvases == {}
    assert not [c for c in slack.calls_to("chat.postMessage") if "canvas" in c.args["text"]]
    slack.refuse_canvases(None)
    bot.bot.services.runtime.housekeeping(clock.now())
    assert ACTION in canvas_of(slack, ACTION)
    slack.reset_calls()
    bot.bot.services.runtime.housekeeping(clock.now())  # drawn now: nothing more to do
    assert slack.calls_to("conversations.canvases.create") == slack.calls_to("canvases.edit") == []


def test_a_meeting_held_outside_slack_gets_its_section_within_the_hour(bot, slack, clock):
    clock.set(START)
    make_group(bot, slack)
    bot.run_until(JAN7)
    assert slack.canvases == {}  # nothing took place yet: no logbook
    bot.run_until(JAN7 + timedelta(hours=3))  # over, and not cancelled: it took place
    book = canvas_of(slack, "## 07-01-2027")
    assert "Methode" not in book and "**Aanwezig:** 0 personen" in book
    slack.reset_calls()
    bot.run_until(JAN7 + timedelta(hours=6))  # nothing new: no more drawings
    assert slack.calls_to("canvases.edit") == slack.calls_to("conversations.canvases.create") == []
