"""Carrying out the effects that answer the person who acted, at once.

Message effects (posts, DMs, redraws, deletions, Home tabs, files, pins, the logbook canvas,
redactions) go through the outbox (bot/outbox_writer.py, bot/deliverer.py); what remains here
must happen within the trigger's 3 seconds or concerns only the presser: a private answer or
refusal, a modal, the pressed message's new state.

Private answers go through the command's `response_url` when there is one (it works even
where the bot is not in the channel), else as an ephemeral message, else as a DM.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot.clients import Clients, NotInstalled, TeamVoice
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

log = logging.getLogger(__name__)
# What goes through the outbox (bot/outbox_writer.py queues exactly these).
MESSAGES = (Post, DirectMessage, Update, Delete, PublishHome, SendFile, PostToGroupOnly, Pin,
            Redact, DrawCanvas, DirectFile)
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


class EffectRunner(TeamVoice):
    """Speaks for the workspace of what it carries out (TeamVoice): `client` is that team's."""

    def __init__(self, clients: Clients) -> None:
        super().__init__(clients)
        # Set by the composition root: queues message effects that reach this runner (they
        # belong in the outbox; the runtime queues them with the state change).
        self.enqueue: Callable[..., None] | None = None

    def run(self, effects: Iterable[Effect], actor: Actor | None = None,
            team_id: str | None = None) -> bool:
        """Carry out every effect for the workspace `team_id` (or the actor's); False when one
        failed in a way worth trying again."""
        try:
            with self.speaking_for(team_id or (actor.team_id if actor else None)):
                return self._run_all(effects, actor)
        except NotInstalled as error:
            log.warning("nothing sent: %s", error)
            return True  # the workspace is gone; its due actions were stopped with it

    def _run_all(self, effects: Iterable[Effect], actor: Actor | None) -> bool:
        complete = True
        queued: list[Effect] = []
        for effect in effects:
            if isinstance(effect, MESSAGES):
                queued.append(effect)
                continue
            if not isinstance(effect, (Reply, Reject, OpenForm, UpdateOrigin, FormErrors)):
                log.error("no way to carry out %s", type(effect).__name__)
                continue
            try:
                self._run(effect, actor)
            except SlackApiError as error:
                # One refused effect must not stop the others; the cause is in the log.
                reason = error.response.get("error")
                log.error("Slack refused %s: %s", type(effect).__name__, reason)
                complete = complete and reason not in RETRYABLE
            except (OSError, ValueError, LookupError) as error:
                log.error("%s not done: %s", type(effect).__name__, error)
                complete = False
        if queued:
            if self.enqueue is None:
                raise RuntimeError("message effects need the outbox")
            self.enqueue(tuple(queued), actor, self.team)
        return complete

    def run_one(self, effect: Effect, actor: Actor | None) -> None:
        """One effect, a message one queued; Slack's refusals are raised (bot.confidential)."""
        if isinstance(effect, MESSAGES):
            if self.enqueue is None:
                raise RuntimeError("message effects need the outbox")
            self.enqueue((effect,), actor, self.team)
        else:
            self._run(effect, actor)

    def _run(self, effect: Effect, actor: Actor | None) -> None:
        match effect:
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
            case FormErrors():
                raise ValueError("form errors belong in the acknowledgement, not afterwards")

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
        channel = self.client.conversations_open(users=actor.user_id)["channel"]["id"]
        self.client.chat_postMessage(channel=channel, text=text, blocks=blocks)
