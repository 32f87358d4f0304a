"""The fake Slack's pins refuse what Slack refuses, so the agreements' pin is really checked."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.support.fake_slack import FakeSlack


@pytest.fixture
def fake():
    with FakeSlack() as server:
        server.add_channel("C1", "groep-1", members=["U1"])
        server.add_channel("C2", "elders", bot_is_member=False)
        yield server


def error_of(call, **args) -> str:
    with pytest.raises(SlackApiError) as info:
        call(**args)
    return info.value.response["error"]


def test_pins_add_and_remove_check_their_arguments(fake: FakeSlack) -> None:
    client = WebClient(token=fake.bot_token, base_url=fake.api_url)
    ts = client.chat_postMessage(channel="C1", text="Onze afspraken")["ts"]
    assert error_of(client.pins_add, channel="C1") == "no_item_specified"
    assert error_of(client.pins_add, channel="C1", timestamp="1.000") == "message_not_found"
    assert error_of(client.pins_add, channel="C2", timestamp=ts) == "not_in_channel"
    assert error_of(client.pins_remove, channel="C1", timestamp=ts) == "not_pinned"
    assert client.pins_add(channel="C1", timestamp=ts)["ok"] and fake.pinned("C1") == [ts]
    assert error_of(client.pins_add, channel="C1", timestamp=ts) == "already_pinned"
    assert client.pins_remove(channel="C1", timestamp=ts)["ok"] and fake.pinned("C1") == []
    assert error_of(client.api_call, api_method="pins.add",
                    json={"channel": "C1", "timestamp": ts, "pin": "x"}) == "invalid_arguments"
