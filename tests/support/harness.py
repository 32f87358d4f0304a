"""The real bot, in HTTP mode with request signing on, wired to the fake Slack Web API.

`BotUnderTest` starts the same Bolt app `intervisie run` starts, on a free local port, and
offers the gestures a person makes in Slack: typing a command, submitting a modal, opening
the Home tab. Everything the bot sends is recorded by the fake.
"""

from __future__ import annotations

import copy
import threading
from typing import Any

from bot.app import build
from bot.server import EVENTS_PATH, make_http_server
from bot.settings import Settings
from tests.support.fake_slack import Call, FakeSlack
from tests.support.signed import Response, SlackSender

SIGNING_SECRET = "test-signing-secret"


class BotUnderTest:
    def __init__(self, slack: FakeSlack, database_url: str, clock: Any, speed: float = 1,
                 public_url: str | None = None, **more_settings: Any) -> None:
        """`more_settings`: further Settings fields, e.g. the three OAuth ones (then no bot
        token: each workspace installs from a link)."""
        self.slack = slack
        self.clock = clock
        self.team_id = slack.team_id  # the workspace the gestures come from (see `in_team`)
        bot_token = "" if more_settings.get("client_id") else slack.bot_token
        settings = Settings(bot_token=bot_token, signing_secret=SIGNING_SECRET,
                            app_token=None, api_url=slack.api_url, database_url=database_url,
                            port=0, log_level="INFO", speed=speed, public_url=public_url,
                            **more_settings)
        self.bot = build(settings, clock=clock)
        self.server = make_http_server(self.bot.app, 0, host="127.0.0.1", ops=self.bot.ops,
                                       mounts=self.bot.mounts)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.send = SlackSender(self.url + EVENTS_PATH, SIGNING_SECRET)

    def in_team(self, team_id: str) -> BotUnderTest:
        """The same running bot, with gestures made by people of workspace `team_id`."""
        other = copy.copy(self)
        other.team_id = team_id
        return other

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.bot.store.engine.dispose()

    # -- gestures ---------------------------------------------------------------------------

    def command(self, text: str = "", user: str = "U1", channel: str = "C1",
                **options: Any) -> Response:
        return self.send.command({
            "token": "legacy", "team_id": self.team_id, "team_domain": "test",
            "channel_id": channel, "channel_name": channel.lower(), "user_id": user,
            "user_name": user.lower(), "command": "/intervisie", "text": text,
            "api_app_id": "A1", "is_enterprise_install": "false",
            "response_url": self.slack.new_response_url(),
            "trigger_id": self.slack.new_trigger_id(),
        }, **options)

    def submit(self, opened: Call, answers: dict[str, Any], user: str = "U1") -> Response:
        """Submit the modal from a `views.open` call with `answers` per block_id."""
        view = dict(opened.args["view"])
        view.update(id=opened.response["view"]["id"], team_id=self.team_id,
                    state={"values": state_values(view, answers)})
        return self.send.interaction({
            "type": "view_submission", "team": {"id": self.team_id, "domain": "test"},
            "user": {"id": user, "username": user.lower(), "team_id": self.team_id},
            "api_app_id": "A1", "token": "legacy", "trigger_id": self.slack.new_trigger_id(),
            "view": view, "response_urls": [], "is_enterprise_install": False,
        })

    def close(self, opened: Call, answers: dict[str, Any], user: str = "U1") -> Response:
        """Close the modal from a `views.open` call (Slack sends its state when asked to)."""
        view = dict(opened.args["view"])
        view.update(id=opened.response["view"]["id"], team_id=self.team_id,
                    state={"values": state_values(view, answers)})
        return self.send.interaction({
            "type": "view_closed", "team": {"id": self.team_id, "domain": "test"},
            "user": {"id": user, "username": user.lower(), "team_id": self.team_id},
            "api_app_id": "A1", "token": "legacy", "view": view, "is_cleared": False,
            "is_enterprise_install": False,
        })

    def press(self, channel: str, action_id: str, user: str, message_ts: str | None = None,
              selected_user: str | None = None, selected: str | None = None) -> Response:
        """Press the button (or choose in the user menu) `action_id` in the newest bot message
        of `channel` that has it (or in the message `message_ts`)."""
        message, block, element = self.slack_element(channel, action_id, message_ts)
        return self.press_in(message, block, element, channel, user, selected_user, selected)

    def press_in(self, message: dict, block: dict, element: dict, channel: str, user: str,
                 selected_user: str | None = None, selected: str | None = None) -> Response:
        """Press `element` of `block` in `message` (also one that only its reader sees)."""
        action = {"type": element["type"], "action_id": element["action_id"],
                  "block_id": block.get("block_id", "auto"), "action_ts": "1.0"}
        if element["type"] == "button":
            action["value"] = element.get("value", "")
        elif element["type"] == "users_select":
            action["selected_user"] = selected_user
        elif element["type"] == "static_select":
            action["selected_option"] = next(o for o in element["options"]
                                             if o["value"] == selected)
        return self.send.interaction({
            "type": "block_actions", "team": {"id": self.team_id, "domain": "test"},
            "user": {"id": user, "username": user.lower(), "team_id": self.team_id},
            "api_app_id": "A1", "token": "legacy", "trigger_id": self.slack.new_trigger_id(),
            "container": {"type": "message", "message_ts": message.get("ts", "1.0"),
                          "channel_id": channel, "is_ephemeral": "ts" not in message},
            "channel": {"id": channel, "name": channel.lower()},
            "message": message, "response_url": self.slack.new_response_url(),
            "actions": [action],
        })

    def press_home(self, blocks: list[dict], action_id: str, user: str, value: str | None = None
                   ) -> Response:
        """Press a button on the Home tab last published for `user` (first with `value`)."""
        for block in blocks:
            for element in block.get("elements") or []:
                if element.get("action_id") == action_id and value in (None, element["value"]):
                    return self.send.interaction({
                        "type": "block_actions", "api_app_id": "A1", "token": "legacy",
                        "team": {"id": self.team_id, "domain": "test"},
                        "user": {"id": user, "team_id": self.team_id},
                        "trigger_id": self.slack.new_trigger_id(),
                        "container": {"type": "view", "view_id": "V1"},
                        "view": {"id": "V1", "type": "home", "blocks": blocks},
                        "actions": [{"type": "button", "action_id": action_id,
                                     "block_id": block.get("block_id", "auto"),
                                     "value": element["value"], "action_ts": "1.0"}]})
        raise AssertionError(f"no {action_id} on the Home tab")

    def slack_element(self, channel: str, action_id: str, message_ts: str | None = None):
        for message in reversed(self.slack.messages(channel)):
            if message_ts and message["ts"] != message_ts:
                continue
            for block in message.get("blocks") or []:
                for element in block.get("elements") or []:
                    if element.get("action_id") == action_id:
                        return message, block, element
        raise AssertionError(f"no {action_id} in {channel}")

    def tick(self) -> int:
        return self.bot.services.runtime.tick()

    def run_until(self, end: Any) -> None:
        """Let time pass to `end`, waking at each due time as the alarm clock would."""
        runtime = self.bot.services.runtime
        while True:
            runtime.tick()
            due_at = runtime.next_due_at()
            if due_at is None or due_at > end:
                break
            self.clock.set(max(due_at, self.clock.now()))
        self.clock.set(end)
        runtime.tick()

    def event(self, event: dict[str, Any], event_id: str = "Ev1", retry: int | None = None
              ) -> Response:
        return self.send.event({
            "token": "legacy", "team_id": self.team_id, "api_app_id": "A1",
            "event": event, "type": "event_callback", "event_id": event_id,
            "event_time": int(self.clock.now().timestamp()),
            "authorizations": [{"team_id": self.team_id, "user_id": self.slack.bot_user_id,
                                "is_bot": True}],
        }, retry=retry)


def state_values(view: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """Slack's view state for `answers`; inputs not answered keep their initial value."""
    values: dict[str, Any] = {}
    for block in view.get("blocks", []):
        if block.get("type") != "input":
            continue
        element = block["element"]
        kind = element["type"]
        answer = answers.get(block["block_id"], _initial(element))
        state: dict[str, Any] = {"type": kind}
        if kind in ("plain_text_input", "number_input"):
            state["value"] = None if answer in (None, "") else str(answer)
        elif kind in ("static_select", "radio_buttons"):
            state["selected_option"] = next(
                (o for o in element["options"] if o["value"] == answer), None)
        elif kind == "multi_users_select":
            state["selected_users"] = list(answer or [])
        elif kind == "users_select":
            state["selected_user"] = answer
        elif kind == "checkboxes":
            state["selected_options"] = [o for o in element["options"]
                                         if o["value"] in (answer or ())]
        elif kind == "datepicker":
            state["selected_date"] = answer
        elif kind == "timepicker":
            state["selected_time"] = answer
        values[block["block_id"]] = {element["action_id"]: state}
    return values


def _initial(element: dict[str, Any]) -> Any:
    kind = element["type"]
    if kind in ("static_select", "radio_buttons"):
        option = element.get("initial_option")
        return option["value"] if option else None
    return {
        "plain_text_input": element.get("initial_value"),
        "number_input": element.get("initial_value"),
        "multi_users_select": element.get("initial_users"),
        "users_select": element.get("initial_user"),
        "checkboxes": [o["value"] for o in element.get("initial_options") or ()],
        "datepicker": element.get("initial_date"),
        "timepicker": element.get("initial_time"),
    }.get(kind)
