"""Installing from a link (OAuth v2) and many workspaces, against the fake Slack over HTTP.

Two workspaces, T1 and T2, install the same running bot from its link; each gets a group. What
one workspace does never reaches the other: commands, Home, reminders and a meeting's opening
each go to their own workspace, sent with that workspace's own token.
"""

from __future__ import annotations

import html
import re
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from sqlmodel import select

from storage.tables import DueActionRow, GroupRow
from tests.e2e.test_setup import GOOD
from tests.support.fake_slack import FakeSlack
from tests.support.harness import BotUnderTest

CLIENT_ID, CLIENT_SECRET, STATE_SECRET = "1111.2222", "client-secret", "state-secret-for-tests"
START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
JAN7 = datetime(2027, 1, 7, 13, 0, tzinfo=UTC)


@pytest.fixture
def slack(clock) -> Iterator[FakeSlack]:
    fake = FakeSlack(clock=clock)
    fake.enable_oauth(CLIENT_ID, CLIENT_SECRET)
    for user, name in (("U1", "anna"), ("U2", "bram"), ("U3", "chris"),
                       ("U7", "greet"), ("U8", "hans"), ("U9", "ineke")):
        fake.add_user(user, name, tz="Europe/Amsterdam", locale="nl-NL")
    fake.add_channel("C1", "intervisie-noord", is_private=True, members=["U1", "U2", "U3"])
    fake.add_channel("C9", "intervisie-zuid", is_private=True, members=["U7", "U8", "U9"])
    with fake:
        yield fake


@pytest.fixture
def bot(slack, engine, database_url, clock) -> Iterator[BotUnderTest]:
    running = BotUnderTest(slack, database_url, clock, client_id=CLIENT_ID,
                           client_secret=CLIENT_SECRET, state_secret=STATE_SECRET,
                           public_url="https://intervisie.example.org")
    yield running
    running.stop()


def get(url: str, cookie: str = "") -> tuple[int, Any, str]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, answer.headers, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def install_link(bot) -> tuple[str, str]:
    """The Slack authorize link /slack/install offers, and the browser's state cookie."""
    status, headers, page = get(bot.url + "/slack/install")
    assert status == 200
    link = html.unescape(re.search(r'href="(https://slack\.com/oauth/v2/authorize[^"]+)"',
                                   page).group(1))
    return link, headers["Set-Cookie"].split(";")[0]


def install(bot, slack, team_id: str) -> None:
    link, cookie = install_link(bot)
    state = parse_qs(urlsplit(link).query)["state"][0]
    code = slack.new_install_code(team_id)
    status, _, page = get(bot.url + "/slack/oauth_redirect?" + urlencode(
        {"code": code, "state": state}), cookie)
    assert status == 200, page


def store(bot) -> SQLAlchemyInstallationStore:
    return SQLAlchemyInstallationStore(client_id=CLIENT_ID, engine=bot.bot.store.engine)


def make_group(bot, slack, channel: str, user: str, members: list[str], name: str) -> None:
    slack.reset_calls()
    assert bot.command("setup", user=user, channel=channel).status == 200
    opened = slack.wait_for_call("views.open")
    assert opened.ok, opened.error
    answers = {**GOOD, "name": name, "members": members, "coordinators": [user],
               "first_date": "2027-01-07"}
    assert bot.submit(opened, answers, user=user).status == 200
    slack.wait_for_call("chat.postMessage", lambda c: c.args["channel"] == channel)


def test_install_link_then_the_redirect_stores_the_installation(bot, slack):
    link, cookie = install_link(bot)
    query = parse_qs(urlsplit(link).query)
    assert query["client_id"] == [CLIENT_ID]
    assert "chat:write" in query["scope"][0].split(",")
    assert query["redirect_uri"] == ["https://intervisie.example.org/slack/oauth_redirect"]
    assert query["state"][0] and query["state"][0] in cookie

    code = slack.new_install_code("T2")
    status, _, _ = get(bot.url + "/slack/oauth_redirect?" + urlencode(
        {"code": code, "state": query["state"][0]}), cookie)
    assert status == 200
    exchange = slack.calls_to("oauth.v2.access")[-1]
    assert exchange.ok and exchange.args["code"] == code
    installation = store(bot).find_installation(enterprise_id=None, team_id="T2")
    assert installation is not None
    assert installation.bot_token == exchange.response["access_token"]

    # A state this bot never signed is refused before Slack is asked.
    slack.reset_calls()
    forged = query["state"][0].rpartition(".")[0] + ".0000"
    status, _, _ = get(bot.url + "/slack/oauth_redirect?" + urlencode(
        {"code": slack.new_install_code("T3"), "state": forged}), cookie)
    assert status >= 400 and slack.calls_to("oauth.v2.access") == []
    assert store(bot).find_installation(enterprise_id=None, team_id="T3") is None


def test_a_wrong_client_secret_is_refused_by_slack(slack):
    code = slack.new_install_code("T2")
    from slack_sdk import WebClient
    from slack_sdk.errors import SlackApiError
    with pytest.raises(SlackApiError) as refused:
        WebClient(base_url=slack.api_url).oauth_v2_access(
            client_id=CLIENT_ID, client_secret="wrong", code=code)
    assert refused.value.response["error"] == "bad_client_secret"


def test_two_workspaces_never_cross(bot, slack, clock):
    clock.set(START)
    install(bot, slack, "T1")
    install(bot, slack, "T2")
    tokens = {team: store(bot).find_installation(enterprise_id=None, team_id=team).bot_token
              for team in ("T1", "T2")}
    assert tokens["T1"] != tokens["T2"]
    other = bot.in_team("T2")
    make_group(bot, slack, "C1", "U1", ["U1", "U2", "U3"], "Noord")
    make_group(other, slack, "C9", "U7", ["U7", "U8", "U9"], "Zuid")
    with bot.bot.store.engine.connect() as connection:
        teams = dict(connection.execute(select(GroupRow.channel_id, GroupRow.team_id)).all())
    assert teams == {"C1": "T1", "C9": "T2"}

    # Home in T2 shows T2's group only, published with T2's token.
    slack.reset_calls()
    other.event({"type": "app_home_opened", "user": "U7", "tab": "home"}, event_id="EvH2")
    home = slack.wait_for_call("views.publish")
    assert home.team == "T2" and "Zuid" in str(home.args) and "Noord" not in str(home.args)
    # The same command in T1 from a person of T2's channel knows no group there.
    slack.reset_calls()
    bot.command("setup", user="U7", channel="C9")
    opened = slack.wait_for_call("views.open")
    assert opened.team == "T1" and "Zuid" not in str(opened.args)

    # Reminders and each meeting's opening: every message into its own workspace.
    slack.reset_calls()
    bot.run_until(JAN7)
    posted = [c for c in slack.calls if c.method in ("chat.postMessage", "conversations.open")]
    assert posted and all(c.ok for c in posted)
    by_team: dict[str, set[str]] = {"T1": set(), "T2": set()}
    for call in slack.calls_to("chat.postMessage"):
        by_team[call.team].add(call.args["channel"])
    assert "C1" in by_team["T1"] and "C9" in by_team["T2"]
    assert by_team["T1"] & {"C9", "DU7", "DU8", "DU9"} == set()
    assert by_team["T2"] & {"C1", "DU1", "DU2", "DU3"} == set()
    openings = [c for c in slack.calls_to("chat.postMessage") if c.at == JAN7.timestamp()]
    assert {(c.team, c.args["channel"]) for c in openings} >= {("T1", "C1"), ("T2", "C9")}


def test_an_expiring_token_is_rotated_once_in_listeners_and_in_the_scheduler(bot, slack, clock):
    clock.set(START)
    slack.token_rotation, slack.token_lifetime = True, 600  # expires within Bolt's 2 hours
    install(bot, slack, "T2")
    first = store(bot).find_installation(enterprise_id=None, team_id="T2")
    assert first.bot_refresh_token and first.bot_token_expires_at is not None

    # A listener: Bolt rotates before it runs, through the same store.
    slack.token_lifetime = 43200
    slack.reset_calls()
    other = bot.in_team("T2")
    other.command("help", user="U7", channel="C9")
    slack.wait_for_call("response_url")
    refresh = slack.calls_to("oauth.v2.access")
    assert [c.args.get("grant_type") for c in refresh] == ["refresh_token"]
    assert refresh[0].args["refresh_token"] == first.bot_refresh_token
    rotated = store(bot).find_installation(enterprise_id=None, team_id="T2")
    assert rotated.bot_token == refresh[0].response["access_token"] != first.bot_token

    # The scheduler's side: a team whose token expires soon, asked for by several threads at
    # once, is rotated once; each thread gets the new token.
    slack.token_rotation, slack.token_lifetime = True, 600
    install(bot, slack, "T3")
    slack.token_lifetime = 43200
    slack.reset_calls()
    clients = bot.bot.services.effects.clients
    got: list[str] = []
    threads = [threading.Thread(target=lambda: got.append(clients.client_for("T3").token))
               for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    refreshes = slack.calls_to("oauth.v2.access")
    assert len(refreshes) == 1
    assert set(got) == {refreshes[0].response["access_token"]}


def test_app_uninstalled_deletes_the_tokens_and_stops_that_workspaces_timed_work(
        bot, slack, clock, engine):
    clock.set(START)
    install(bot, slack, "T1")
    install(bot, slack, "T2")
    make_group(bot, slack, "C1", "U1", ["U1", "U2", "U3"], "Noord")
    other = bot.in_team("T2")
    make_group(other, slack, "C9", "U7", ["U7", "U8", "U9"], "Zuid")

    slack.revoke_team("T2")
    response = other.event({"type": "app_uninstalled"}, event_id="EvGone")
    assert response.status == 200  # acknowledged first; the listener then does the work
    slack.wait_for(lambda: store(bot).find_installation(enterprise_id=None, team_id="T2")
                   is None)
    assert store(bot).find_bot(enterprise_id=None, team_id="T2") is None
    with engine.connect() as connection:
        rows = connection.execute(select(GroupRow.team_id, DueActionRow.status).join(
            GroupRow, GroupRow.id == DueActionRow.group_id)).all()
    assert {status for team, status in rows if team == "T2"} == {"cancelled"}
    assert "pending" in {status for team, status in rows if team == "T1"}

    slack.reset_calls()
    bot.run_until(JAN7)
    assert {c.team for c in slack.calls} == {"T1"}  # T2 is asked for nothing, not even once
    assert all(c.ok for c in slack.calls)
    with engine.connect() as connection:  # the group and its history stay (retention as set)
        assert connection.execute(select(GroupRow.id).where(GroupRow.team_id == "T2")).first()


def pending_of(engine, team: str) -> set[str]:
    with engine.connect() as connection:
        rows = connection.execute(select(GroupRow.team_id, DueActionRow.status).join(
            GroupRow, GroupRow.id == DueActionRow.group_id)).all()
    return {status for owner, status in rows if owner == team}


def test_revoked_bot_tokens_stop_the_workspace_and_installing_again_resumes_it(
        bot, slack, clock, engine):
    clock.set(START)
    install(bot, slack, "T2")
    other = bot.in_team("T2")
    make_group(other, slack, "C9", "U7", ["U7", "U8", "U9"], "Zuid")

    # Only a person's token revoked: the bot carries on.
    other.event({"type": "tokens_revoked", "tokens": {"oauth": ["U7"], "bot": []}},
                event_id="EvUser")
    assert "pending" in pending_of(engine, "T2")
    assert store(bot).find_bot(enterprise_id=None, team_id="T2") is not None

    slack.revoke_team("T2")
    other.event({"type": "tokens_revoked", "tokens": {"bot": ["UBT2"]}}, event_id="EvBot")
    slack.wait_for(lambda: store(bot).find_bot(enterprise_id=None, team_id="T2") is None)
    assert pending_of(engine, "T2") == {"cancelled"}

    install(bot, slack, "T2")  # the workspace comes back: its group is planned for again
    assert "pending" in pending_of(engine, "T2")
    slack.reset_calls()
    bot.run_until(JAN7)
    assert {c.team for c in slack.calls_to("chat.postMessage")} == {"T2"}
    assert all(c.ok for c in slack.calls)
