"""The periodic evaluation against the fake Slack: after every Nth meeting each member is asked
by DM, answers in a form, and a week later the group sees only the anonymous summary."""

from __future__ import annotations

import json
from datetime import timedelta

from storage.repositories import Store
from tests.e2e.test_calendar_flow import FEB4, JAN7, START, make_group
from tests.e2e.test_live_meeting import control

ANSWERS = {"learned": "Doorvragen voordat ik advies geef", "role": "question_asker",
           "room": "4", "agreements": "5", "methods": "4", "frequency": "right", "roles": "3",
           "preparation": "5"}


def hold(bot, slack, engine, at):
    """Start and end the meeting at `at` (its opening is the newest in the channel)."""
    bot.run_until(at)
    with Store(engine).unit_of_work() as work:
        group = work.groups.all()[0]
        (meeting,) = [m for m in work.meetings.of_group(group.id) if m.start == at]
    leader = meeting.facilitator or group.coordinators[0]
    opening = [m for m in slack.messages("C1") if m["text"].startswith("Intervisie:")][-1]
    bot.press("C1", "live.start", user=leader, message_ts=opening["ts"])
    slack.wait_for(lambda: any(m.get("thread_ts") == opening["ts"] and "live.panel"
                               in json.dumps(m.get("blocks")) for m in slack.messages("C1")))
    control(bot, slack, leader, "end")
    slack.wait_for(lambda: any(m.get("thread_ts") == opening["ts"]
                               and m["text"].startswith("Samenvatting")
                               for m in slack.messages("C1")))


def asked(slack):
    return sorted(c.args["channel"] for c in slack.calls_to("chat.postMessage")
                  if "Hoe gaat het?" in c.args["text"])


def test_every_second_meeting_the_members_evaluate_and_the_group_sees_the_summary(
        bot, slack, clock, engine):
    clock.set(START)
    make_group(bot, slack, evaluation_every="2")
    hold(bot, slack, engine, JAN7)
    assert asked(slack) == []  # one meeting: not yet
    slack.reset_calls()
    hold(bot, slack, engine, FEB4)
    slack.wait_for(lambda: len(asked(slack)) == 3)
    assert asked(slack) == ["DU1", "DU2", "DU3"]

    for user in ("U1", "U2", "U3"):
        slack.reset_calls()
        bot.press(f"D{user}", "evaluation.open", user=user)
        form = slack.wait_for_call("views.open")
        if user == "U1":
            errors = bot.submit(form, {**ANSWERS, "room": None}, user=user).json()["errors"]
            assert errors == {"room": "Kies 1 tot 5."}
        assert bot.submit(form, {**ANSWERS, "room": "4" if user != "U3" else "1"},
                          user=user).status == 200
        slack.wait_for_call("chat.postMessage", lambda c, u=user: c.args["channel"] == f"D{u}"
                            and "anoniem" in c.args["text"])

    slack.reset_calls()
    bot.run_until(FEB4 + timedelta(days=7, minutes=1))
    (posted,) = [c for c in slack.calls_to("chat.postMessage")
                 if c.args["text"].startswith("Evaluatie:")]
    text = json.dumps(posted.args["blocks"], ensure_ascii=False)
    assert posted.args["channel"] == "C1" and "3 leden vulden de evaluatie in" in text
    assert "Was er ruimte voor iedereen? 3 van 5" in text
    assert "Doorvragen voordat ik advies geef" in text
    assert "U1" not in text and "U2" not in text  # anonymous


def test_a_group_meeting_outside_slack_is_evaluated_after_its_nth_meeting(bot, slack, clock):
    clock.set(START)
    make_group(bot, slack, evaluation_every="2")
    bot.run_until(JAN7 + timedelta(hours=3))
    assert asked(slack) == []
    bot.run_until(FEB4 + timedelta(hours=3))  # two meetings over, neither run in Slack
    assert asked(slack) == ["DU1", "DU2", "DU3"]
    bot.run_until(FEB4 + timedelta(days=2))
    assert asked(slack) == ["DU1", "DU2", "DU3"]  # once
