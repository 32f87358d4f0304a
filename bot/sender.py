"""Sending one outbox row to Slack's Web API: post, DM, redraw, delete, Home tab, file, a
post for the group only and a redaction (bot/confidential.py), a pin (bot/pins.py), the logbook
canvas (bot/canvas_effects.py), a chart file (bot/file_effects.py).

A keyed message is reserved in `sent_messages` before it is sent and marked with Slack's `ts`
after, so a cause never sends twice. When a reservation exists but was never marked (the bot
stopped between Slack accepting and our commit), the conversation's recent history is searched
for the key, which travels in the message's metadata — an opaque id, never case content.

Errors are raised to the deliverer, which decides between trying again and giving up.
"""

from __future__ import annotations

import base64
import logging
import threading
from typing import Any

from slack_sdk.errors import SlackApiError

from bot import confidential, pins
from bot.canvas_effects import draw_canvas
from bot.clients import Clients, NotInstalled, TeamVoice
from bot.clock import Clock
from bot.file_effects import document_from, send_direct_file
from flows.effects import DirectFile, Pin, Redact
from storage.outbox import Reservation
from storage.repositories import Store

log = logging.getLogger(__name__)
METADATA_TYPE = "intervisie_message"
HISTORY_SEARCHED = 100


class Sender(TeamVoice):
    """Speaks for the workspace of each row (TeamVoice): `client` is that team's while the
    row is sent."""

    def __init__(self, clients: Clients, store: Store, clock: Clock) -> None:
        super().__init__(clients)
        self.store = store
        self.clock = clock
        # Redraws of one message are sent one at a time, so an older drawing can never
        # overtake a newer one between the revision check and chat.update.
        self._drawing = threading.Lock()

    def perform(self, payload: dict[str, Any]) -> str | None:
        """Carry out one row; returns the channel it went to (for pacing), if any."""
        if "team" not in payload:  # a part of the row being sent (a group-only post's DMs)
            return self._perform(payload)
        try:
            with self.speaking_for(payload["team"]):
                return self._perform(payload)
        except NotInstalled as error:  # the workspace left: its messages go nowhere
            log.warning("outbox %s dropped: %s", payload["op"], error)
            return None

    def _perform(self, payload: dict[str, Any]) -> str | None:
        op = payload["op"]
        if op == "post":
            thread_ts = payload.get("thread_ts")
            if payload.get("thread_key"):
                thread_ts = self._ts_of(payload["thread_key"])
            self._send(payload["channel"], payload, thread_ts)
            return payload["channel"]
        if op == "dm":
            channel = self.dm_channel(payload["user"])
            self._send(channel, payload)
            return channel
        if op == "update":
            return self._redraw(payload["key"], payload, payload["revision"])
        if op == "delete":
            return self._delete(payload["key"])
        if op == "home":
            self.client.views_publish(user_id=payload["user"],
                                      view={"type": "home", "blocks": payload["blocks"]})
            return None
        if op == "group_only":
            return confidential.deliver_to_group_only(self, payload)
        if op == "canvas":
            return draw_canvas(self, payload)
        if op == "direct_file":
            return send_direct_file(self, DirectFile(payload["user"], document_from(
                payload["document"]), payload["key"]))
        if op == "redact":
            confidential.redact(self, Redact(tuple(payload["keys"]), tuple(payload["words"]),
                                             payload["language"]))
            return None
        if op == "pin":
            pins.pin(self, Pin(payload["key"], payload.get("replaces")))
            return None
        if op == "file":
            channel = self.dm_channel(payload["user"])
            self.client.files_upload_v2(channel=channel, filename=payload["filename"],
                                        title=payload["title"],
                                        content=base64.b64decode(payload["content"]),
                                        initial_comment=payload["comment"])
            return channel
        raise ValueError(f"unknown outbox operation {op!r}")

    def dm_channel(self, user: str) -> str:
        return self.client.conversations_open(users=user)["channel"]["id"]

    def _send(self, channel: str, payload: dict[str, Any], thread_ts: str | None = None
              ) -> None:
        key = payload["key"]
        with self.store.unit_of_work() as work:
            reservation = work.outbox.reserve(key, self.clock.now())
        if reservation is Reservation.SENT:
            log.info("message %s was sent before; not again", key)
            return
        found = self._found_in(channel, key, thread_ts) if (
            reservation is Reservation.UNSURE) else None
        if found is not None:  # Slack took it, we stopped before marking it: mark it now
            log.info("message %s was sent before; not again", key)
            with self.store.unit_of_work() as work:
                work.outbox.mark_sent(key, self.clock.now(), channel, found)
            return
        try:
            answer = self.client.chat_postMessage(
                channel=channel, text=payload["text"], blocks=payload["blocks"],
                thread_ts=thread_ts,
                metadata={"event_type": METADATA_TYPE, "event_payload": {"key": key}})
        except SlackApiError:
            with self.store.unit_of_work() as work:
                work.outbox.release(key)
            raise
        with self.store.unit_of_work() as work:
            work.outbox.mark_sent(key, self.clock.now(), answer.get("channel"), answer.get("ts"))

    def _delete(self, key: str) -> str | None:
        with self.store.unit_of_work() as work:
            found = work.outbox.where(key)
        if found is not None:
            try:
                self.client.chat_delete(channel=found[0], ts=found[1])
            except SlackApiError as error:
                if error.response.get("error") != "message_not_found":
                    raise
        with self.store.unit_of_work() as work:
            work.outbox.deleted(key)
        return found[0] if found else None

    def _ts_of(self, key: str) -> str:
        with self.store.unit_of_work() as work:
            found = work.outbox.where(key)
        if found is None:
            raise LookupError(f"message {key} was never sent")
        return found[1]

    def _redraw(self, key: str, payload: dict[str, Any], revision: int) -> str | None:
        with self._drawing:
            with self.store.unit_of_work() as work:
                found = work.outbox.where(key)
                newer = work.outbox.newer_than_drawn(key, revision)
            if found is None or not newer:
                log.info("message %s: nothing to redraw (revision %s)", key, revision)
                return None
            channel, ts = found
            self.client.chat_update(channel=channel, ts=ts, text=payload["text"],
                                    blocks=payload["blocks"])
            with self.store.unit_of_work() as work:
                work.outbox.drawn(key, revision)
            return channel

    def _found_in(self, channel: str, key: str, thread_ts: str | None) -> str | None:
        """The ts of the message with this key in the conversation's recent history."""
        if thread_ts:  # a reply is not in the channel's history, only in its thread's
            history = self.client.conversations_replies(
                channel=channel, ts=thread_ts, limit=HISTORY_SEARCHED, include_all_metadata=True)
        else:
            history = self.client.conversations_history(
                channel=channel, limit=HISTORY_SEARCHED, include_all_metadata=True)
        for message in history.get("messages", []):
            metadata = message.get("metadata") or {}
            if metadata.get("event_type") == METADATA_TYPE and (
                    metadata.get("event_payload") or {}).get("key") == key:
                return message.get("ts")
        return None
