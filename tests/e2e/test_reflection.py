"""The participant's reflection against the fake Slack: offered on the meeting's summary and
on Home, kept for its writer alone, its "what I will do, by when" a personal action that is
nudged on its date, and part of the record (when asked), my-data, and forget-me."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import text

from tests.e2e.test_followup import home_of, nudges
from tests.e2e.test_records import a_held_meeting, files_for

TAKEAWAY = "Eerst vragen wat de cliënt zelf al probeerde"
PLAN = "Het gesprek met mijn leidinggevende plannen"
PLAN_DUE = datetime(2027, 1, 20, 13, 0, tzinfo=UTC)  # 14:00 in Amsterdam, the meeting's hour


def reflection_form(bot, slack, user, press):
    slack.reset_calls()
    press()
    return slack.wait_for_call("views.open")


def test_a_member_reflects_after_the_meeting_and_plans_an_action(bot, slack, clock, engine):
    a_held_meeting(bot, slack, clock, engine)
    form = reflection_form(bot, slack, "U2", lambda: bot.press("C1", "reflection.open", user="U2"))
    view = form.args["view"]
    assert view["title"]["text"] == "Mijn reflectie"
    assert [b["block_id"] for b in view["blocks"] if b["type"] == "input"] == [
        "first_reaction", "questions", "patterns", "suggestions", "takeaway", "plan", "plan_due"]

    # Nothing written: one polite error; a date without a plan, or a plan dated in the past.
    assert bot.submit(form, {}, user="U2").json()["errors"] == {
        "first_reaction": "Schrijf bij minstens één vraag iets op."}
    assert bot.submit(form, {"takeaway": TAKEAWAY, "plan_due": "2027-01-20"},
                      user="U2").json()["errors"] == {
        "plan": "Je koos een datum: schrijf erbij wat je dan gedaan wilt hebben."}
    assert bot.submit(form, {"plan": PLAN, "plan_due": "2027-01-01"},
                      user="U2").json()["errors"] == {
        "plan_due": "Kies een datum die nog niet voorbij is."}

    assert bot.submit(form, {"first_reaction": "Herkenbaar", "takeaway": TAKEAWAY, "plan": PLAN,
                             "plan_due": "2027-01-20"}, user="U2").status == 200
    thanks = slack.wait_for_call("chat.postMessage", lambda c: c.args["channel"] == "DU2")
    assert PLAN in thanks.args["text"] and "alleen voor jou" in thanks.args["text"]
    # Private: nothing of it in the channel or its thread.
    assert all(TAKEAWAY not in json.dumps(m, ensure_ascii=False)
               for m in slack.messages("C1"))

    # Home offers it again, with the answers kept and the action named instead of new fields.
    home = home_of(bot, slack, "U2")
    assert "Je schreef een reflectie op de bijeenkomst van" in json.dumps(home,
                                                                           ensure_ascii=False)
    again = reflection_form(bot, slack, "U2",
                            lambda: bot.press_home(home, "reflection.open", user="U2"))
    blocks = {b.get("block_id"): b for b in again.args["view"]["blocks"]}
    assert blocks["takeaway"]["element"]["initial_value"] == TAKEAWAY
    assert "plan" not in blocks and PLAN in json.dumps(again.args["view"], ensure_ascii=False)
    # Offered to the others too, each in their own language; their Home is their own.
    assert "My reflection" in json.dumps(home_of(bot, slack, "U3"), ensure_ascii=False)

    # The plan is an action like the others: its owner is nudged on its date.
    slack.reset_calls()
    bot.run_until(PLAN_DUE)
    assert nudges(slack) == [(PLAN_DUE.timestamp(), "DU2")]

    # The record carries the take-away only when asked; my-data has the whole reflection.
    slack.files.clear()
    bot.command("overzicht 2027 inzichten", user="U2")
    assert TAKEAWAY in files_for(slack, "DU2", 1)["intervisie-record-2027.md"].decode()
    slack.files.clear()
    bot.command("overzicht 2027", user="U2")
    assert TAKEAWAY not in files_for(slack, "DU2", 1)["intervisie-record-2027.md"].decode()
    slack.files.clear()
    bot.command("mijn-gegevens", user="U2")
    data = json.loads(files_for(slack, "DU2", 2)["my-data.json"])
    assert data["reflections"][0]["answers"]["takeaway"] == TAKEAWAY
    slack.files.clear()
    bot.command("mijn-gegevens", user="U3")
    assert TAKEAWAY not in files_for(slack, "DU3", 2)["my-data.json"].decode()

    # Forget me deletes it.
    slack.reset_calls()
    bot.command("vergeet-mij", user="U2")
    slack.wait_for_call("response_url")
    bot.press_in(*_forget_button(slack), channel="C1", user="U2")
    slack.wait_for(lambda: _count(engine) == 0)


def test_someone_outside_the_group_cannot_reflect(bot, slack, clock, engine):
    a_held_meeting(bot, slack, clock, engine)
    slack.reset_calls()
    bot.press("C1", "reflection.open", user="U4")
    slack.wait_for_call("response_url", lambda c: "alleen een lid" in c.args["text"])
    assert slack.calls_to("views.open") == []


def _forget_button(slack):
    answer = slack.calls_to("response_url")[-1].args
    message = {"blocks": answer["blocks"], "text": answer["text"]}
    for block in answer["blocks"]:
        for element in block.get("elements") or []:
            if element.get("action_id") == "privacy.forget":
                return message, block, element
    raise AssertionError("no forget button")


def _count(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(text("select count(*) from reflections")).scalar()
