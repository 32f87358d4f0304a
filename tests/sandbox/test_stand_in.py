"""What the sandbox adds to the Slack stand-in: a modal opens for the person whose trigger it
was, and what the bot posts to a response_url replaces, deletes or adds a message only they
see — as the Slack client would show it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot.sandbox.clock import ShiftingClock
from bot.sandbox.stand_in import SandboxSlack

VIEW = {"type": "modal", "title": {"type": "plain_text", "text": "Form"}, "blocks": []}


@pytest.fixture
def slack():
    stand_in = SandboxSlack(ShiftingClock()).start()
    stand_in.add_user("U0ANNA", "anna")
    stand_in.add_channel("C1", "group", members=["U0ANNA"])
    yield stand_in
    stand_in.stop()


def test_a_modal_opens_for_the_person_whose_trigger_it_was_and_a_push_stacks(slack):
    client = WebClient(token=slack.bot_token, base_url=slack.api_url)
    client.views_open(trigger_id=slack.trigger_for("U0ANNA"), view=VIEW)
    client.views_push(trigger_id=slack.trigger_for("U0ANNA"),
                      view={**VIEW, "title": {"type": "plain_text", "text": "Second"}})
    assert slack.top_modal("U0ANNA")["title"]["text"] == "Second"
    slack.close_views("U0ANNA")
    assert slack.top_modal("U0ANNA")["title"]["text"] == "Form"
    with pytest.raises(SlackApiError, match="exchanged_trigger_id"):
        trigger = slack.trigger_for("U0ANNA")
        client.views_open(trigger_id=trigger, view=VIEW)
        client.views_open(trigger_id=trigger, view=VIEW)


def test_a_trigger_expires_when_the_clock_jumps(slack):
    client = WebClient(token=slack.bot_token, base_url=slack.api_url)
    trigger = slack.trigger_for("U0ANNA")
    slack.clock.advance(timedelta(seconds=5))
    with pytest.raises(SlackApiError, match="expired_trigger_id"):
        client.views_open(trigger_id=trigger, view=VIEW)
    assert slack.top_modal("U0ANNA") is None


def test_response_urls_replace_delete_and_answer_privately(slack):
    ts = slack.add_message("C1", "original", user="UBOT")
    WebhookClient(slack.response_url_for("U0ANNA", "C1", ts)).send(
        text="replaced", replace_original=True)
    assert slack.message("C1", ts)["text"] == "replaced"

    WebhookClient(slack.response_url_for("U0ANNA", "C1")).send(
        text="only for Anna", response_type="ephemeral")
    (private,) = slack.ephemerals
    assert private["target_user"] == "U0ANNA" and private["text"] == "only for Anna"
    WebhookClient(slack.response_url_for("U0ANNA", "C1", private["message_ts"], ephemeral=True)
                  ).send(text="gone", delete_original=True)
    assert slack.ephemerals == []

    WebhookClient(slack.response_url_for("U0ANNA", "C1", thread_ts=ts)).send(
        text="for everyone", response_type="in_channel")
    assert slack.messages("C1", ts)[-1]["text"] == "for everyone"


def test_response_actions_update_push_and_clear_the_persons_modals(slack):
    client = WebClient(token=slack.bot_token, base_url=slack.api_url)
    opened = client.views_open(trigger_id=slack.trigger_for("U0ANNA"), view=VIEW)["view"]
    slack.view_errors[opened["id"]] = {"name": "Required"}
    slack.replace_view("U0ANNA", opened["id"],
                       {**VIEW, "title": {"type": "plain_text", "text": "Updated"}})
    top = slack.top_modal("U0ANNA")
    assert top["id"] == opened["id"] and top["title"]["text"] == "Updated"
    assert opened["id"] not in slack.view_errors  # an update clears the field errors
    slack.replace_view("U0ANNA", opened["id"], VIEW, push=True)
    assert len(slack.modals["U0ANNA"]) == 2
    slack.close_views("U0ANNA", all_of_them=True)
    assert slack.top_modal("U0ANNA") is None
