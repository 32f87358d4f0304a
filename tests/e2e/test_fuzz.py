"""No request can crash or hang the bot: a seeded generator of malformed payloads of every kind
(commands, presses, submissions, closed forms, events, broken bodies and headers), each signed
unless the case is about signing, against the real Bolt app over HTTP.

Every answer is 200 (acknowledged and ignored), 400 or 401 — never a 500 — and comes within a
second; afterwards the bot still answers a command.
"""

from __future__ import annotations

import copy
import json
import random
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from bot import ids
from bot.render.case_form import CASE_CALLBACK
from bot.render.evaluation import EVALUATION_CALLBACK
from bot.render.followup import NEW_ACTION_CALLBACK, REPORT_CALLBACK
from bot.render.forms import SETUP_CALLBACK
from bot.render.live_forms import CALLBACKS
from tests.e2e.test_live_meeting import at_the_meeting, people, thread
from tests.support.harness import SIGNING_SECRET
from tests.support.signed import signature

SEED = 20261201
CASES = 1000
BIG = "x" * 50_000
ACTION_IDS = [*ids.ROLE_ACTIONS, *ids.MEMBER_ACTIONS, ids.CASE_OPEN, *ids.ESCALATION_ACTIONS,
              ids.LIVE_START, ids.LIVE_METHOD, ids.LIVE_ADVICE, ids.LIVE_CARD,
              *ids.LIVE_CONTROL.values(), *ids.LIVE_FORM.values(), ids.PRIVACY_FORGET,
              ids.ACTION_REPORT, ids.ACTION_SNOOZE, "roles.unknown", "nothing.we.know"]
CALLBACK_IDS = [CASE_CALLBACK, EVALUATION_CALLBACK, NEW_ACTION_CALLBACK, REPORT_CALLBACK,
                SETUP_CALLBACK, "change_move", "change_cancel", *CALLBACKS, "unknown_form"]
WRONG = [None, 0, -1, 1.5, True, [], {}, "", "abc", BIG, [1, 2], {"id": 5}, "1:x", "99999:1"]
COMMAND_TEXTS = ["", "help", "start", "card", "card " + BIG, "rota", "setup", "case",
                 "attendance abc", "attendance 99999999999", "forget-me", "move", "\x00\x01",
                 "action", "calendar", "💥" * 300]


def _post(url: str, body: bytes, content_type: str, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": content_type, **headers})
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            answer.read()
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def _signed(body: bytes, rng: random.Random) -> dict[str, str]:
    timestamp = str(int(time.time()))
    headers = {"X-Slack-Request-Timestamp": timestamp,
               "X-Slack-Signature": signature(SIGNING_SECRET, timestamp, body)}
    roll = rng.random()
    if roll < 0.03:
        headers.pop("X-Slack-Signature")
    elif roll < 0.06:
        headers["X-Slack-Signature"] = "v0=" + "0" * 64
    elif roll < 0.09:
        headers["X-Slack-Request-Timestamp"] = "not-a-number"
    elif roll < 0.12:
        stale = str(int(time.time()) - 3600)
        headers = {"X-Slack-Request-Timestamp": stale,
                   "X-Slack-Signature": signature(SIGNING_SECRET, stale, body)}
    return headers


def _mutate(value: Any, rng: random.Random, depth: int = 0) -> Any:
    """The same structure with one part removed, retyped or blown up."""
    if isinstance(value, dict) and value and depth < 6:
        value = dict(value)
        key = rng.choice(list(value))
        roll = rng.random()
        if roll < 0.3:
            del value[key]
        elif roll < 0.6:
            value[key] = rng.choice(WRONG)
        else:
            value[key] = _mutate(value[key], rng, depth + 1)
        return value
    if isinstance(value, list) and value and depth < 6:
        value = list(value)
        index = rng.randrange(len(value))
        value[index] = _mutate(value[index], rng, depth + 1) if rng.random() < 0.7 else (
            rng.choice(WRONG))
        return value
    return rng.choice(WRONG)


def _interaction(bot, rng: random.Random, opening: dict) -> dict:
    team = {"id": bot.slack.team_id, "domain": "test"}
    user = {"id": rng.choice(["U1", "U2", "U3", "U9"]), "team_id": bot.slack.team_id}
    kind = rng.choice(["block_actions", "view_submission", "view_closed"])
    if kind == "block_actions":
        action = {"type": "button", "action_id": rng.choice(ACTION_IDS),
                  "block_id": rng.choice(["auto", "pick_1", "method_1", "x"]),
                  "value": rng.choice(["1", "1:1", "1:0", "abc", "", BIG, "7"]),
                  "action_ts": "1.0"}
        return {"type": kind, "team": team, "user": user, "api_app_id": "A1",
                "trigger_id": f"{rng.random()}", "response_url": bot.slack.new_response_url(),
                "container": {"type": "message", "message_ts": opening.get("ts", "1.0"),
                              "channel_id": "C1"},
                "channel": {"id": "C1"}, "message": opening, "actions": [action]}
    meta = rng.choice(['{"meeting_id": 1}', '{"meeting_id": "1"}', "not json", BIG,
                       '{"meeting_id": 1, "entry_version": "x", "phase_index": []}', "[]"])
    values = {name: {"value": {"type": rng.choice(["plain_text_input", "static_select",
                                                    "checkboxes", "datepicker", "timepicker",
                                                    "users_select", "number_input"]),
                               "value": rng.choice(["", "abc", BIG, "5"]),
                               "selected_option": rng.choice([None, {"value": "x"}]),
                               "selected_date": rng.choice([None, "2027-01-07", "garbage"]),
                               "selected_time": rng.choice([None, "14:00", "25:99"]),
                               "selected_options": [], "selected_user": "U1"}}
              for name in ("title", "description", "question", "text", "score", "due_date",
                           "meeting", "new_date", "rate_1", "ideas", "name", "members")}
    view = {"id": "V1", "team_id": bot.slack.team_id, "type": "modal",
            "callback_id": rng.choice(CALLBACK_IDS), "private_metadata": meta,
            "state": {"values": values}, "hash": "1"}
    return {"type": kind, "team": team, "user": user, "api_app_id": "A1",
            "trigger_id": f"{rng.random()}", "view": view}


def _event(bot, rng: random.Random) -> dict:
    event = {"type": rng.choice(["member_joined_channel", "app_home_opened", "message",
                                 "app_mention", "unknown_event"]),
             "user": rng.choice([bot.slack.bot_user_id, "U1", "U9"]), "channel": "C1",
             "inviter": "U1", "tab": rng.choice(["home", "messages"]), "event_ts": "1.0"}
    return {"token": "legacy", "team_id": bot.slack.team_id, "api_app_id": "A1",
            "type": "event_callback", "event_id": f"Ev{rng.random()}", "event_time": 1,
            "event": event}


def _command(bot, rng: random.Random) -> dict[str, str]:
    fields = {"token": "legacy", "team_id": bot.slack.team_id, "channel_id": "C1",
              "user_id": rng.choice(["U1", "U2", "U9"]), "command": "/intervisie",
              "text": rng.choice(COMMAND_TEXTS), "response_url": bot.slack.new_response_url(),
              "trigger_id": f"{rng.random()}"}
    for _ in range(rng.randrange(3)):
        name = rng.choice(list(fields))
        if rng.random() < 0.5:
            del fields[name]
        else:
            fields[name] = rng.choice(["", "abc", BIG, "T_OTHER", "/other"])
    return fields


def _case(bot, rng: random.Random, opening: dict) -> tuple[bytes, str]:
    roll = rng.random()
    if roll < 0.2:
        return urllib.parse.urlencode(_command(bot, rng)).encode(), \
            "application/x-www-form-urlencoded"
    if roll < 0.3:
        envelope = _event(bot, rng)
        if rng.random() < 0.7:
            envelope = _mutate(envelope, rng)
        return json.dumps(envelope).encode(), "application/json"
    if roll < 0.4:
        garbage = rng.choice([b"", b"payload=", b"payload=%7Bnot json", b"payload=[1,2]",
                              b"payload=null", b"{not json", b"[]", b"\xff\xfe\x00",
                              b"payload=" + BIG.encode(), b"a=b&c"])
        return garbage, rng.choice(["application/x-www-form-urlencoded", "application/json",
                                    "text/plain"])
    payload = _interaction(bot, rng, opening)
    for _ in range(rng.randrange(4)):
        payload = _mutate(payload, rng)
    if rng.random() < 0.05 and isinstance(payload, dict):
        payload["team"] = {"id": "T_OTHER"}
    return urllib.parse.urlencode({"payload": json.dumps(payload)}).encode(), \
        "application/x-www-form-urlencoded"


def test_a_thousand_malformed_requests_get_no_500_each_within_a_second(bot, slack, clock,
                                                                        engine):
    at_the_meeting(bot, slack, clock)
    _, facilitator, _ = people(engine)
    bot.press("C1", "live.start", user=facilitator)
    slack.wait_for(lambda: thread(slack))
    opening = copy.deepcopy(slack.messages("C1")[-1])
    rng = random.Random(SEED)
    statuses: dict[int, int] = {}
    slowest = 0.0
    for _ in range(CASES):
        body, content_type = _case(bot, rng, opening)
        started = time.monotonic()
        status = _post(bot.send.url, body, content_type, _signed(body, rng))
        slowest = max(slowest, time.monotonic() - started)
        statuses[status] = statuses.get(status, 0) + 1
    assert set(statuses) <= {200, 400, 401}, statuses
    assert statuses.get(200, 0) > CASES / 2  # most were signed, read and ignored or handled
    assert slowest < 1.0
    assert bot.command("help", user="U1").status == 200
    slack.wait_for_call("response_url", lambda c: "/intervisie setup" in json.dumps(c.args))


def test_signing_and_reading_problems_get_401_or_400_and_foreign_requests_change_nothing(
        bot, slack, clock, engine):
    body = urllib.parse.urlencode({"command": "/intervisie", "text": "help", "user_id": "U1",
                                   "team_id": slack.team_id, "channel_id": "C1",
                                   "trigger_id": "1.2.3",
                                   "response_url": slack.new_response_url()}).encode()
    form = "application/x-www-form-urlencoded"
    now = str(int(time.time()))
    assert _post(bot.send.url, body, form, {}) == 401  # unsigned
    assert _post(bot.send.url, body, form, {"X-Slack-Request-Timestamp": "soon",
                                            "X-Slack-Signature": "v0=00"}) == 401
    stale = str(int(time.time()) - 600)
    assert _post(bot.send.url, body, form, {"X-Slack-Request-Timestamp": stale,
                                            "X-Slack-Signature": signature(
                                                SIGNING_SECRET, stale, body)}) == 401
    broken = b"payload=%7Bnot json"
    assert _post(bot.send.url, broken, form, {"X-Slack-Request-Timestamp": now,
                                              "X-Slack-Signature": signature(
                                                  SIGNING_SECRET, now, broken)}) == 400
    # Signed, readable, but from another workspace: acknowledged, and nothing happens.
    assert bot.command("help", user="U1").status == 200
    slack.wait_for_call("response_url")
    slack.reset_calls()
    foreign = urllib.parse.urlencode({"command": "/intervisie", "text": "help",
                                      "user_id": "U1", "team_id": "T_OTHER",
                                      "channel_id": "C1", "trigger_id": "4.5.6",
                                      "response_url": slack.new_response_url()}).encode()
    assert _post(bot.send.url, foreign, form, {"X-Slack-Request-Timestamp": now,
                                               "X-Slack-Signature": signature(
                                                   SIGNING_SECRET, now, foreign)}) == 200
    assert bot.command("rota", user="U1").status == 200  # served after it, in order
    slack.wait_for_call("response_url")
    assert len(slack.calls_to("response_url")) == 1
