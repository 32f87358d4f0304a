"""The evaluation's additions against the fake Slack: each member says how they experienced
their role and what they would do differently; the summary proposes group actions by explained
rules, and a coordinator accepts one with a press — a group action, nudged like the others."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from tests.e2e.test_calendar_flow import FEB4, START, make_group
from tests.e2e.test_evaluation import ANSWERS
from tests.e2e.test_followup import nudges

ROTATE = "De rol van gespreksleider vaker laten rouleren"
DUE = datetime(2027, 2, 25, 13, 0, tzinfo=UTC)  # a week before the March meeting, 14:00


def summary_of(slack):
    return next(m for m in slack.messages("C1") if m["text"].startswith("Evaluatie:"))


def test_the_summary_proposes_group_actions_a_coordinator_accepts(bot, slack, clock):
    clock.set(START)
    make_group(bot, slack, evaluation_every="2")
    bot.run_until(FEB4 + timedelta(hours=3))  # two meetings held outside Slack: asked by DM
    for user in ("U1", "U2", "U3"):
        slack.reset_calls()
        bot.press(f"D{user}", "evaluation.open", user=user)
        form = slack.wait_for_call("views.open")
        ids = [b.get("block_id") for b in form.args["view"]["blocks"]]
        assert ids.index("role") < ids.index("role_experience") < ids.index("differently")
        answers = {**ANSWERS, "roles": "2", "frequency": "too_rare" if user != "U3" else "right",
                   "role_experience": "Als gespreksleider vond ik de tijd bewaken lastig",
                   "differently": "Eerder ingrijpen als we gaan adviseren"}
        assert bot.submit(form, answers, user=user).status == 200
        slack.wait_for_call("chat.postMessage", lambda c, u=user: c.args["channel"] == f"D{u}")

    bot.run_until(FEB4 + timedelta(days=8))  # a week after the request
    summary = summary_of(slack)
    text = json.dumps(summary["blocks"], ensure_ascii=False)
    assert "Hoe heb je je rol beleefd?" in text and "de tijd bewaken lastig" in text
    assert "Wat zou je de volgende keer anders doen?" in text
    assert ROTATE in text and "rouleren van de rollen gemiddeld een 2 van 5" in text
    assert "Samen opnieuw kijken hoe vaak" in text and "2 van de 3 vinden" in text
    assert "een andere methode" not in text  # methods scored 4: no proposal

    slack.reset_calls()
    bot.press("C1", "proposal.accept", user="U2", message_ts=summary["ts"])
    slack.wait_for_call("response_url", lambda c: "alleen een coördinator" in c.args["text"])
    bot.press("C1", "proposal.accept", user="U1", message_ts=summary["ts"])
    note = slack.wait_for_call("chat.postMessage", lambda c: c.args["channel"] == "C1")
    assert ROTATE in note.args["text"] and "<@U1>" in note.args["text"]
    slack.wait_for_call("response_url", lambda c: "groepsactie op jouw naam" in c.args["text"])
    slack.reset_calls()
    bot.press("C1", "proposal.accept", user="U1", message_ts=summary["ts"])
    slack.wait_for_call("response_url", lambda c: "al een groepsactie" in c.args["text"])

    slack.reset_calls()
    bot.run_until(DUE)
    assert nudges(slack) == [(DUE.timestamp(), "DU1")]
