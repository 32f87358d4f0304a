"""Tests of the fake Slack Web API (tests/support), driven through a real slack_sdk WebClient.

The end-to-end tests trust this fake to refuse what Slack refuses; these tests pin that down.
"""

from __future__ import annotations

import json
import threading

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from tests.support.block_kit import message_problems, view_problems
from tests.support.clock import FakeClock
from tests.support.fake_slack import FakeSlack, method_scopes


class Ticks:
    """Monotonic seconds the test moves by hand, for trigger_id expiry without sleeping."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def ticks() -> Ticks:
    return Ticks()


@pytest.fixture
def fake(ticks: Ticks):
    with FakeSlack(clock=ticks) as server:
        server.add_user("U1", "anna")
        server.add_user("U2", "bram", tz="Europe/London", locale="en-GB")
        server.add_channel("C1", "groep-1", members=["U1", "U2"])
        server.add_channel("C2", "elders", bot_is_member=False)
        yield server


@pytest.fixture
def client(fake: FakeSlack) -> WebClient:
    return WebClient(token=fake.bot_token, base_url=fake.api_url)


def refusal(call, *args, **kwargs) -> SlackApiError:
    with pytest.raises(SlackApiError) as info:
        call(*args, **kwargs)
    return info.value


def section(text: str = "hoi", **extra) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}, **extra}


def modal(blocks: list | None = None, **extra) -> dict:
    return {"type": "modal", "title": {"type": "plain_text", "text": "Intervisie"},
            "blocks": blocks or [section()], **extra}


# -- refusals Slack itself gives -------------------------------------------------------------

def test_unknown_method(client: WebClient, fake: FakeSlack) -> None:
    err = refusal(client.api_call, "chat.postMessag", json={"channel": "C1", "text": "x"})
    assert err.response["error"] == "unknown_method"
    assert fake.calls_to("chat.postMessag")[0].ok is False


def test_other_valid_methods_answer_ok(client: WebClient) -> None:
    assert client.reactions_add(channel="C1", name="tada", timestamp="1.2")["ok"] is True


def test_tokens(fake: FakeSlack) -> None:
    err = refusal(WebClient(base_url=fake.api_url).auth_test)
    assert err.response["error"] == "not_authed"
    err = refusal(WebClient(token="xoxb-other", base_url=fake.api_url).auth_test)
    assert err.response["error"] == "invalid_auth"
    auth = WebClient(token=fake.bot_token, base_url=fake.api_url).auth_test()
    assert (auth["user_id"], auth["bot_id"], auth["team_id"]) == ("UBOT", "BBOT", "T1")


def test_unknown_argument(client: WebClient) -> None:
    err = refusal(client.chat_postMessage, channel="C1", text="x", colour="red")
    assert err.response["error"] == "invalid_arguments"
    assert err.response["response_metadata"]["messages"] == [
        "[ERROR] unknown argument 'colour'"]


def test_team_id_is_accepted_everywhere(fake: FakeSlack) -> None:
    # Bolt's per-listener WebClient sends a default team_id with every call.
    bolt_like = WebClient(token=fake.bot_token, base_url=fake.api_url, team_id="T1")
    assert bolt_like.users_info(user="U1")["ok"] is True


def test_missing_required_argument(client: WebClient) -> None:
    err = refusal(client.api_call, "chat.postMessage", json={"text": "x"})
    assert err.response["error"] == "invalid_arguments"
    assert "'channel'" in err.response["response_metadata"]["messages"][0]


def test_not_in_channel_and_unknown_channel(client: WebClient) -> None:
    assert refusal(client.chat_postMessage, channel="C2", text="x").response["error"] == (
        "not_in_channel")
    assert refusal(client.chat_postMessage, channel="C9", text="x").response["error"] == (
        "channel_not_found")


def test_rate_limit_gives_429_with_retry_after(client: WebClient, fake: FakeSlack) -> None:
    fake.rate_limit("chat.postMessage", times=1, retry_after=7)
    err = refusal(client.chat_postMessage, channel="C1", text="x")
    assert err.response.status_code == 429
    assert err.response.headers["Retry-After"] == "7"
    assert err.response["error"] == "ratelimited"
    assert client.chat_postMessage(channel="C1", text="x")["ok"] is True
    first, second = fake.calls_to("chat.postMessage")
    assert (first.ratelimited, first.status, first.ok) == (True, 429, False)
    assert (second.ratelimited, second.ok) == (False, True)


# -- stricter than Slack: Block Kit limits and text beside blocks ------------------------------

def test_blocks_without_text_are_refused(client: WebClient) -> None:
    err = refusal(client.api_call, "chat.postMessage",
                  json={"channel": "C1", "blocks": [section()]})
    assert err.response["error"] == "missing_text"


too_long = "x" * 3001
bad_messages = {
    "51 blocks": ([section() for _ in range(51)], "at most 50"),
    "section text": ([section(too_long)], "at most 3000"),
    "header": ([{"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}],
               "at most 150"),
    "button text": ([{"type": "actions", "elements": [
        {"type": "button", "text": {"type": "plain_text", "text": "b" * 76},
         "action_id": "a"}]}], "at most 75"),
    "duplicate block_id": ([section(block_id="b1"), section(block_id="b1")], "duplicate"),
    "unknown type": ([{"type": "sectoin", "text": "x"}], "unknown block type"),
    "empty text": ([section("")], "non-empty"),
    "text type": ([{"type": "section", "text": {"type": "markdown", "text": "x"}}],
                  "must be"),
    "11 fields": ([{"type": "section", "fields": [
        {"type": "mrkdwn", "text": "f"}] * 11}], "at most 10 fields"),
    "26 actions": ([{"type": "actions", "elements": [
        {"type": "button", "text": {"type": "plain_text", "text": "b"}, "action_id": f"a{i}"}
        for i in range(26)]}], "at most 25"),
    "11 context": ([{"type": "context", "elements": [
        {"type": "mrkdwn", "text": "c"}] * 11}], "at most 10"),
    "action_id": ([section(accessory={"type": "button", "action_id": "a" * 256,
                                      "text": {"type": "plain_text", "text": "b"}})],
                  "at most 255"),
    "option value": ([section(accessory={"type": "static_select", "action_id": "s", "options": [
        {"text": {"type": "plain_text", "text": "o"}, "value": "v" * 151}]})], "at most 150"),
    "101 options": ([section(accessory={"type": "static_select", "action_id": "s", "options": [
        {"text": {"type": "plain_text", "text": "o"}, "value": str(i)} for i in range(101)]})],
        "at most 100"),
}


@pytest.mark.parametrize("name", bad_messages)
def test_message_block_limits(client: WebClient, name: str) -> None:
    blocks, expected = bad_messages[name]
    err = refusal(client.chat_postMessage, channel="C1", text="fallback", blocks=blocks)
    assert err.response["error"] == "invalid_blocks"
    assert any(expected in m for m in err.response["response_metadata"]["messages"]), (
        err.response["response_metadata"])


def test_block_kit_accepts_a_realistic_message() -> None:
    blocks = [{"type": "header", "text": {"type": "plain_text", "text": "Bijeenkomst"}},
              section("*Wanneer:* dinsdag", block_id="when"), {"type": "divider"},
              {"type": "actions", "elements": [
                  {"type": "button", "text": {"type": "plain_text", "text": "Ik kom"},
                   "action_id": "rsvp_yes", "value": "42", "style": "primary"}]},
              {"type": "context", "elements": [{"type": "mrkdwn", "text": "groep 1"}]}]
    assert message_problems(blocks) == []


def input_block(max_length: int = 3000) -> dict:
    return {"type": "input", "block_id": "case", "label": {"type": "plain_text", "text": "Casus"},
            "element": {"type": "plain_text_input", "action_id": "text", "multiline": True,
                        "max_length": max_length}}


bad_views = {
    "title": (modal(title={"type": "plain_text", "text": "t" * 25}), "at most 24"),
    "submit missing": (modal([input_block()]), "submit"),
    "max_length": (modal([input_block(3001)], submit={"type": "plain_text", "text": "OK"}),
                   "max_length"),
    "private_metadata": (modal(private_metadata="m" * 3001), "at most 3000"),
    "callback_id": (modal(callback_id="c" * 256), "at most 255"),
    "101 blocks": (modal([section() for _ in range(101)]), "at most 100"),
}


@pytest.mark.parametrize("name", bad_views)
def test_view_limits(client: WebClient, fake: FakeSlack, name: str) -> None:
    view, expected = bad_views[name]
    err = refusal(client.views_open, trigger_id=fake.new_trigger_id(), view=view)
    assert err.response["error"] == "invalid_blocks"
    assert any(expected in m for m in err.response["response_metadata"]["messages"])


def test_view_too_large(client: WebClient, fake: FakeSlack) -> None:
    view = modal([section("y" * 2900, block_id=f"b{i}") for i in range(100)])
    assert view_problems(view) == []
    err = refusal(client.views_publish, user_id="U1", view={**view, "type": "home"})
    assert err.response["error"] == "view_too_large"


# -- trigger_id --------------------------------------------------------------------------------

def test_trigger_ids(client: WebClient, fake: FakeSlack, ticks: Ticks) -> None:
    trigger = fake.new_trigger_id()
    ticks.now += 2.9
    opened = client.views_open(trigger_id=trigger, view=modal())
    assert opened["view"]["id"].startswith("V")
    assert refusal(client.views_open, trigger_id=trigger, view=modal()).response["error"] == (
        "exchanged_trigger_id")
    stale = fake.new_trigger_id()
    ticks.now += 3.1
    assert refusal(client.views_push, trigger_id=stale, view=modal()).response["error"] == (
        "expired_trigger_id")
    assert refusal(client.views_open, trigger_id="1.2.abc", view=modal()).response["error"] == (
        "invalid_trigger_id")
    fresh = fake.new_trigger_id()
    fake.expire_all_triggers()
    assert refusal(client.views_open, trigger_id=fresh, view=modal()).response["error"] == (
        "expired_trigger_id")


def test_the_project_fake_clock_drives_triggers_and_message_ts() -> None:
    clock = FakeClock()
    with FakeSlack(clock=clock) as fake:
        fake.add_channel("C1")
        client = WebClient(token=fake.bot_token, base_url=fake.api_url)
        trigger = fake.new_trigger_id()
        clock.advance(seconds=4)
        assert refusal(client.views_open, trigger_id=trigger, view=modal()).response[
            "error"] == "expired_trigger_id"
        ts = client.chat_postMessage(channel="C1", text="nu")["ts"]
        assert float(ts) == pytest.approx(clock.now().timestamp(), abs=0.01)


def test_views_update(client: WebClient, fake: FakeSlack) -> None:
    view_id = client.views_open(trigger_id=fake.new_trigger_id(), view=modal())["view"]["id"]
    updated = client.views_update(view_id=view_id, view=modal([section("klaar")]))
    assert updated["view"]["id"] == view_id
    assert fake.views[view_id]["blocks"][0]["text"]["text"] == "klaar"
    assert refusal(client.views_update, view_id="V404", view=modal()).response["error"] == (
        "not_found")


# -- workspace model ---------------------------------------------------------------------------

def test_users_info_locale_only_when_asked(client: WebClient) -> None:
    assert "locale" not in client.users_info(user="U2")["user"]
    user = client.users_info(user="U2", include_locale=True)["user"]
    assert (user["locale"], user["tz"]) == ("en-GB", "Europe/London")
    assert refusal(client.users_info, user="U404").response["error"] == "user_not_found"


def test_conversations(client: WebClient) -> None:
    assert client.conversations_info(channel="C1")["channel"]["is_member"] is True
    assert client.conversations_info(channel="C2")["channel"]["is_member"] is False
    assert refusal(client.conversations_info, channel="C9").response["error"] == (
        "channel_not_found")
    assert set(client.conversations_members(channel="C1")["members"]) == {"U1", "U2", "UBOT"}
    dm = client.conversations_open(users="U1")["channel"]["id"]
    assert dm == "DU1"
    assert client.chat_postMessage(channel=dm, text="privé")["channel"] == "DU1"


def test_messages_history_and_threads(client: WebClient, fake: FakeSlack) -> None:
    metadata = {"event_type": "meeting_posted", "event_payload": {"meeting_id": 7}}
    first = client.chat_postMessage(channel="C1", text="een", metadata=metadata)["ts"]
    second = client.chat_postMessage(channel="C1", text="twee")["ts"]
    reply = client.chat_postMessage(channel="C1", text="antwoord", thread_ts=first)["ts"]
    assert first < second < reply
    history = client.conversations_history(channel="C1")["messages"]
    assert [m["text"] for m in history] == ["twee", "een"]
    assert "metadata" not in history[1]
    latest = client.conversations_history(channel="C1", limit=1, include_all_metadata=True,
                                          oldest=first)["messages"]
    assert [m["text"] for m in latest] == ["twee"]
    with_metadata = client.conversations_history(channel="C1", include_all_metadata=True)
    assert with_metadata["messages"][1]["metadata"] == metadata
    thread = client.conversations_replies(channel="C1", ts=first)["messages"]
    assert [m["text"] for m in thread] == ["een", "antwoord"]
    client.chat_update(channel="C1", ts=second, text="twee (bijgewerkt)")
    assert fake.message("C1", second)["text"] == "twee (bijgewerkt)"
    assert refusal(client.chat_update, channel="C1", ts="1.000001", text="x").response[
        "error"] == "message_not_found"


def test_ephemeral_messages_need_a_member(client: WebClient, fake: FakeSlack) -> None:
    client.chat_postEphemeral(channel="C1", user="U1", text="alleen voor jou")
    assert fake.ephemerals[0]["target_user"] == "U1"
    fake.add_user("U3")
    assert refusal(client.chat_postEphemeral, channel="C1", user="U3", text="x").response[
        "error"] == "user_not_in_channel"


def test_form_encoded_json_arguments_are_decoded(client: WebClient, fake: FakeSlack) -> None:
    blocks = [section("via form")]
    client.api_call("chat.postMessage",
                    params={"channel": "C1", "text": "t", "blocks": json.dumps(blocks)})
    assert fake.calls_to("chat.postMessage")[0].args["blocks"] == blocks


def test_files_upload_v2_round_trip(client: WebClient, fake: FakeSlack) -> None:
    parent = client.chat_postMessage(channel="C1", text="verslag volgt")["ts"]
    result = client.files_upload_v2(channel="C1", content="Casus: één\n".encode(),
                                    filename="verslag.md", title="Verslag",
                                    initial_comment="Het verslag", thread_ts=parent)
    assert result["file"]["name"] == "verslag.md"
    [shared] = fake.files
    assert (shared.filename, shared.title, shared.content) == (
        "verslag.md", "Verslag", "Casus: één\n".encode())
    assert (shared.channel_id, shared.initial_comment, shared.thread_ts) == (
        "C1", "Het verslag", parent)
    assert [c.method for c in fake.calls][-3:] == [
        "files.getUploadURLExternal", "file_upload", "files.completeUploadExternal"]


def test_response_url_posts_are_recorded(fake: FakeSlack) -> None:
    url = fake.new_response_url()
    assert WebhookClient(url).send(text="Dank je", replace_original=True).status_code == 200
    [call] = fake.calls_to("response_url")
    assert call.args == {"text": "Dank je", "replace_original": True}
    assert call.path.endswith("/response/1")
    refused = WebhookClient(url).send(text="", blocks=[section()])
    assert refused.status_code == 400
    assert fake.calls_to("response_url")[1].error == "missing_text"


def test_wait_for_an_answer_from_another_thread(client: WebClient, fake: FakeSlack) -> None:
    timer = threading.Timer(0.02, client.chat_postMessage, kwargs={"channel": "C1",
                                                                  "text": "later"})
    timer.start()
    call = fake.wait_for_call("chat.postMessage", timeout=2)
    assert call.args["text"] == "later"
    timer.join()
    with pytest.raises(AssertionError):
        fake.wait_for(lambda: fake.calls_to("views.open"), timeout=0.03)


def test_method_reference(fake: FakeSlack) -> None:
    assert method_scopes("chat.postMessage") == {"chat:write"}
    assert "users:read" in method_scopes("users.info")
    assert fake.method_spec("chat.postMessage")["args"]["channel"]["required"] is True
    assert fake.method_spec("files.upload.v3") is None
    with pytest.raises(KeyError):
        method_scopes("chat.postMessag")
