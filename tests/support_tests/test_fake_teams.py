"""The fake Slack's many workspaces and oauth.v2.access (bot/sandbox/slack/fake_teams.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.support.fake_slack import FakeSlack


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as running:
        running.add_channel("C1", "een", members=[])
        yield running


def test_each_call_names_the_team_of_its_token(fake: FakeSlack) -> None:
    other = fake.add_team("T2", "Zuid")
    assert WebClient(token=other, base_url=fake.api_url).auth_test()["team_id"] == "T2"
    assert WebClient(token=fake.bot_token, base_url=fake.api_url).auth_test()["team_id"] == "T1"
    WebClient(token=other, base_url=fake.api_url).chat_postMessage(channel="C1", text="hoi")
    assert [call.team for call in fake.calls] == ["T2", "T1", "T2"]
    fake.revoke_team("T2")
    with pytest.raises(SlackApiError) as refused:
        WebClient(token=other, base_url=fake.api_url).auth_test()
    assert refused.value.response["error"] == "invalid_auth"


def test_oauth_v2_access_checks_the_app_and_the_code_and_rotates(fake: FakeSlack) -> None:
    fake.enable_oauth("1.2", "secret")
    fake.token_rotation, fake.token_lifetime = True, 600
    client = WebClient(base_url=fake.api_url)
    code = fake.new_install_code("T2")
    for client_id, secret, used, error in (("9.9", "secret", code, "invalid_client_id"),
                                           ("1.2", "nope", code, "bad_client_secret"),
                                           ("1.2", "secret", "made-up", "invalid_code")):
        with pytest.raises(SlackApiError) as refused:
            client.oauth_v2_access(client_id=client_id, client_secret=secret, code=used)
        assert refused.value.response["error"] == error
    answer = client.oauth_v2_access(client_id="1.2", client_secret="secret", code=code)
    assert answer["team"]["id"] == "T2" and answer["expires_in"] == 600
    assert fake.team_of_token(answer["access_token"]) == "T2"
    with pytest.raises(SlackApiError):  # a code is used once
        client.oauth_v2_access(client_id="1.2", client_secret="secret", code=code)
    renewed = client.oauth_v2_access(client_id="1.2", client_secret="secret",
                                     grant_type="refresh_token",
                                     refresh_token=answer["refresh_token"])
    assert renewed["access_token"] != answer["access_token"]
    assert fake.team_of_token(renewed["access_token"]) == "T2"
    assert "client_secret" not in fake.calls_to("oauth.v2.access")[-1].args
