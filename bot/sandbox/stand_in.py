"""The Slack stand-in as the sandbox uses it: the tests' fake Web API plus what a Slack client
shows people — whose modal is open (a trigger id belongs to the person who acted), and what
the bot posted to a `response_url` (replacing, deleting, or adding a message only they see).
"""

from __future__ import annotations

from typing import Any

from bot.sandbox.slack.fake_slack import FakeSlack
from bot.sandbox.slack.fake_workspace import BOT_ID, BOT_USER_ID


class SandboxSlack(FakeSlack):
    def __init__(self, clock: Any) -> None:
        super().__init__(clock=clock)
        self.clock = clock
        self.trigger_users: dict[str, str] = {}
        self.modals: dict[str, list[str]] = {}  # user -> stack of open view ids, top last
        self.view_errors: dict[str, dict[str, str]] = {}
        self._targets: dict[int, dict] = {}

    # -- what the page hands out ---------------------------------------------------------------

    def trigger_for(self, user: str) -> str:
        trigger = self.new_trigger_id()
        with self._lock:
            self.trigger_users[trigger] = user
        return trigger

    def response_url_for(self, user: str, channel: str, message_ts: str | None = None,
                         ephemeral: bool = False, thread_ts: str | None = None) -> str:
        url = self.new_response_url()
        with self._lock:
            self._targets[int(url.rsplit("/", 1)[1])] = {
                "user": user, "channel": channel, "ts": message_ts, "ephemeral": ephemeral,
                "thread_ts": thread_ts}
        return url

    def top_modal(self, user: str) -> dict | None:
        with self._lock:
            stack = self.modals.get(user) or []
            return dict(self.views[stack[-1]]) if stack else None

    def replace_view(self, user: str, view_id: str, view: dict, push: bool = False) -> None:
        """A view_submission answered `update` or `push`."""
        with self._lock:
            record = self._view_record(view, None if push else view_id)
            self.views[record["id"]] = record
            stack = self.modals.setdefault(user, [])
            if push:
                stack.append(record["id"])
            self.view_errors.pop(view_id, None)

    def close_views(self, user: str, all_of_them: bool = False) -> None:
        with self._lock:
            stack = self.modals.get(user) or []
            if stack:
                self.view_errors.pop(stack[-1], None)
                del stack[-1 if not all_of_them else 0:]

    def post_as(self, user: str, channel: str, text: str, thread_ts: str | None = None) -> str:
        """Someone types a plain message (the bot does not read these; it is for the look)."""
        return self.add_message(channel, text, user=user, thread_ts=thread_ts)

    # -- hooks into the fake -------------------------------------------------------------------

    def _handle(self, method: str, args: dict) -> dict | None:
        data = super()._handle(method, args)
        if method in ("views.open", "views.push") and data:
            user = self.trigger_users.get(args.get("trigger_id") or "")
            if user:
                stack = self.modals.setdefault(user, [])
                if method == "views.open":
                    stack.clear()
                stack.append(data["view"]["id"])
        return data

    def _respond(self, number: int, payload: Any, path: str) -> tuple[int, dict]:
        status, body = super()._respond(number, payload, path)
        target = self._targets.get(number)
        if status == 200 and target and isinstance(payload, dict):
            with self._lock:
                self._apply_response(target, payload)
        return status, body

    def _apply_response(self, target: dict, payload: dict) -> None:
        original = self._original(target)
        if _flag(payload.get("delete_original")):
            if original is not None:
                self._drop(target, original)
            return
        content = {key: payload[key] for key in ("text", "blocks") if key in payload}
        if _flag(payload.get("replace_original")) and original is not None:
            original.pop("blocks", None)
            original.update(content)
            return
        message: dict[str, Any] = {"type": "message", "user": BOT_USER_ID, "bot_id": BOT_ID,
                                   "text": "", **content}
        thread_ts = payload.get("thread_ts") or target["thread_ts"]
        if payload.get("response_type") == "in_channel":
            self._store_message(self._channel(target["channel"])["id"], message, thread_ts)
            return
        message.update(channel=target["channel"], target_user=target["user"],
                       message_ts=self._new_ts(), thread_ts=thread_ts)
        self.ephemerals.append(message)

    def _original(self, target: dict) -> dict | None:
        if not target["ts"]:
            return None
        if target["ephemeral"]:
            return next((m for m in self.ephemerals if m["message_ts"] == target["ts"]), None)
        return self._find(target["channel"], target["ts"])

    def _drop(self, target: dict, message: dict) -> None:
        if target["ephemeral"]:
            self.ephemerals.remove(message)
        else:
            self._messages[target["channel"]].remove(message)


def _flag(value: Any) -> bool:
    return value in (True, "true", "True", 1, "1")
