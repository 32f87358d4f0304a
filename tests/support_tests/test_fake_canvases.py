"""The fake Slack's canvases, through a real slack_sdk WebClient: one channel canvas per channel,
one operation per edit, sections found and replaced, arguments and scopes checked."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.support.fake_slack import FakeSlack

MD = {"type": "markdown", "markdown": "# Logbook\n\n## 07-01\n- first\n\n## 04-02\n- second\n"}


@pytest.fixture
def fake():
    with FakeSlack() as server:
        server.add_user("U1", "anna")
        server.add_channel("C1", "group", is_private=True, members=["U1"])
        server.add_channel("COUT", "elsewhere", members=["U1"], bot_is_member=False)
        yield server


@pytest.fixture
def client(fake: FakeSlack) -> WebClient:
    return WebClient(token=fake.bot_token, base_url=fake.api_url)


def error_of(call) -> str:
    with pytest.raises(SlackApiError) as refused:
        call()
    return refused.value.response["error"]


def test_one_channel_canvas_per_channel_shown_in_conversations_info(client, fake):
    made = client.conversations_canvases_create(channel_id="C1", title="Log", document_content=MD)
    assert fake.canvas_markdown("C1") == MD["markdown"]
    assert client.conversations_info(channel="C1")["channel"]["properties"]["canvas"][
        "file_id"] == made["canvas_id"]
    assert error_of(lambda: client.conversations_canvases_create(
        channel_id="C1", document_content=MD)) == (
        "channel_canvas_already_exists")
    assert error_of(lambda: client.conversations_canvases_create(
        channel_id="COUT", document_content=MD)) == (
        "not_in_channel")
    fake.refuse_canvases("team_tier_cannot_create_channel_canvases")
    fake.add_channel("C2", "other")
    assert error_of(lambda: client.conversations_canvases_create(
        channel_id="C2", document_content=MD)) == (
        "team_tier_cannot_create_channel_canvases")


def test_edits_replace_the_whole_or_a_section_found_by_lookup(client, fake):
    canvas = client.conversations_canvases_create(channel_id="C1", document_content=MD)[
        "canvas_id"]
    (found,) = client.canvases_sections_lookup(canvas_id=canvas, criteria={
        "section_types": ["h2"], "contains_text": "04-02"})["sections"]
    client.canvases_edit(canvas_id=canvas, changes=[{
        "operation": "replace", "section_id": found["id"],
        "document_content": {"type": "markdown", "markdown": "## 04-02\n- changed\n"}}])
    assert fake.canvas_markdown("C1").endswith("## 04-02\n- changed\n")
    assert "- first" in fake.canvas_markdown("C1")
    client.canvases_edit(canvas_id=canvas, changes=[{
        "operation": "replace", "document_content": {"type": "markdown", "markdown": "new"}}])
    assert fake.canvas_markdown("C1") == "new\n"
    two = [{"operation": "insert_at_end", "document_content": MD}] * 2
    assert error_of(lambda: client.canvases_edit(canvas_id=canvas, changes=two)) == (
        "canvas_editing_failed")
    fake.delete_canvas(canvas)
    assert error_of(lambda: client.canvases_edit(canvas_id=canvas, changes=two[:1])) == (
        "canvas_not_found")


def test_arguments_and_scopes_are_checked_like_every_method(client, fake):
    assert error_of(lambda: client.api_call("canvases.edit", json={"canvas_id": "F1"})) == (
        "invalid_arguments")
    assert error_of(lambda: client.api_call("conversations.canvases.create", json={
        "channel_id": "C1", "colour": "red"})) == "invalid_arguments"
    fake.scopes = {"chat:write", "channels:read"}
    refused = None
    try:
        client.conversations_canvases_create(channel_id="C1", document_content=MD)
    except SlackApiError as error:
        refused = error.response
    assert refused["error"] == "missing_scope" and refused["needed"] == "canvases:write"
    assert client.conversations_info(channel="C1")["ok"]  # channels:read is granted
