"""Confidentiality in Slack: a shared case goes into the group's channel only when everyone
in it is in the group, and a forgotten person's words are taken out of the bot's messages.

Called by the Sender for the `PostToGroupOnly` and `Redact` outbox rows; the words to redact
are never logged.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from slack_sdk.errors import SlackApiError

from bot.render.messages import render_message
from bot.render.slack_text import escape, mentions
from flows.effects import Message, Redact
from flows.texts import render, t

if TYPE_CHECKING:
    from bot.sender import Sender

log = logging.getLogger(__name__)


def redact(runner: Sender, effect: Redact) -> None:
    """Read each message back and replace the words in it (raw and as mrkdwn-escaped)."""
    note = render(effect.language, "rights.redacted")
    pairs = [(word, note) for word in effect.words]
    pairs += [(escape(word), note) for word in effect.words if escape(word) != word]
    pairs.sort(key=lambda pair: len(pair[0]), reverse=True)
    for key in effect.keys:
        with runner.store.unit_of_work() as work:
            found = work.outbox.where(key)
        if found is None:
            continue
        channel, ts = found
        answer = runner.client.conversations_replies(channel=channel, ts=ts, oldest=ts,
                                                     inclusive=True, limit=2)
        message = next((m for m in answer.get("messages", []) if m.get("ts") == ts), None)
        if message is None:
            continue
        text, blocks = (_replaced(message.get(part), pairs) for part in ("text", "blocks"))
        if (text, blocks) != (message.get("text"), message.get("blocks")):
            runner.client.chat_update(channel=channel, ts=ts, text=text or note, blocks=blocks)


def deliver_to_group_only(sender: Sender, payload: dict) -> str | None:
    """An outbox row of a `PostToGroupOnly`: the post in the channel when everyone there is in
    the group, otherwise the same by DM to each member and a note to the coordinators naming
    who is in the channel but not in the group. Each message keeps its own key, so a retry
    after a failure half-way sends nothing twice."""
    post = payload["post"]
    outsiders = _outsiders(sender, post["channel"], frozenset(payload["readers"]))
    if outsiders is not None and not outsiders:
        return sender.perform(post)
    for message in payload["instead"]:
        sender.perform(message)
    if outsiders:
        text, blocks = render_message(Message("text", payload["language"], {"text": t(
            "rights.outsiders", people=mentions(outsiders))}))
        for coordinator in payload["coordinators"]:
            sender.perform({"op": "dm", "user": coordinator, "text": text, "blocks": blocks,
                            "key": f"{post['key']}:outsiders:{coordinator}"})
    return None


def _outsiders(sender: Sender, channel: str, readers: frozenset[str]) -> list[str] | None:
    """Who is in the channel but not among `readers`; None when Slack would not say."""
    from bot.effects import RETRYABLE  # bot.effects imports this module

    members: list[str] = []
    try:
        for page in sender.client.conversations_members(channel=channel, limit=200):
            members += page.get("members", [])
    except SlackApiError as error:
        if error.response.get("error") in RETRYABLE:
            raise
        log.warning("conversations.members refused: %s; sharing by DM",
                    error.response.get("error"))
        return None
    return [member for member in members
            if member not in readers and member != _bot_user_id(sender)]


def _bot_user_id(sender: Sender) -> str:
    if sender.bot_user is None:
        sender.bot_user = sender.client.auth_test().get("user_id") or ""
    return sender.bot_user


def _replaced(value, pairs: list[tuple[str, str]]):
    """`value` (a message's text or blocks) with every word of `pairs` replaced."""
    if isinstance(value, str):
        for word, note in pairs:
            value = value.replace(word, note)
        return value
    if isinstance(value, list):
        return [_replaced(item, pairs) for item in value]
    if isinstance(value, dict):
        return {key: item if key in ("type", "action_id", "block_id", "value", "url")
                else _replaced(item, pairs) for key, item in value.items()}
    return value
