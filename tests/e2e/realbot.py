"""A whole meeting with automatic advance, run by real bot processes (`python -m bot run`)
against the fake Slack, for the tests that kill processes or make Slack storm.

`messages(slack)` is what a test compares between runs: every message Slack accepted, by its
key (the key is in the message's metadata), in the order Slack accepted them.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from datetime import UTC, date, datetime
from datetime import time as clock_time

from flows.due import LIVE_TIMERS
from flows.group import Group
from flows.recurrence import Schedule
from storage.repositories import Store
from tests.e2e.test_kill import RealBot
from tests.support.fake_slack import FakeSlack
from tests.support.harness import SIGNING_SECRET
from tests.support.signed import SlackSender

SPEED = 1200  # an hour's meeting in three seconds
MINUTES = 60


def meeting_group(engine, team_id: str, auto_advance: bool = True) -> None:
    """A group that meets far ahead, so `/intervisie start` opens a meeting outside its
    rhythm: a short method, phases that move on by themselves."""
    schedule = Schedule("FREQ=MONTHLY;BYDAY=1TH", date(2030, 1, 3), clock_time(14, 0),
                        "Europe/Amsterdam", MINUTES)
    with Store(engine).unit_of_work() as work:
        work.groups.save(Group(team_id=team_id, channel_id="C1", name="Noord",
                               members=("U1", "U2", "U3"), coordinators=("U1",), language="nl",
                               schedule=schedule, method_id="houvast",
                               auto_advance=auto_advance),
                         datetime.now(UTC))


def real_slack() -> FakeSlack:
    fake = FakeSlack(clock=time.time)
    for user in ("U1", "U2", "U3"):
        fake.add_user(user, user.lower(), tz="Europe/Amsterdam", locale="nl-NL")
    fake.add_channel("C1", "intervisie-noord", is_private=True, members=["U1", "U2", "U3"])
    return fake


def start_bot(slack: FakeSlack, database_url: str, cwd, speed: float = SPEED) -> RealBot:
    bot = RealBot(slack, database_url, cwd)
    bot.env["INTERVISIE_SPEED"] = str(speed)
    return bot.start()


def posted_keys(slack: FakeSlack) -> list[str]:
    """Keys of the messages Slack accepted, in order (a message without one: its text); the
    meeting's id reads `M`, so runs on different databases compare."""
    keys = []
    for call in slack.calls_to("chat.postMessage"):
        if call.ok:
            metadata = call.args.get("metadata") or {}
            key = (metadata.get("event_payload") or {}).get("key") or call.args["text"]
            keys.append(re.sub(r"^live:\d+:", "live:M:", key))
    return keys


def conversations(slack: FakeSlack) -> dict[str, list[str]]:
    """The accepted messages' keys (as `posted_keys`) per conversation, each in its order:
    what must be the same whatever happened (messages to different conversations may go out
    in any order between them)."""
    keys: dict[str, list[str]] = {}
    for call, key in zip([c for c in slack.calls_to("chat.postMessage") if c.ok],
                         posted_keys(slack), strict=True):
        keys.setdefault(call.args["channel"], []).append(key)
    return keys


def messages(slack: FakeSlack) -> Counter:
    """How often each message was accepted; fresh keys (`post:…`, `dm:…`) by their kind."""
    return Counter(key.split(":")[0] + ":*" if key.startswith(("post:", "dm:")) else key
                   for key in posted_keys(slack))


def ended(engine) -> bool:
    """The meeting is over and nothing is left to deliver."""
    with Store(engine).unit_of_work() as work:
        group = work.groups.all()[0]
        meetings = [m for m in work.meetings.of_group(group.id or 0) if m.unscheduled]
        found = work.live.get(meetings[0].id or 0) if meetings else None
        return bool(found and found[0].status.value == "ended"
                    and work.queue.count_pending() == 0
                    and not [d for d in work.due.pending() if d.kind in LIVE_TIMERS])


def press(slack: FakeSlack, bot, action_id: str, user: str) -> int:
    """Press the newest button `action_id` in C1, as Slack sends it to the bot."""
    for message in reversed(slack.messages("C1")):
        for block in message.get("blocks") or []:
            for element in block.get("elements") or []:
                if element.get("action_id") == action_id:
                    return _pressed(slack, bot, user, message, block, element)
    raise AssertionError(f"no {action_id} in C1")


def control(slack: FakeSlack, bot, name: str, user: str) -> int:
    """The facilitator opens their panel on the newest phase message and presses `name`."""
    before = len(slack.calls_to("response_url"))
    assert press(slack, bot, "live.panel", user) == 200
    panel = slack.wait_for(lambda: next((
        call for call in slack.calls_to("response_url")[before:]
        if f"live.control.{name}" in json.dumps(call.args.get("blocks") or [])), None),
        timeout=20)
    message = {"ts": "0.0", "text": panel.args.get("text", ""), "blocks": panel.args["blocks"]}
    for block in message["blocks"]:
        for element in block.get("elements") or []:
            if element.get("action_id") == f"live.control.{name}":
                return _pressed(slack, bot, user, message, block, element)
    raise AssertionError(f"no {name} in the panel")


def _pressed(slack: FakeSlack, bot, user: str, message: dict, block: dict, element: dict
             ) -> int:
    sender = SlackSender(f"http://127.0.0.1:{bot.port}/slack/events", SIGNING_SECRET)
    return sender.interaction({
        "type": "block_actions", "team": {"id": slack.team_id},
        "user": {"id": user, "team_id": slack.team_id},
        "trigger_id": slack.new_trigger_id(),
        "container": {"type": "message", "message_ts": message["ts"], "channel_id": "C1"},
        "channel": {"id": "C1"}, "message": message,
        "response_url": slack.new_response_url(),
        "actions": [{"type": "button", "action_id": element["action_id"],
                     "block_id": block.get("block_id", "auto"),
                     "value": element.get("value", ""), "action_ts": "1.0"}]}).status
