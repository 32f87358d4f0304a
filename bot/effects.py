"""Carrying out flows' effects against Slack's Web API.

Keyed messages go through the outbox: reserved before sending, marked after, so a cause
never sends twice. When a reservation exists but was never marked (the bot stopped between
Slack accepting and our commit), the conversation's recent history is searched for the key,
which travels in the message's metadata — an opaque id, never case content.

Private answers go through the command's `response_url` when there is one (it works even
where the bot is not in the channel), else as an ephemeral message, else as a DM.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot import confidential, pins
from bot.canvas_effects import draw_canvas
from bot.clients import Clients, NotInstalled, SingleToken
from bot.clock import Clock
from bot.file_effects import send_direct_file
from bot.render.forms import render_form
from bot.render.messages import render_message
from flows.effects import (
    Delete,
    DirectFile,
    DirectMessage,
    DrawCanvas,
    Effect,
    FormErrors,
    Message,
    OpenForm,
    Pin,
    Post,
    PostToGroupOnly,
    PublishHome,
    Redact,
    Reject,
    Reply,
    SendFile,
    Update,
    UpdateOrigin,
)
from storage.outbox import Reservation
from storage.repositories import Store

log = logging.getLogger(__name__)
METADATA_TYPE = "intervisie_message"
HISTORY_SEARCHED = 100
# Worth another attempt later; anything else (not_in_channel, …) would fail the same way.
RETRYABLE = {"ratelimited", "internal_error", "fatal_error", "service_unavailable",
             "request_timeout"}


@dataclass(frozen=True)
class Actor:
    """Who acted, where, and the handles Slack gave us to answer them privately."""

    user_id: str
    team_id: str
    channel_id: str | None = None
    trigger_id: str | None = None
    response_url: str | None = None
    message_ts: str | None = None  # the message whose button was pressed


class EffectRunner:
    def __init__(self, client: WebClient, store: Store, clock: Clock,
                 clients: Clients | None = None) -> None:
        self.store = store
        self.clock = clock
        # The one lookup of a workspace's client (bot/clients.py): effects are sent with the
        # token of the team they belong to; `client` is that client while `run` runs.
        self.clients: Clients = clients or SingleToken(client)
        self._speaking = threading.local()
        # Redraws of one message are sent one at a time, so an older drawing can never
        # overtake a newer one between the revision check and chat.update.
        self._drawing = threading.Lock()
        self._bot_users: dict[str | None, str] = {}  # our own user id per team (auth.test)

    @property
    def client(self) -> WebClient:
        return getattr(self._speaking, "client", None) or self.clients.client_for(None)

    @property
    def bot_user(self) -> str | None:
        return self._bot_users.get(getattr(self._speaking, "team", None))

    @bot_user.setter
    def bot_user(self, user_id: str) -> None:
        self._bot_users[getattr(self._speaking, "team", None)] = user_id

    def run(self, effects: Iterable[Effect], actor: Actor | None = None,
            team_id: str | None = None) -> bool:
        """Carry out every effect for the workspace `team_id` (or the actor's); False when one
        failed in a way worth trying again."""
        team = team_id or (actor.team_id if actor else None)
        before = (getattr(self._speaking, "team", None), getattr(self._speaking, "client", None))
        try:
            client = self.clients.client_for(team)
        except NotInstalled as error:
            log.warning("nothing sent: %s", error)
            return True  # the workspace is gone; its due actions were stopped with it
        self._speaking.team, self._speaking.client = team, client
        try:
            return self._run_all(effects, actor)
        finally:
            self._speaking.team, self._speaking.client = before

    def _run_all(self, effects: Iterable[Effect], actor: Actor | None) -> bool:
        complete = True
        for effect in effects:
            try:
                self._run(effect, actor)
            except SlackApiError as error:
                # One refused effect must not stop the others; the cause is in the log.
                reason = error.response.get("error")
                log.error("Slack refused %s: %s", type(effect).__name__, reason)
                complete = complete and reason not in RETRYABLE
            except OSError as error:
                log.error("Slack could not be reached for %s: %s", type(effect).__name__, error)
                complete = False
            except LookupError as error:
                # The thread's opening never went out (Slack refused it): nothing to add to.
                log.error("%s not sent: %s", type(effect).__name__, error)
        return complete

    def run_one(self, effect: Effect, actor: Actor | None) -> None:
        """One effect; Slack's refusals are raised (used by bot.confidential)."""
        self._run(effect, actor)

    def _run(self, effect: Effect, actor: Actor | None) -> None:
        match effect:
            case Post(channel=channel, message=message, key=key, thread_ts=thread_ts,
                      thread_key=thread_key):
                if thread_key is not None:
                    thread_ts = self._ts_of(thread_key)
                self._send(channel, message, key, thread_ts)
            case Update(key=key, message=message, revision=revision):
                self._redraw(key, message, revision)
            case Delete(key=key):
                self._delete(key)
            case DirectMessage(user=user, message=message, key=key):
                self._send(self._dm_channel(user), message, key)
            case Reply(message=message):
                self._private(message, actor)
            case Reject(text=text, language=language):
                self._private(Message("text", language, {"text": text}), actor)
            case OpenForm():
                if actor is None or not actor.trigger_id:
                    raise ValueError("a form can only open in answer to someone's action")
                self.client.views_open(trigger_id=actor.trigger_id, view=render_form(effect))
            case UpdateOrigin(message=message):
                self._update_origin(message, actor)
            case SendFile():
                if actor is None:
                    raise ValueError("a file goes to someone who asked for it")
                comment, _ = render_message(effect.comment)
                self.client.files_upload_v2(channel=self._dm_channel(actor.user_id),
                                            filename=effect.filename, title=effect.title,
                                            content=effect.content, initial_comment=comment)
            case PublishHome(user=user, message=message):
                _, blocks = render_message(message)
                self.client.views_publish(user_id=user, view={"type": "home", "blocks": blocks})
            case PostToGroupOnly():
                confidential.post_to_group_only(self, effect, actor)
            case Redact():
                confidential.redact(self, effect)
            case DrawCanvas():
                draw_canvas(self, effect)
            case DirectFile():
                send_direct_file(self, effect)
            case Pin():
                pins.pin(self, effect)
            case FormErrors():
                raise ValueError("form errors belong in the acknowledgement, not afterwards")

    def _dm_channel(self, user: str) -> str:
        return self.client.conversations_open(users=user)["channel"]["id"]

    def _send(self, channel: str, message: Message, key: str | None,
              thread_ts: str | None = None) -> None:
        text, blocks = render_message(message)
        if key is None:
            self.client.chat_postMessage(channel=channel, text=text, blocks=blocks,
                                         thread_ts=thread_ts)
            return
        with self.store.unit_of_work() as work:
            reservation = work.outbox.reserve(key, self.clock.now())
        if reservation is Reservation.SENT or (
                reservation is Reservation.UNSURE and self._already_in(channel, key, thread_ts)):
            log.info("message %s was sent before; not again", key)
            return
        try:
            answer = self.client.chat_postMessage(
                channel=channel, text=text, blocks=blocks, thread_ts=thread_ts,
                metadata={"event_type": METADATA_TYPE, "event_payload": {"key": key}})
        except SlackApiError:
            with self.store.unit_of_work() as work:
                work.outbox.release(key)
            raise
        with self.store.unit_of_work() as work:
            work.outbox.mark_sent(key, self.clock.now(), answer.get("channel"), answer.get("ts"))

    def _delete(self, key: str) -> None:
        with self.store.unit_of_work() as work:
            found = work.outbox.where(key)
        if found is not None:
            try:
                self.client.chat_delete(channel=found[0], ts=found[1])
            except SlackApiError as error:
                if error.response.get("error") != "message_not_found":
                    raise  # tried again at the next housekeeping
        with self.store.unit_of_work() as work:
            work.outbox.deleted(key)

    def _ts_of(self, key: str) -> str:
        with self.store.unit_of_work() as work:
            found = work.outbox.where(key)
        if found is None:
            raise LookupError(f"message {key} was never sent")
        return found[1]

    def _redraw(self, key: str, message: Message, revision: int) -> None:
        text, blocks = render_message(message)
        with self._drawing:
            with self.store.unit_of_work() as work:
                found = work.outbox.where(key)
                newer = work.outbox.newer_than_drawn(key, revision)
            if found is None or not newer:
                log.info("message %s: nothing to redraw (revision %s)", key, revision)
                return
            channel, ts = found
            self.client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)
            with self.store.unit_of_work() as work:
                work.outbox.drawn(key, revision)

    def _already_in(self, channel: str, key: str, thread_ts: str | None) -> bool:
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
                return True
        return False

    def _update_origin(self, message: Message, actor: Actor | None) -> None:
        text, blocks = render_message(message)
        if actor and actor.response_url:
            WebhookClient(actor.response_url).send(text=text, blocks=blocks,
                                                   replace_original=True)
        elif actor and actor.channel_id and actor.message_ts:
            self.client.chat_update(channel=actor.channel_id, ts=actor.message_ts, text=text,
                                    blocks=blocks)
        else:  # a press on the Home tab: the listener publishes the tab again instead
            log.info("nothing to update: the press came without its message")

    def _private(self, message: Message, actor: Actor | None) -> None:
        if actor is None:
            raise ValueError("a private answer needs someone who acted")
        text, blocks = render_message(message)
        if actor.response_url:
            WebhookClient(actor.response_url).send(text=text, blocks=blocks,
                                                   response_type="ephemeral",
                                                   replace_original=False)
            return
        if actor.channel_id and not actor.channel_id.startswith("D"):
            try:
                self.client.chat_postEphemeral(channel=actor.channel_id, user=actor.user_id,
                                               text=text, blocks=blocks)
                return
            except SlackApiError as error:
                log.info("ephemeral failed (%s); sending a DM", error.response.get("error"))
        self._send(self._dm_channel(actor.user_id), message, None)

