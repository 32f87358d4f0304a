"""Carrying out flows' effects against Slack's Web API.

Private answers go through the command's `response_url` when there is one (it works even
where the bot is not in the channel), else as an ephemeral message, else as a DM.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot.render.forms import render_form
from bot.render.messages import render_message
from flows.effects import (
    DirectMessage,
    Effect,
    FormErrors,
    Message,
    OpenForm,
    Post,
    PublishHome,
    Reject,
    Reply,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Actor:
    """Who acted, where, and the handles Slack gave us to answer them privately."""

    user_id: str
    team_id: str
    channel_id: str | None = None
    trigger_id: str | None = None
    response_url: str | None = None


class EffectRunner:
    def __init__(self, client: WebClient) -> None:
        self.client = client

    def run(self, effects: Iterable[Effect], actor: Actor | None = None) -> None:
        for effect in effects:
            try:
                self._run(effect, actor)
            except SlackApiError as error:
                # One failed effect must not stop the others; the cause is in the log.
                log.error("Slack refused %s: %s", type(effect).__name__,
                          error.response.get("error"))

    def _run(self, effect: Effect, actor: Actor | None) -> None:
        match effect:
            case Post(channel=channel, message=message, thread_ts=thread_ts):
                text, blocks = render_message(message)
                self.client.chat_postMessage(channel=channel, text=text, blocks=blocks,
                                             thread_ts=thread_ts)
            case DirectMessage(user=user, message=message):
                self._direct(user, message)
            case Reply(message=message):
                self._private(message, actor)
            case Reject(text=text, language=language):
                self._private(Message("text", language, {"text": text}), actor)
            case OpenForm():
                if actor is None or not actor.trigger_id:
                    raise ValueError("a form can only open in answer to someone's action")
                self.client.views_open(trigger_id=actor.trigger_id, view=render_form(effect))
            case PublishHome(user=user, message=message):
                _, blocks = render_message(message)
                self.client.views_publish(user_id=user, view={"type": "home", "blocks": blocks})
            case FormErrors():
                raise ValueError("form errors belong in the acknowledgement, not afterwards")

    def _direct(self, user: str, message: Message) -> None:
        text, blocks = render_message(message)
        channel = self.client.conversations_open(users=user)["channel"]["id"]
        self.client.chat_postMessage(channel=channel, text=text, blocks=blocks)

    def _private(self, message: Message, actor: Actor | None) -> None:
        if actor is None:
            raise ValueError("a private answer needs someone who acted")
        text, blocks = render_message(message)
        if actor.response_url:
            WebhookClient(actor.response_url).send(text=text, blocks=blocks,
                                                   response_type="ephemeral")
            return
        if actor.channel_id and not actor.channel_id.startswith("D"):
            try:
                self.client.chat_postEphemeral(channel=actor.channel_id, user=actor.user_id,
                                               text=text, blocks=blocks)
                return
            except SlackApiError as error:
                log.info("ephemeral failed (%s); sending a DM", error.response.get("error"))
        self._direct(actor.user_id, message)
