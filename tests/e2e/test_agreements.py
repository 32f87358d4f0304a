"""The group agreements against the fake Slack: drafted from the default list (by a
coordinator with `/intervisie afspraken`, or the first meeting's facilitator from its agenda),
posted and pinned in the channel — a change replaces the pin — and shown at the evaluation."""

from __future__ import annotations

import json
from datetime import timedelta

from storage.repositories import Store
from tests.e2e.test_calendar_flow import FEB4, START, make_group

OWN = "We beginnen en eindigen op tijd"


def agreements_form(bot, slack, user="U1"):
    slack.reset_calls()
    bot.command("afspraken", user=user)
    return slack.wait_for_call("views.open")


def posted(slack):
    return [m for m in slack.messages("C1") if m["text"].startswith("Onze afspraken")]


def test_a_coordinator_drafts_them_from_the_default_and_they_are_pinned(bot, slack, clock):
    clock.set(START)
    make_group(bot, slack)
    bot.command("afspraken", user="U2")  # a member, not a coordinator
    slack.wait_for_call("response_url", lambda c: "kunnen de coördinatoren" in c.args["text"])

    form = agreements_form(bot, slack)
    (field,) = [b for b in form.args["view"]["blocks"] if b.get("block_id") == "text"]
    default = field["element"]["initial_value"]
    assert "telefoons weg" in default and "blijft in de groep" in default
    assert bot.submit(form, {"text": " \n - \n"}).json()["errors"] == {
        "text": "Schrijf minstens één afspraak op."}
    lines = default.strip().splitlines()
    assert bot.submit(form, {"text": "\n".join([*lines[:3], f"- {OWN}"])}).status == 200
    slack.wait_for(lambda: len(posted(slack)) == 1)
    (first,) = posted(slack)
    text = json.dumps(first["blocks"], ensure_ascii=False)
    assert f"• {OWN}" in text and lines[4] not in text and "<@U1>" in text
    slack.wait_for(lambda: slack.pinned("C1") == [first["ts"]])
    pin = slack.calls_to("pins.add")[-1]
    assert pin.ok and pin.args == {"channel": "C1", "timestamp": first["ts"]}

    # Changed later: the new version is pinned in place of the old one; the form shows it.
    form = agreements_form(bot, slack)
    (field,) = [b for b in form.args["view"]["blocks"] if b.get("block_id") == "text"]
    assert field["element"]["initial_value"].endswith(OWN)
    bot.submit(form, {"text": f"{OWN}\nTelefoons weg"})
    slack.wait_for(lambda: len(posted(slack)) == 2)
    second = posted(slack)[-1]
    slack.wait_for(lambda: slack.pinned("C1") == [second["ts"]])
    assert "Aangepast door <@U1>" in json.dumps(second["blocks"], ensure_ascii=False)

    # The same text again changes nothing: no third post, no new pin.
    slack.reset_calls()
    bot.submit(agreements_form(bot, slack), {"text": f"• {OWN}\n• Telefoons weg"})
    assert len(posted(slack)) == 2 and slack.calls_to("pins.add") == []


def test_the_first_meetings_facilitator_drafts_them_from_its_agenda(bot, slack, clock, engine):
    clock.set(START)
    make_group(bot, slack, evaluation_every="2")
    bot.run_until(START + timedelta(days=32))  # the first meeting's agenda is out
    with Store(engine).unit_of_work() as work:
        group = work.groups.all()[0]
        first = work.meetings.of_group(group.id)[0]
    agenda = next(m for m in slack.messages("C1") if m["text"].startswith("Agenda"))
    assert "agreements.open" in json.dumps(agenda["blocks"])
    other = next(u for u in ("U2", "U3") if u != first.facilitator)
    slack.reset_calls()
    bot.press("C1", "agreements.open", user=other, message_ts=agenda["ts"])
    slack.wait_for_call("response_url", lambda c: "gespreksleider" in c.args["text"])
    slack.reset_calls()
    bot.press("C1", "agreements.open", user=first.facilitator, message_ts=agenda["ts"])
    form = slack.wait_for_call("views.open")
    assert bot.submit(form, {"text": OWN}, user=first.facilitator).status == 200
    slack.wait_for(lambda: len(posted(slack)) == 1 and slack.pinned("C1"))

    # The second meeting's agenda offers no draft any more.
    bot.run_until(FEB4 - timedelta(days=13))
    agenda = [m for m in slack.messages("C1") if m["text"].startswith("Agenda")][-1]
    assert "agreements.open" not in json.dumps(agenda["blocks"])
    # At the evaluation (after every second meeting here) the request shows them again.
    bot.run_until(FEB4 + timedelta(hours=3))
    request = slack.wait_for_call("chat.postMessage", lambda c: "Hoe gaat het?" in c.args["text"])
    assert OWN in json.dumps(request.args["blocks"], ensure_ascii=False)
