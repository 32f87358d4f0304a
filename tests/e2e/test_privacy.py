"""Privacy against the fake Slack: `/intervisie forget-me` deletes a member's texts and makes
their attendance anonymous; the retention period deletes a meeting's texts, keeping its date."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

from sqlalchemy import text

from storage.repositories import Store
from tests.e2e.test_case_intake import CASE, asked_for_the_case, open_form_from_dm
from tests.e2e.test_live_meeting import (
    JAN7,
    meeting_of,
    opening,
    people,
    thread,
    wait_thread,
)


def a_meeting_with_a_case_and_a_contribution(bot, slack, clock, engine):
    asked_for_the_case(bot, slack, clock)
    bot.submit(open_form_from_dm(bot, slack), CASE)  # U1 brings the case
    bot.run_until(JAN7)
    _, facilitator, _ = people(engine)
    bot.press("C1", "live.start", user=facilitator)
    wait_thread(slack, 1)
    for count in (2, 3, 4, 5):
        bot.press("C1", "live.control.next", user=facilitator)
        wait_thread(slack, count)
    slack.reset_calls()
    bot.press("C1", "live.form.add", user="U2")
    bot.submit(slack.wait_for_call("views.open"), {"text": "Wat weet de cliënt zelf?"},
               user="U2")
    slack.wait_for(lambda: "Wat weet de cliënt zelf?" in str(thread(slack)[-1]["blocks"]))
    bot.press("C1", "live.control.end", user=facilitator)
    # The opening says so last: by then every message of the meeting is recorded as sent.
    slack.wait_for(lambda: "afgelopen" in str(opening(slack)["blocks"]))


def rows(engine, sql: str) -> list:
    with engine.connect() as connection:
        return list(connection.execute(text(sql)))


def test_forget_me_deletes_a_members_texts_after_confirming(bot, slack, clock, engine):
    a_meeting_with_a_case_and_a_contribution(bot, slack, clock, engine)
    meeting, _ = meeting_of(engine)
    with Store(engine).unit_of_work() as work:  # U2 had answered "coming" to the reminder
        work.meetings.save(replace(meeting, coming=meeting.coming | {"U2"}))
    slack.reset_calls()
    bot.command("forget-me", user="U2")
    asked = slack.wait_for_call("response_url")
    explained = asked.args["text"]
    assert "Hiermee wis je" in explained and "groepen waar je niet meer in zit" in explained
    message = {"blocks": asked.args["blocks"], "text": asked.args["text"]}
    (actions,) = [b for b in message["blocks"] if b["type"] == "actions"]
    assert rows(engine, "SELECT count(*) FROM contributions WHERE author = 'U2'")[0][0] == 1
    slack.reset_calls()
    bot.press_in(message, actions, actions["elements"][0], "C1", "U2")
    done = slack.wait_for_call("response_url")
    assert done.args["text"].startswith("Klaar. Gewist: 0 casussen, 1 bijdrage en")
    assert rows(engine, "SELECT count(*) FROM contributions WHERE author = 'U2'")[0][0] == 0
    held = f"meeting_id = {meeting.id}"
    assert rows(engine, f"SELECT count(*) FROM meeting_people WHERE user_id = 'U2' AND {held}"
                )[0][0] == 0  # the past: anonymous; coming meetings keep their roles
    assert rows(engine, "SELECT count(*) FROM meeting_people WHERE user_id LIKE 'gone-%' "
                        "AND coming")[0][0] == 1
    assert rows(engine, "SELECT count(*) FROM cases WHERE case_bringer = 'U1'")[0][0] == 1
    # The flip-over and the summary in the thread are redrawn without their words.
    slack.wait_for(lambda: not anywhere_in_slack(slack, "Wat weet de cliënt zelf?"))
    assert slack.calls_to("chat.update")
    assert anywhere_in_slack(slack, CASE["question"])  # U1's case is U1's, not U2's


def anywhere_in_slack(slack, words: str) -> bool:
    """True when any message in the fake workspace (channels, threads, DMs) shows `words`."""
    return any(words in json.dumps([m.get("text"), m.get("blocks")], ensure_ascii=False)
               for channel in list(slack._messages) for m in slack.messages(channel))


def test_forget_me_reaches_a_group_the_member_has_left(bot, slack, clock, engine):
    a_meeting_with_a_case_and_a_contribution(bot, slack, clock, engine)
    with Store(engine).unit_of_work() as work:
        (group,) = work.groups.all()
        work.groups.save(replace(group, members=("U1", "U3")), clock.now())
    assert rows(engine, "SELECT count(*) FROM memberships WHERE user_id = 'U2'")[0][0] == 0
    slack.reset_calls()
    bot.command("forget-me", user="U2")
    asked = slack.wait_for_call("response_url")
    message = {"blocks": asked.args["blocks"], "text": asked.args["text"]}
    (actions,) = [b for b in message["blocks"] if b["type"] == "actions"]
    slack.reset_calls()
    bot.press_in(message, actions, actions["elements"][0], "C1", "U2")
    assert slack.wait_for_call("response_url").args["text"].startswith(
        "Klaar. Gewist: 0 casussen, 1 bijdrage en")
    assert rows(engine, "SELECT count(*) FROM contributions WHERE author = 'U2'")[0][0] == 0
    slack.wait_for(lambda: not anywhere_in_slack(slack, "Wat weet de cliënt zelf?"))


def test_forget_me_deletes_the_case_they_shared_and_their_check_out(bot, slack, clock, engine):
    a_meeting_with_a_case_and_a_contribution(bot, slack, clock, engine)
    assert anywhere_in_slack(slack, CASE["question"])
    slack.reset_calls()
    bot.command("forget-me", user="U1")
    asked = slack.wait_for_call("response_url")
    message = {"blocks": asked.args["blocks"], "text": asked.args["text"]}
    (actions,) = [b for b in message["blocks"] if b["type"] == "actions"]
    bot.press_in(message, actions, actions["elements"][0], "C1", "U1")
    slack.wait_for(lambda: not anywhere_in_slack(slack, CASE["question"])
                   and not anywhere_in_slack(slack, CASE["title"]))
    assert anywhere_in_slack(slack, "Wat weet de cliënt zelf?")  # U2's words stay


def test_the_retention_period_deletes_the_texts_and_keeps_the_dates(bot, slack, clock, engine):
    a_meeting_with_a_case_and_a_contribution(bot, slack, clock, engine)
    clock.set(JAN7 + timedelta(days=179))
    bot.bot.services.runtime.housekeeping(clock.now())
    assert rows(engine, "SELECT count(*) FROM cases")[0][0] == 1  # not yet
    clock.set(JAN7 + timedelta(days=181))
    bot.bot.services.runtime.housekeeping(clock.now())
    assert rows(engine, "SELECT count(*) FROM cases")[0][0] == 0
    assert rows(engine, "SELECT count(*) FROM contributions")[0][0] == 0
    everything = str(rows(engine, "SELECT * FROM meetings")) + str(
        rows(engine, "SELECT * FROM live_meetings")) + str(rows(engine, "SELECT * FROM checkouts"))
    assert "Grenzen" not in everything and "cliënt zelf" not in everything
    assert rows(engine, "SELECT count(*) FROM meetings WHERE status = 'held'")[0][0] == 1
    # The bot's own messages that carried the case are gone from Slack too.
    slack.wait_for(lambda: not any("cliënt zelf" in str(m.get("blocks"))
                                   for m in slack.messages("C1")))
    left = str([m.get("blocks") for m in slack.messages("C1")])
    assert CASE["question"] not in left and "Samenvatting" not in str(
        [m["text"] for m in slack.messages("C1")])
