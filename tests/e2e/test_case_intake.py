"""The case bringer writes the case in Slack; the group gets it, confidentially, in time."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from storage.repositories import Store
from tests.e2e.test_calendar_flow import JAN7, START, make_group

CASE = {"title": "Grenzen bij een cliënt", "description": "Een cliënt belt mij elke avond.",
        "background": "Nieuw team, nieuwe werkwijze.",
        "question": "Hoe kan ik mijn grenzen aangeven zonder de relatie te schaden?",
        "tried": "Afspraken gemaakt over bereikbaarheid.", "hope": "Andere invalshoeken.",
        "method": "ten_step", "share": "before"}
ASKED = datetime(2026, 12, 24, 13, 0, tzinfo=UTC)  # two weeks before 7 January
SHARED = datetime(2027, 1, 4, 13, 0, tzinfo=UTC)  # three days before


def asked_for_the_case(bot, slack, clock, **group):
    clock.set(START)
    make_group(bot, slack, **group)
    bot.run_until(ASKED)


def open_form_from_dm(bot, slack, user="U1"):
    slack.reset_calls()
    bot.press(f"D{user}", "case.open", user=user)
    return slack.wait_for_call("views.open")


def test_the_form_opens_from_the_dm_and_mistakes_come_back_per_field(bot, slack, clock, engine):
    asked_for_the_case(bot, slack, clock)
    opened = open_form_from_dm(bot, slack)
    assert opened.ok  # within the trigger's 3 seconds, used once
    view = opened.args["view"]
    assert view["notify_on_close"] is True
    assert "Een goede casus is recent" in json.dumps(view["blocks"], ensure_ascii=False)
    answer = bot.submit(opened, {**CASE, "title": "", "question": "Mijn grenzen",
                                 "description": "x" * 2600})
    errors = answer.json()["errors"]
    assert set(errors) == {"title", "question", "description"}
    assert errors["question"].startswith("Stel het als een vraag over jezelf")
    assert errors["description"] == "Dit zijn 2600 tekens; houd het op hoogstens 2500."
    assert bot.submit(opened, CASE).status == 200
    thanks = slack.wait_for_call("chat.postMessage", lambda c: c.args["channel"] == "DU1")
    assert "is binnen" in thanks.args["text"]
    with Store(engine).unit_of_work() as work:
        (case,) = [c for m in work.meetings.of_group(work.groups.all()[0].id)
                   for c in work.cases.of_meeting(m.id)]
    assert case.submitted.question == CASE["question"] and case.shared_at is None


def test_closing_keeps_a_draft_and_reopening_restores_it(bot, slack, clock):
    asked_for_the_case(bot, slack, clock)
    opened = open_form_from_dm(bot, slack)
    assert bot.close(opened, {"title": "Half af", "description": "Wat ik al had"}).status == 200
    slack.reset_calls()
    bot.command("case", user="U1")
    reopened = slack.wait_for_call("views.open").args["view"]
    blocks = {b.get("block_id"): b for b in reopened["blocks"]}
    assert blocks["title"]["element"]["initial_value"] == "Half af"
    assert blocks["description"]["element"]["initial_value"] == "Wat ik al had"


def test_a_private_channel_gets_the_case_at_the_preparation_moment(bot, slack, clock):
    asked_for_the_case(bot, slack, clock)
    bot.submit(open_form_from_dm(bot, slack), CASE)
    slack.reset_calls()
    bot.run_until(SHARED)
    shared = [c for c in slack.calls_to("chat.postMessage") if "Casus voor" in c.args["text"]]
    assert [c.args["channel"] for c in shared] == ["C1"]  # C1 is private
    text = json.dumps(shared[0].args["blocks"], ensure_ascii=False)
    assert CASE["question"] in text and CASE["description"] in text
    assert "*Voorkeursmethode:* Tienstappenmethode" in text
    assert "Grenzen" not in json.dumps(shared[0].args.get("metadata"), ensure_ascii=False)
    prepare = [c for c in slack.calls_to("chat.postMessage")
               if "over een paar dagen" in c.args["text"]]
    assert ":white_check_mark: binnen" in json.dumps(prepare[0].args["blocks"],
                                                     ensure_ascii=False)


def test_a_public_channel_gets_nothing_the_members_get_it_by_dm(bot, slack, clock):
    clock.set(START)
    opened_setup = _setup_in(bot, slack, "CPUB")
    assert opened_setup
    bot.run_until(ASKED)
    bot.submit(open_form_from_dm(bot, slack), CASE)
    slack.reset_calls()
    bot.run_until(SHARED)
    shared = [c for c in slack.calls_to("chat.postMessage") if "Casus voor" in c.args["text"]]
    assert sorted(c.args["channel"] for c in shared) == ["DU2", "DU3"]  # not CPUB, not U1


def _setup_in(bot, slack, channel):
    from tests.e2e.test_setup import GOOD

    slack.reset_calls()
    bot.command("setup", user="U1", channel=channel)
    opened = slack.wait_for_call("views.open")
    bot.submit(opened, {**GOOD, "first_date": "2027-01-07"})
    slack.wait_for_call("chat.postMessage")
    return True


def test_share_only_in_the_meeting_sends_just_the_title(bot, slack, clock):
    asked_for_the_case(bot, slack, clock)
    bot.submit(open_form_from_dm(bot, slack), {**CASE, "share": "in_meeting"})
    slack.reset_calls()
    bot.run_until(SHARED)
    (shared,) = [c for c in slack.calls_to("chat.postMessage") if "Casus voor" in c.args["text"]]
    text = json.dumps(shared.args["blocks"], ensure_ascii=False)
    assert CASE["title"] in text
    assert CASE["question"] not in text and CASE["description"] not in text


def test_an_edit_after_sharing_reaches_the_group_again(bot, slack, clock):
    asked_for_the_case(bot, slack, clock)
    bot.submit(open_form_from_dm(bot, slack), CASE)
    bot.run_until(SHARED)
    slack.reset_calls()
    clock.advance(hours=2)
    bot.command("case", user="U1")
    opened = slack.wait_for_call("views.open")
    blocks = {b.get("block_id"): b for b in opened.args["view"]["blocks"]}
    assert blocks["question"]["element"]["initial_value"] == CASE["question"]
    bot.submit(opened, {**CASE, "question": "Hoe kan ik nee zeggen?"})
    again = slack.wait_for_call("chat.postMessage", lambda c: c.args["channel"] == "C1")
    assert "Hoe kan ik nee zeggen?" in json.dumps(again.args["blocks"], ensure_ascii=False)


def test_someone_else_pressing_a_forwarded_button_sees_nothing_of_the_case(bot, slack, clock):
    asked_for_the_case(bot, slack, clock)
    bot.submit(open_form_from_dm(bot, slack), CASE)
    slack.reset_calls()
    for stranger in ("U2", "U4"):  # a member who is not the case bringer, and an outsider
        message, _, _ = bot.slack_element("DU1", "case.open")
        slack.add_message(f"D{stranger}", "doorgestuurd", user="U1", blocks=message["blocks"])
        bot.press(f"D{stranger}", "case.open", user=stranger)
    slack.wait_for(lambda: len(slack.calls_to("response_url")) == 2)
    assert slack.calls_to("views.open") == []
    for call in slack.calls:
        assert CASE["question"] not in json.dumps(call.args, ensure_ascii=False)


def test_no_case_a_week_before_gets_a_reminder_and_the_coordinator_chooses(bot, slack, clock):
    asked_for_the_case(bot, slack, clock)
    slack.reset_calls()
    bot.run_until(datetime(2027, 1, 5, 13, 0, tzinfo=UTC))
    reminder = slack.wait_for_call("chat.postMessage", lambda c: "Herinnering: je casus" in c.args[
        "text"])
    assert reminder.args["channel"] == "DU1" and reminder.at == JAN7.timestamp() - 7 * 86400
    escalation = slack.wait_for_call("chat.postMessage", lambda c: "Nog geen casus" in c.args[
        "text"])
    assert escalation.at == JAN7.timestamp() - 2 * 86400
    slack.reset_calls()
    bot.press("DU1", "case.ask_other", user="U1")
    resolved = slack.wait_for_call("response_url").args
    # U2 facilitates, so the next in turn for the case is U3.
    assert "Ik heb <@U3> gevraagd" in json.dumps(resolved["blocks"], ensure_ascii=False)
    request = slack.wait_for_call("chat.postMessage", lambda c: c.args["channel"] == "DU3")
    assert request.args["text"].startswith("Je brengt een casus in op")


def test_the_coordinator_can_run_without_a_case_bringer(bot, slack, clock):
    asked_for_the_case(bot, slack, clock)
    bot.run_until(datetime(2027, 1, 5, 13, 0, tzinfo=UTC))
    slack.reset_calls()
    bot.press("DU1", "case.without", user="U1")
    resolved = slack.wait_for_call("response_url").args
    assert "in de bijeenkomst zelf" in json.dumps(resolved["blocks"], ensure_ascii=False)


def test_two_cases_per_meeting_two_forms(bot, slack, clock, engine):
    asked_for_the_case(bot, slack, clock, cases_per_meeting="2")
    bringers = sorted(c.args["channel"] for c in slack.calls_to("chat.postMessage")
                      if c.args["text"].startswith("Je brengt een casus in"))
    assert bringers == ["DU1", "DU2"]
    bot.submit(open_form_from_dm(bot, slack, "U1"), CASE)
    bot.submit(open_form_from_dm(bot, slack, "U2"), {**CASE, "title": "Tweede casus"}, user="U2")
    slack.reset_calls()
    bot.run_until(SHARED)
    shared = [c for c in slack.calls_to("chat.postMessage") if "Casus voor" in c.args["text"]]
    titles = sorted(json.dumps(c.args["blocks"], ensure_ascii=False).count("Tweede casus")
                    for c in shared)
    assert len(shared) == 2 and titles == [0, 1]


def test_the_coordinator_can_cancel_when_no_case_comes(bot, slack, clock):
    asked_for_the_case(bot, slack, clock)
    bot.run_until(datetime(2027, 1, 5, 13, 0, tzinfo=UTC))
    slack.reset_calls()
    bot.press("DU1", "case.cancel", user="U1")
    notice = slack.wait_for_call("chat.postMessage", lambda c: c.args["channel"] == "C1")
    assert "gaat niet door" in notice.args["text"]
    slack.reset_calls()
    bot.run_until(JAN7)
    reminders = [c for c in slack.calls_to("chat.postMessage") if "komt samen" in c.args["text"]]
    assert reminders == []  # no day-before reminders for a cancelled meeting


def test_the_facilitator_sees_in_the_reminder_whether_the_case_is_in(bot, slack, clock):
    asked_for_the_case(bot, slack, clock)
    bot.submit(open_form_from_dm(bot, slack), CASE)
    bot.run_until(datetime(2027, 1, 6, 13, 0, tzinfo=UTC))
    facilitator = json.dumps(slack.messages("DU2")[-1]["blocks"], ensure_ascii=False)
    member = json.dumps(slack.messages("DU3")[-1]["blocks"], ensure_ascii=False)
    assert "*Casus van <@U1>:* :white_check_mark: binnen" in facilitator
    assert "Casus van" not in member
