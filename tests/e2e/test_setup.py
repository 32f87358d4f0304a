"""A coordinator sets up a group through the real Bolt app, against the fake Slack."""

from __future__ import annotations

import json
import re
import urllib.request

from storage.repositories import Store

GOOD = {"name": "Casemanagers Noord", "members": ["U1", "U2", "U3"], "coordinators": ["U1"],
        "language": "nl", "timezone": "Europe/Amsterdam", "rhythm": "monthly_nth_weekday",
        "nth": "1", "first_date": "2026-12-03", "start_time": "14:00", "duration": "120"}


def open_setup(bot, slack, user="U1", channel="C1"):
    slack.reset_calls()
    assert bot.command("setup", user=user, channel=channel).status == 200
    return slack.wait_for_call("views.open")


def create_group(bot, slack, channel="C1", **answers):
    opened = open_setup(bot, slack, channel=channel)
    assert opened.ok, opened.error
    response = bot.submit(opened, {**GOOD, **answers})
    assert response.status == 200 and response.body == ""
    return slack.wait_for_call("chat.postMessage", lambda c: c.args["channel"] == channel)


def private_answer(slack):
    call = slack.wait_for_call("response_url")
    return call.args


def test_help_in_the_users_language_only_to_them(bot, slack):
    response = bot.command("", user="U1")
    assert response.status == 200
    answer = private_answer(slack)
    assert answer["response_type"] == "ephemeral"
    assert "Opdrachten" in json.dumps(answer["blocks"], ensure_ascii=False)
    assert "/intervisie setup" in json.dumps(answer["blocks"])
    assert slack.calls_to("chat.postMessage") == []
    slack.reset_calls()
    bot.command("help", user="U3")
    assert "Commands" in json.dumps(private_answer(slack)["blocks"])


def test_unknown_subcommand_gets_help_with_a_hint(bot, slack):
    bot.command("vergadering", user="U1")
    blocks = json.dumps(private_answer(slack)["blocks"], ensure_ascii=False)
    assert "De opdracht `vergadering` ken ik niet" in blocks
    assert "/intervisie help" in blocks


def test_setup_opens_the_form_prefilled_for_the_coordinator(bot, slack):
    opened = open_setup(bot, slack)
    assert opened.ok  # the trigger was used within its 3 seconds, once
    view = opened.args["view"]
    assert view["title"]["text"] == "Intervisiegroep"
    blocks = {block.get("block_id"): block for block in view["blocks"]}
    assert blocks["members"]["element"]["initial_users"] == ["U1"]
    assert blocks["timezone"]["element"]["initial_value"] == "Europe/Amsterdam"
    assert "3 tot 8" in blocks["members"]["hint"]["text"]


def test_mistakes_come_back_next_to_the_fields_and_nothing_is_saved(bot, slack, engine):
    opened = open_setup(bot, slack)
    response = bot.submit(opened, {**GOOD, "first_date": "2026-11-01", "duration": "30",
                                   "members": [], "timezone": "Mars/Olympus"})
    assert response.status == 200
    answer = response.json()
    assert answer["response_action"] == "errors"
    assert set(answer["errors"]) == {"first_date", "duration", "members", "timezone"}
    assert answer["errors"]["duration"] == (
        "De duur moet een heel aantal minuten zijn, van 60 tot 240.")
    assert "Mars/Olympus" in answer["errors"]["timezone"]
    assert slack.calls_to("chat.postMessage") == []
    with Store(engine).unit_of_work() as work:
        assert work.groups.by_channel(slack.team_id, "C1") is None


def test_saving_posts_a_summary_with_the_next_three_dates(bot, slack, engine):
    post = create_group(bot, slack)
    text = json.dumps(post.args["blocks"], ensure_ascii=False)
    assert "Nieuwe intervisiegroep: Casemanagers Noord" in text
    dates = re.findall(r"<!date\^(\d+)\^", text)
    # 3 Dec 2026, 7 Jan and 4 Feb 2027 at 14:00 Amsterdam (13:00 UTC).
    assert [int(d) for d in dates] == [1796302800, 1799326800, 1801746000]
    assert "elke eerste donderdag van de maand" in text
    assert "openbaar" not in text  # C1 is private: no warning
    assert post.args["text"]  # a top-level text for notifications
    with Store(engine).unit_of_work() as work:
        group = work.groups.by_channel(slack.team_id, "C1")
    assert group.members == ("U1", "U2", "U3") and group.coordinators == ("U1",)
    assert group.schedule.rrule == "FREQ=MONTHLY;BYDAY=+1TH"


def test_a_public_channel_gets_a_confidentiality_warning(bot, slack):
    opened = open_setup(bot, slack, channel="CPUB")
    blocks = json.dumps(opened.args["view"]["blocks"], ensure_ascii=False)
    assert "privékanaal" in blocks  # the form warns already
    response = bot.submit(opened, GOOD)
    assert response.status == 200
    post = slack.wait_for_call("chat.postMessage", lambda c: c.args["channel"] == "CPUB")
    assert "privékanaal" in json.dumps(post.args["blocks"], ensure_ascii=False)


def test_a_small_group_is_allowed_and_the_coordinator_is_warned(bot, slack):
    create_group(bot, slack, members=["U1", "U2"])
    warning = slack.wait_for_call("chat.postEphemeral")
    assert warning.args["user"] == "U1"
    assert "2 leden" in warning.args["text"]


def test_only_a_coordinator_may_change_the_group(bot, slack):
    create_group(bot, slack)
    slack.reset_calls()
    bot.command("setup", user="U2")
    answer = private_answer(slack)
    assert "Alleen de coördinatoren" in answer["text"]
    assert slack.calls_to("views.open") == []


def test_an_old_form_submitted_by_someone_no_longer_coordinator_is_refused(bot, slack, engine):
    opened = open_setup(bot, slack)  # U1 opens the form, then the group is made with U2 as
    bot.submit(opened, {**GOOD, "coordinators": ["U2"]})  # the only coordinator
    slack.wait_for_call("chat.postMessage")
    slack.reset_calls()
    stale = slack.calls  # nothing yet
    assert stale == []
    response = bot.submit(opened, {**GOOD, "name": "Overgenomen"}, user="U1")
    assert response.status == 200
    slack.wait_for(lambda: slack.calls_to("chat.postEphemeral") or slack.calls_to(
        "chat.postMessage"))
    assert slack.calls_to("chat.postMessage") == []
    with Store(engine).unit_of_work() as work:
        assert work.groups.by_channel(slack.team_id, "C1").name == "Casemanagers Noord"


def test_the_coordinator_edits_the_group_with_the_form_filled_in(bot, slack):
    create_group(bot, slack)
    opened = open_setup(bot, slack)
    blocks = {block.get("block_id"): block for block in opened.args["view"]["blocks"]}
    assert blocks["name"]["element"]["initial_value"] == "Casemanagers Noord"
    assert blocks["nth"]["element"]["initial_option"]["value"] == "1"
    bot.submit(opened, {"rhythm": "every_n_weeks", "interval": "6", "first_date": "2026-12-08"})
    post = slack.wait_for_call("chat.postMessage")
    assert "Intervisiegroep gewijzigd" in json.dumps(post.args["blocks"], ensure_ascii=False)
    assert "om de 6 weken op dinsdag" in json.dumps(post.args["blocks"], ensure_ascii=False)


def test_the_bot_says_how_to_invite_it(bot, slack):
    bot.command("setup", user="U1", channel="CNOBOT")
    assert "/invite @Intervisie" in private_answer(slack)["text"]
    assert slack.calls_to("views.open") == []


def test_help_in_a_groups_channel_uses_the_groups_language(bot, slack):
    create_group(bot, slack, language="en")
    slack.reset_calls()
    bot.command("help", user="U2")  # U2's Slack is Dutch, the group's language is English
    assert "Commands" in json.dumps(private_answer(slack)["blocks"])


def test_requests_without_a_valid_signature_are_refused(bot, slack):
    assert bot.command("help", secret="wrong-secret").status == 401
    assert bot.command("help", age_seconds=600).status == 401
    assert slack.calls_to("response_url") == []


def test_a_retried_event_changes_nothing(bot, slack):
    joined = {"type": "member_joined_channel", "user": slack.bot_user_id, "channel": "C1",
              "channel_type": "G", "team": slack.team_id, "inviter": "U1"}
    assert bot.event(joined, event_id="EvJoin").status == 200
    slack.wait_for_call("chat.postMessage")
    assert bot.event(joined, event_id="EvJoin", retry=1).status == 200
    assert bot.event(joined, event_id="EvJoin", retry=2).status == 200
    assert len(slack.calls_to("chat.postMessage")) == 1
    welcome = slack.calls_to("chat.postMessage")[0]
    assert "/intervisie setup" in welcome.args["text"]


def test_the_home_tab_lists_the_users_groups(bot, slack):
    create_group(bot, slack)
    bot.event({"type": "app_home_opened", "user": "U2", "channel": "D2", "tab": "home"},
              event_id="EvHome")
    published = slack.wait_for_call("views.publish")
    assert published.args["user_id"] == "U2"
    text = json.dumps(published.args["view"]["blocks"], ensure_ascii=False)
    assert "Casemanagers Noord" in text and "<!date^1796302800^" in text
    slack.reset_calls()
    bot.event({"type": "app_home_opened", "user": "U4", "channel": "D4", "tab": "home"},
              event_id="EvHome2")
    text = json.dumps(slack.wait_for_call("views.publish").args["view"]["blocks"])
    assert "not in an intervision group yet" in text


def test_health_check(bot):
    bot.tick()
    with urllib.request.urlopen(bot.url + "/healthz", timeout=5) as answer:
        assert answer.status == 200
        assert json.load(answer) == {"db": "ok", "last_sweep_seconds_ago": 0}
