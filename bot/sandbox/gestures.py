"""What a person does on the sandbox page, sent to the bot as Slack would send it: signed HTTP
requests with Slack's payload shapes (slash command, block_actions, view_submission,
view_closed, events), fresh trigger ids and working response_urls.

The page sends raw form values per element; `state_values` turns them into Slack's view state
using the element's own definition (options are sent back whole, as Slack does).
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from bot.sandbox.stand_in import SandboxSlack

APP_ID = "A0SANDBOX"


def signature(secret: str, timestamp: str, body: bytes) -> str:
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def find_element(blocks: list[dict], block_id: str, action_id: str
                 ) -> tuple[dict, dict] | None:
    """The block and element a press or a value belongs to (block ids may be left out)."""
    for block in blocks or []:
        if block_id and block.get("block_id") != block_id:
            continue
        candidates = [block.get("accessory"), block.get("element"), *(block.get("elements") or [])]
        for element in candidates:
            if isinstance(element, dict) and element.get("action_id") == action_id:
                return block, element
    return None


def _options(element: dict) -> list[dict]:
    if element.get("option_groups"):
        return [o for g in element["option_groups"] for o in g.get("options") or []]
    return list(element.get("options") or [])


def element_value(element: dict, raw: Any) -> dict[str, Any]:
    """Slack's value fields for `element` given what the page sent (a string or a list)."""
    kind = element.get("type")
    values = raw if isinstance(raw, list) else ([] if raw in (None, "") else [raw])
    first = values[0] if values else None
    if kind in ("static_select", "overflow", "radio_buttons", "external_select"):
        return {"selected_option": next((o for o in _options(element)
                                         if o.get("value") == first), None)}
    if kind in ("checkboxes", "multi_static_select"):
        return {"selected_options": [o for o in _options(element) if o.get("value") in values]}
    if kind == "users_select":
        return {"selected_user": first}
    if kind == "multi_users_select":
        return {"selected_users": list(values)}
    if kind == "datepicker":
        return {"selected_date": first}
    if kind == "timepicker":
        return {"selected_time": first}
    if kind in ("plain_text_input", "number_input"):
        return {"value": first}
    if kind == "button":
        return {"value": element.get("value", "")}
    return {}


def state_values(blocks: list[dict], raw_values: list[dict]) -> dict[str, Any]:
    """`{block_id: {action_id: {type, …value}}}` for the input blocks the page sent."""
    values: dict[str, Any] = {}
    for raw in raw_values:
        found = find_element(blocks, raw.get("block_id", ""), raw.get("action_id", ""))
        if found is None:
            continue
        block, element = found
        state = {"type": element["type"], **element_value(element, raw.get("value"))}
        values.setdefault(block.get("block_id", ""), {})[element["action_id"]] = state
    return values


class Gestures:
    def __init__(self, slack: SandboxSlack, bot_url: str, signing_secret: str) -> None:
        self.slack = slack
        self.url = bot_url
        self.secret = signing_secret
        self._events = itertools.count(1)

    def _post(self, body: bytes, content_type: str) -> tuple[int, str]:
        timestamp = str(int(time.time()))  # Bolt checks it against the real time
        request = urllib.request.Request(self.url, data=body, method="POST", headers={
            "Content-Type": content_type, "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": signature(self.secret, timestamp, body)})
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def _interaction(self, payload: dict) -> tuple[int, str]:
        body = urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()
        return self._post(body, "application/x-www-form-urlencoded")

    def _user(self, user: str) -> dict:
        name = (self.slack.users.get(user) or {}).get("name", user.lower())
        return {"id": user, "username": name, "name": name, "team_id": self.slack.team_id}

    def _team(self) -> dict:
        return {"id": self.slack.team_id, "domain": "sandbox"}

    # -- gestures ------------------------------------------------------------------------------

    def command(self, user: str, channel: str, text: str, thread_ts: str | None = None
                ) -> tuple[int, str]:
        command, _, rest = text.strip().partition(" ")
        channel_name = (self.slack.channels.get(channel) or {}).get("name") or "directmessage"
        fields = {
            "token": "legacy", "team_id": self.slack.team_id, "team_domain": "sandbox",
            "channel_id": channel, "channel_name": channel_name, "user_id": user,
            "user_name": self._user(user)["name"], "command": command, "text": rest.strip(),
            "api_app_id": APP_ID, "is_enterprise_install": "false",
            "response_url": self.slack.response_url_for(user, channel, thread_ts=thread_ts),
            "trigger_id": self.slack.trigger_for(user)}
        return self._post(urllib.parse.urlencode(fields).encode(),
                          "application/x-www-form-urlencoded")

    def action(self, user: str, where: dict, block_id: str, action_id: str, value: Any,
               raw_state: list[dict]) -> tuple[int, str]:
        """A press or a choice in a message, an ephemeral message, the Home tab or a modal."""
        container, blocks, extra = self._container(user, where)
        found = find_element(blocks, block_id, action_id)
        if found is None:
            return 404, "that button is gone"
        block, element = found
        action = {"type": element["type"], "action_id": action_id,
                  "block_id": block.get("block_id", ""), "action_ts": f"{time.time():.6f}",
                  **element_value(element, value)}
        if element.get("text"):
            action["text"] = element["text"]
        if element.get("style"):
            action["style"] = element["style"]
        payload = {"type": "block_actions", "user": self._user(user), "api_app_id": APP_ID,
                   "token": "legacy", "container": container, "team": self._team(),
                   "enterprise": None, "is_enterprise_install": False,
                   "trigger_id": self.slack.trigger_for(user),
                   "state": {"values": state_values(blocks, raw_state)},
                   "actions": [action], **extra}
        if "view" in payload:
            payload["view"]["state"] = payload.pop("state")
        return self._interaction(payload)

    def _container(self, user: str, where: dict) -> tuple[dict, list[dict], dict]:
        kind = where.get("kind")
        if kind in ("home", "modal"):
            view = (self.slack.home_views.get(user) if kind == "home"
                    else self.slack.top_modal(user)) or {}
            return ({"type": "view", "view_id": view.get("id", "")}, view.get("blocks") or [],
                    {"view": dict(view)})
        channel, ts = where.get("channel", ""), where.get("ts", "")
        ephemeral = kind == "ephemeral"
        if ephemeral:
            message = next((m for m in self.slack.ephemerals if m["message_ts"] == ts), {})
        else:
            message = self.slack.message(channel, ts) or {}
        container = {"type": "message", "message_ts": ts, "channel_id": channel,
                     "is_ephemeral": ephemeral}
        if message.get("thread_ts"):
            container["thread_ts"] = message["thread_ts"]
        extra: dict[str, Any] = {
            "channel": {"id": channel, "name": (self.slack.channels.get(channel) or {}).get(
                "name") or "directmessage"},
            "response_url": self.slack.response_url_for(user, channel, ts, ephemeral,
                                                        message.get("thread_ts"))}
        if not ephemeral:  # Slack leaves the message out for ephemeral ones
            extra["message"] = message
        return container, message.get("blocks") or [], extra

    def submit(self, user: str, raw_state: list[dict]) -> dict:
        """Submit the person's open modal; carry out the bot's response_action."""
        view = self.slack.top_modal(user)
        if view is None:
            return {"ok": False, "error": "no modal open"}
        view["state"] = {"values": state_values(view.get("blocks") or [], raw_state)}
        status, body = self._interaction({
            "type": "view_submission", "team": self._team(), "user": self._user(user),
            "api_app_id": APP_ID, "token": "legacy", "trigger_id": self.slack.trigger_for(user),
            "view": view, "response_urls": [], "is_enterprise_install": False,
            "enterprise": None})
        answer = json.loads(body) if body.strip().startswith("{") else {}
        kind = answer.get("response_action")
        if status != 200:
            return {"ok": False, "error": f"the bot answered HTTP {status}"}
        if kind == "errors":
            self.slack.view_errors[view["id"]] = answer.get("errors") or {}
        elif kind in ("update", "push"):
            self.slack.replace_view(user, view["id"], answer["view"], push=kind == "push")
        else:
            self.slack.close_views(user, all_of_them=kind == "clear")
        return {"ok": True, "response_action": kind}

    def close(self, user: str, raw_state: list[dict]) -> dict:
        view = self.slack.top_modal(user)
        if view is None:
            return {"ok": True}
        self.slack.close_views(user)
        if view.get("notify_on_close"):
            view["state"] = {"values": state_values(view.get("blocks") or [], raw_state)}
            self._interaction({
                "type": "view_closed", "team": self._team(), "user": self._user(user),
                "api_app_id": APP_ID, "token": "legacy", "view": view, "is_cleared": False,
                "is_enterprise_install": False, "enterprise": None})
        return {"ok": True}

    def event(self, event: dict) -> tuple[int, str]:
        number = next(self._events)
        envelope = {
            "token": "legacy", "team_id": self.slack.team_id, "api_app_id": APP_ID,
            "event": {**event, "event_ts": f"{time.time():.6f}"}, "type": "event_callback",
            "event_id": f"Ev0SANDBOX{int(time.time())}{number:04d}",
            "event_time": int(time.time()),
            "authorizations": [{"team_id": self.slack.team_id, "user_id": self.slack.bot_user_id,
                                "is_bot": True}]}
        return self._post(json.dumps(envelope).encode(), "application/json")

    def home_opened(self, user: str) -> tuple[int, str]:
        return self.event({"type": "app_home_opened", "user": user, "channel": "D" + user,
                           "tab": "home"})

    def bot_joined(self, channel: str, inviter: str) -> tuple[int, str]:
        private = (self.slack.channels.get(channel) or {}).get("is_private")
        return self.event({"type": "member_joined_channel", "user": self.slack.bot_user_id,
                           "channel": channel, "channel_type": "G" if private else "C",
                           "team": self.slack.team_id, "inviter": inviter})
