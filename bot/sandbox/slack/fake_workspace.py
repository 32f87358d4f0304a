"""Workspace state and method behaviour for the fake Slack Web API (see fake_slack.py).

WorkspaceModel holds users, channels and messages and answers the users, conversations and chat
methods with plausible data (fake_views_files.py adds views and files). FakeSlack inherits it and
calls `_handle` under its lock after the token, argument, Block Kit and trigger checks, so the
handlers only model the workspace.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

BOT_USER_ID = "UBOT"
BOT_ID = "BBOT"
TEAM_ID = "T1"
TEAM_NAME = "Test"


class SlackError(Exception):
    """A Slack error answer: `{"ok": false, "error": error, **extra}`."""

    def __init__(self, error: str, **extra: Any) -> None:
        super().__init__(error)
        self.error = error
        self.extra = extra


def flag(value: Any) -> bool:
    """A boolean argument: JSON bodies send true, slack_sdk's form bodies send "1"."""
    return value in (True, 1, "1", "true", "True")


class WorkspaceModel:
    """Users, channels and messages of the one fake workspace."""

    _lock: threading.RLock
    base_url: str

    # Web API method -> handler method name; subclasses add theirs.
    HANDLERS: ClassVar[dict[str, str]] = {
        "auth.test": "_auth_test",
        "users.info": "_users_info",
        "users.list": "_users_list",
        "conversations.info": "_conversations_info",
        "conversations.list": "_conversations_list",
        "conversations.members": "_conversations_members",
        "conversations.open": "_conversations_open",
        "conversations.history": "_conversations_history",
        "conversations.replies": "_conversations_replies",
        "chat.postMessage": "_chat_post_message",
        "chat.postEphemeral": "_chat_post_ephemeral",
        "chat.update": "_chat_update",
        "chat.delete": "_chat_delete",
        "chat.scheduleMessage": "_chat_schedule_message",
        "chat.deleteScheduledMessage": "_chat_delete_scheduled_message",
        "chat.getPermalink": "_chat_get_permalink",
    }

    def _init_workspace(self, ts_base: float, wall: Callable[[], float] | None = None) -> None:
        self.users: dict[str, dict] = {}
        self.channels: dict[str, dict] = {}
        self._messages: dict[str, list[dict]] = {}
        self.ephemerals: list[dict] = []
        self.scheduled: list[dict] = []
        self._ids = itertools.count(1)
        self._ts_micros = int(ts_base * 1_000_000)
        self._wall = wall
        self.add_user(BOT_USER_ID, "intervisie", is_bot=True)

    # -- setting up the workspace (called by tests) ------------------------------------------

    def add_user(self, user_id: str, name: str | None = None, *, real_name: str | None = None,
                 tz: str = "Europe/Amsterdam", locale: str = "nl-NL",
                 is_bot: bool = False) -> dict:
        with self._lock:
            name = name or user_id.lower()
            self.users[user_id] = {"id": user_id, "name": name, "real_name": real_name or name,
                                   "tz": tz, "locale": locale, "is_bot": is_bot}
            return self.users[user_id]

    def add_channel(self, channel_id: str, name: str | None = None, *, is_private: bool = False,
                    members: list[str] | tuple[str, ...] = (),
                    bot_is_member: bool = True) -> dict:
        with self._lock:
            self.channels[channel_id] = {
                "id": channel_id, "name": name or channel_id.lower(), "is_private": is_private,
                "is_im": False, "members": list(members), "bot_is_member": bot_is_member}
            return self.channels[channel_id]

    def add_message(self, channel: str, text: str = "", *, user: str = "U_HUMAN",
                    thread_ts: str | None = None, blocks: list | None = None,
                    metadata: dict | None = None) -> str:
        """Put a message from someone else in a channel's history; returns its ts."""
        with self._lock:
            ch = self._channel(channel)
            msg = {"type": "message", "user": user, "text": text}
            if blocks is not None:
                msg["blocks"] = blocks
            if metadata is not None:
                msg["metadata"] = metadata
            return self._store_message(ch["id"], msg, thread_ts)["ts"]

    def messages(self, channel: str, thread_ts: str | None = None) -> list[dict]:
        """Messages in a channel, oldest first (replies included); or one thread's."""
        with self._lock:
            found = [dict(m) for m in self._messages.get(channel, [])]
        if thread_ts is not None:
            found = [m for m in found if thread_ts in (m["ts"], m.get("thread_ts"))]
        return found

    def message(self, channel: str, ts: str) -> dict | None:
        with self._lock:
            msg = self._find(channel, ts)
            return dict(msg) if msg else None

    # -- internals ------------------------------------------------------------------------

    def _new_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids):06d}"

    def _new_ts(self) -> str:
        # Strictly increasing (at least 100 µs apart), shaped like Slack's "1700000000.000100";
        # with a wall clock, never behind it.
        now = int(self._wall() * 1_000_000) if self._wall else 0
        self._ts_micros = max(self._ts_micros + 100, now)
        return f"{self._ts_micros // 1_000_000}.{self._ts_micros % 1_000_000:06d}"

    def _channel(self, ref: str) -> dict:
        """Resolve a channel id, a user id (the bot's DM with them), a DM id or a #name."""
        if ref in self.channels:
            return self.channels[ref]
        if ref.startswith("U") and ref in self.users:
            ref = "D" + ref
        if ref.startswith("D"):
            # DMs between the bot and a person always exist in Slack; conjure them on demand.
            return self.channels.setdefault(ref, {
                "id": ref, "name": None, "is_private": True, "is_im": True, "user": ref[1:],
                "members": [ref[1:]], "bot_is_member": True})
        name = ref.removeprefix("#")
        for ch in self.channels.values():
            if ch["name"] == name:
                return ch
        raise SlackError("channel_not_found")

    def _postable(self, ref: str) -> dict:
        ch = self._channel(ref)
        if not ch["bot_is_member"]:
            raise SlackError("not_in_channel")
        return ch

    def _readable(self, ref: str) -> dict:
        ch = self._channel(ref)
        # A bot can't see private channels it is not in at all.
        if ch["is_private"] and not ch["bot_is_member"]:
            raise SlackError("channel_not_found")
        return ch

    def _find(self, channel: str, ts: str) -> dict | None:
        return next((m for m in self._messages.get(channel, []) if m["ts"] == ts), None)

    def _store_message(self, channel: str, msg: dict, thread_ts: str | None) -> dict:
        msg["ts"] = self._new_ts()
        msg.setdefault("team", TEAM_ID)
        if thread_ts:
            msg["thread_ts"] = thread_ts
            parent = self._find(channel, thread_ts)
            if parent is not None:
                parent["thread_ts"] = thread_ts
                parent["reply_count"] = parent.get("reply_count", 0) + 1
                parent["latest_reply"] = msg["ts"]
        self._messages.setdefault(channel, []).append(msg)
        return msg

    def _bot_message(self, args: dict) -> dict:
        if not any(args.get(k) for k in ("text", "blocks", "attachments", "markdown_text")):
            raise SlackError("no_text")
        msg: dict[str, Any] = {"type": "message", "user": BOT_USER_ID, "bot_id": BOT_ID,
                               "text": args.get("text") or ""}
        for key in ("blocks", "attachments", "markdown_text"):
            if key in args:
                msg[key] = args[key]
        if args.get("metadata") is not None:
            msg["metadata"] = metadata_dict(args["metadata"])
        return msg

    def _handle(self, method: str, args: dict) -> dict | None:
        """The answer's data for a method this model implements, None for a plain ok."""
        name = self.HANDLERS.get(method)
        return getattr(self, name)(args) if name else None

    # -- auth, users, conversations --------------------------------------------------------

    def _auth_test(self, args: dict) -> dict:
        return {"url": "https://test.slack.com/", "team": TEAM_NAME, "user": "intervisie",
                "team_id": TEAM_ID, "user_id": BOT_USER_ID, "bot_id": BOT_ID,
                "is_enterprise_install": False}

    def _user_json(self, user: dict, with_locale: bool) -> dict:
        try:
            offset = ZoneInfo(user["tz"]).utcoffset(datetime.now(UTC))
            tz_offset = int(offset.total_seconds()) if offset else 0
        except (KeyError, ValueError):
            tz_offset = 0
        out = {"id": user["id"], "team_id": TEAM_ID, "name": user["name"],
               "real_name": user["real_name"], "deleted": False, "is_bot": user["is_bot"],
               "tz": user["tz"], "tz_label": user["tz"], "tz_offset": tz_offset,
               "profile": {"real_name": user["real_name"], "display_name": user["name"]}}
        if with_locale:
            out["locale"] = user["locale"]
        return out

    def _users_info(self, args: dict) -> dict:
        user = self.users.get(args["user"])
        if user is None:
            raise SlackError("user_not_found")
        return {"user": self._user_json(user, flag(args.get("include_locale")))}

    def _users_list(self, args: dict) -> dict:
        with_locale = flag(args.get("include_locale"))
        return {"members": [self._user_json(u, with_locale) for u in self.users.values()],
                "response_metadata": {"next_cursor": ""}}

    def _channel_json(self, ch: dict) -> dict:
        out = {"id": ch["id"], "name": ch["name"], "is_channel": not ch["is_private"],
               "is_group": ch["is_private"] and not ch["is_im"], "is_im": ch["is_im"],
               "is_private": ch["is_private"], "is_member": ch["bot_is_member"],
               "is_archived": False, "num_members": len(self._members(ch))}
        if ch["is_im"]:
            out["user"] = ch["user"]
        return out

    def _members(self, ch: dict) -> list[str]:
        members = list(ch["members"])
        if ch["bot_is_member"] and BOT_USER_ID not in members:
            members.append(BOT_USER_ID)
        return members

    def _conversations_info(self, args: dict) -> dict:
        return {"channel": self._channel_json(self._readable(args["channel"]))}

    def _conversations_list(self, args: dict) -> dict:
        visible = [c for c in self.channels.values()
                   if not c["is_im"] and (c["bot_is_member"] or not c["is_private"])]
        return {"channels": [self._channel_json(c) for c in visible],
                "response_metadata": {"next_cursor": ""}}

    def _conversations_members(self, args: dict) -> dict:
        ch = self._readable(args["channel"])
        return {"members": self._members(ch), "response_metadata": {"next_cursor": ""}}

    def _conversations_open(self, args: dict) -> dict:
        if args.get("channel"):
            return {"channel": {"id": self._readable(args["channel"])["id"]}}
        users = [u for u in str(args.get("users") or "").split(",") if u]
        if not users:
            raise SlackError("users_list_not_supplied")
        for user in users:
            if user not in self.users:
                raise SlackError("user_not_found")
        if len(users) == 1:
            ch = self._channel("D" + users[0])
        else:
            # A group DM: one stable id per set of people.
            mpim_id = "G" + "".join(sorted(u.removeprefix("U") for u in users))
            ch = self.channels.setdefault(mpim_id, {
                "id": mpim_id, "name": "mpdm-" + "--".join(sorted(users)), "is_private": True,
                "is_im": False, "members": sorted(users), "bot_is_member": True})
        return {"channel": self._channel_json(ch) if flag(args.get("return_im")) else
                {"id": ch["id"]}}

    def _history_slice(self, msgs: list[dict], args: dict, newest_first: bool) -> dict:
        try:
            oldest = float(args.get("oldest") or 0)
            latest = float(args.get("latest") or "inf")
        except ValueError:
            raise SlackError("invalid_ts_oldest") from None
        if flag(args.get("inclusive")):
            msgs = [m for m in msgs if oldest <= float(m["ts"]) <= latest]
        else:
            msgs = [m for m in msgs if oldest < float(m["ts"]) < latest]
        if newest_first:
            msgs = msgs[::-1]
        start = int(args.get("cursor") or 0)
        limit = int(args.get("limit") or 100)
        page = msgs[start:start + limit]
        more = start + limit < len(msgs)
        keep_metadata = flag(args.get("include_all_metadata"))
        page = [{k: v for k, v in m.items() if keep_metadata or k != "metadata"} for m in page]
        return {"messages": page, "has_more": more,
                "response_metadata": {"next_cursor": str(start + limit) if more else ""}}

    def _conversations_history(self, args: dict) -> dict:
        ch = self._readable(args["channel"])
        if not ch["bot_is_member"]:
            raise SlackError("not_in_channel")
        top = [m for m in self._messages.get(ch["id"], [])
               if m.get("thread_ts") in (None, m["ts"]) or m.get("reply_broadcast")]
        return self._history_slice(top, args, newest_first=True)

    def _conversations_replies(self, args: dict) -> dict:
        ch = self._readable(args["channel"])
        msg = self._find(ch["id"], args["ts"])
        if msg is None:
            raise SlackError("thread_not_found")
        root = msg.get("thread_ts") or msg["ts"]
        thread = [m for m in self._messages[ch["id"]] if root in (m["ts"], m.get("thread_ts"))]
        return self._history_slice(thread, args, newest_first=False)

    # -- chat ---------------------------------------------------------------------------

    def _chat_post_message(self, args: dict) -> dict:
        ch = self._postable(args["channel"])
        msg = self._bot_message(args)
        if flag(args.get("reply_broadcast")):
            msg["reply_broadcast"] = True
        self._store_message(ch["id"], msg, args.get("thread_ts"))
        return {"channel": ch["id"], "ts": msg["ts"], "message": dict(msg)}

    def _chat_post_ephemeral(self, args: dict) -> dict:
        ch = self._postable(args["channel"])
        if not ch["is_im"] and args["user"] not in ch["members"]:
            raise SlackError("user_not_in_channel")
        msg = self._bot_message(args)
        msg.update(channel=ch["id"], target_user=args["user"], message_ts=self._new_ts(),
                   thread_ts=args.get("thread_ts"))
        self.ephemerals.append(msg)
        return {"message_ts": msg["message_ts"]}

    def _own_message(self, args: dict, refusal: str) -> tuple[dict, dict]:
        ch = self._readable(args["channel"])
        msg = self._find(ch["id"], args["ts"])
        if msg is None:
            raise SlackError("message_not_found")
        if msg.get("user") != BOT_USER_ID:
            raise SlackError(refusal)
        return ch, msg

    def _chat_update(self, args: dict) -> dict:
        ch, msg = self._own_message(args, "cant_update_message")
        for key in ("text", "blocks", "attachments", "markdown_text"):
            if key in args:
                msg[key] = args[key]
        if args.get("metadata") is not None:
            msg["metadata"] = metadata_dict(args["metadata"])
        msg["edited"] = {"user": BOT_USER_ID, "ts": self._new_ts()}
        return {"channel": ch["id"], "ts": msg["ts"], "text": msg.get("text", ""),
                "message": dict(msg)}

    def _chat_delete(self, args: dict) -> dict:
        ch, msg = self._own_message(args, "cant_delete_message")
        self._messages[ch["id"]].remove(msg)
        parent = self._find(ch["id"], msg.get("thread_ts") or "")
        if parent is not None and parent is not msg:
            parent["reply_count"] = parent.get("reply_count", 1) - 1
        return {"channel": ch["id"], "ts": msg["ts"]}

    def _chat_schedule_message(self, args: dict) -> dict:
        ch = self._postable(args["channel"])
        msg = self._bot_message(args)
        try:
            post_at = int(args["post_at"])
        except (TypeError, ValueError):
            raise SlackError("invalid_time") from None
        entry = {"id": self._new_id("Q"), "channel": ch["id"], "post_at": post_at,
                 "thread_ts": args.get("thread_ts"), "message": msg}
        self.scheduled.append(entry)
        return {"channel": ch["id"], "scheduled_message_id": entry["id"], "post_at": post_at,
                "message": dict(msg)}

    def _chat_delete_scheduled_message(self, args: dict) -> dict:
        for entry in self.scheduled:
            if entry["id"] == args["scheduled_message_id"]:
                self.scheduled.remove(entry)
                return {}
        raise SlackError("invalid_scheduled_message_id")

    def _chat_get_permalink(self, args: dict) -> dict:
        ch = self._readable(args["channel"])
        if self._find(ch["id"], args["message_ts"]) is None:
            raise SlackError("message_not_found")
        link = f"https://test.slack.com/archives/{ch['id']}/p{args['message_ts'].replace('.', '')}"
        return {"channel": ch["id"], "permalink": link}


def metadata_dict(value: Any) -> dict:
    if (not isinstance(value, dict) or not isinstance(value.get("event_type"), str)
            or not isinstance(value.get("event_payload"), dict)):
        raise SlackError("invalid_metadata_format")
    return value
