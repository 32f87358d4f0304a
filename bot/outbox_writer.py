"""Message effects into outbox rows, inside the transaction that decided them.

Everything that changes what the group sees (posts, thread replies, DMs, redraws, deletions,
Home tabs, files) is rendered here and queued; what answers the person who acted within their
trigger's 3 seconds (an ephemeral answer or refusal, a modal, the pressed message's new state,
field errors) is handed back to be done at once.

Each row has a key. A keyed effect keeps its key (the same cause queues once, and the key
travels in the message's metadata); an unkeyed post gets a fresh one, so a crash between
Slack's accept and our mark is still caught by the history look-up.
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from bot.effects import MESSAGES, Actor
from bot.file_effects import document_data
from bot.render.canvas import render_canvas
from bot.render.messages import render_message
from flows.effects import (
    Delete,
    DirectFile,
    DirectMessage,
    DrawCanvas,
    Effect,
    FormErrors,
    Pin,
    Post,
    PostToGroupOnly,
    PublishHome,
    Redact,
    SendFile,
    Update,
)
from storage.repositories import UnitOfWork

QUEUED = MESSAGES


def dm_conversation(user: str) -> str:
    return f"dm:{user}"


def _fresh(prefix: str) -> str:
    return f"{prefix}:{uuid.uuid4().hex}"


def _conversation_of_message(work: UnitOfWork, key: str) -> str:
    """Where a keyed message is, so its redraw or deletion queues behind it."""
    queued = work.queue.conversation_of(key)
    if queued is not None:
        return queued
    found = work.outbox.where(key)
    return found[0] if found else f"message:{key}"


def row_of(work: UnitOfWork, effect: Effect, actor: Actor | None
           ) -> tuple[str, str, dict[str, Any]]:
    """(key, conversation, payload) of a queued effect."""
    match effect:
        case Post(channel=channel, message=message, key=key, thread_ts=thread_ts,
                  thread_key=thread_key):
            text, blocks = render_message(message)
            key = key or _fresh("post")
            return key, channel, {"op": "post", "channel": channel, "key": key, "text": text,
                                  "blocks": blocks, "thread_ts": thread_ts,
                                  "thread_key": thread_key}
        case DirectMessage(user=user, message=message, key=key):
            text, blocks = render_message(message)
            key = key or _fresh("dm")
            return key, dm_conversation(user), {"op": "dm", "user": user, "key": key,
                                                "text": text, "blocks": blocks}
        case Update(key=key, message=message, revision=revision):
            text, blocks = render_message(message)
            return (f"update:{key}:{revision}", _conversation_of_message(work, key),
                    {"op": "update", "key": key, "revision": revision, "text": text,
                     "blocks": blocks})
        case Delete(key=key):
            return f"delete:{key}", _conversation_of_message(work, key), {"op": "delete",
                                                                          "key": key}
        case PublishHome(user=user, message=message):
            _, blocks = render_message(message)
            return _fresh("home"), f"home:{user}", {"op": "home", "user": user,
                                                    "blocks": blocks}
        case SendFile():
            if actor is None:
                raise ValueError("a file goes to someone who asked for it")
            comment, _ = render_message(effect.comment)
            return _fresh("file"), dm_conversation(actor.user_id), {
                "op": "file", "user": actor.user_id, "filename": effect.filename,
                "title": effect.title, "comment": comment,
                "content": base64.b64encode(effect.content).decode("ascii")}
        case PostToGroupOnly(post=post):
            # Who is in the channel is asked when it is delivered, not now.
            key, channel, posted = row_of(work, post, actor)
            return key, channel, {
                "op": "group_only", "post": posted, "readers": sorted(effect.readers),
                "instead": [row_of(work, message, actor)[2] for message in effect.instead],
                "coordinators": list(effect.coordinators), "language": effect.language}
        case DrawCanvas(owner=owner, channel=channel, revision=revision):
            title, markdown = render_canvas(effect.document)
            # A fresh key: a drawing Slack refused may be asked for again (the housekeeping
            # redraws what is not drawn); drawing the same revision twice is a no-op.
            return _fresh(f"canvas:{owner}:{revision}"), channel, {
                "op": "canvas", "owner": owner, "channel": channel, "revision": revision,
                "title": title, "markdown": markdown,
                "if_refused": [row_of(work, notice, actor)[2] for notice in effect.if_refused]}
        case DirectFile(user=user, key=key):
            return key, dm_conversation(user), {"op": "direct_file", "user": user, "key": key,
                                                "document": document_data(effect.document)}
        case Redact(keys=keys, words=words, language=language):
            # Words a forgotten person typed, kept only until they are taken out of Slack.
            return _fresh("redact"), _fresh("redact"), {
                "op": "redact", "keys": list(keys), "words": list(words), "language": language}
        case Pin(key=key, replaces=replaces):
            # Queued behind the message it pins, in the same conversation.
            return f"pin:{key}", _conversation_of_message(work, key), {
                "op": "pin", "key": key, "replaces": replaces}
    raise TypeError(f"{type(effect).__name__} is not queued")


def queue(work: UnitOfWork, effects: Iterable[Effect], now: datetime,
          actor: Actor | None = None, team_id: str | None = None) -> tuple[Effect, ...]:
    """Queue the message effects; returns those to carry out at once.

    When flows answered with field errors the form stays open and nothing else happens (as
    before the outbox: the acknowledgement carries the errors, the rest is not sent). Each row
    names its workspace (`team_id`), whose token sends it."""
    effects = tuple(effects)
    if any(isinstance(effect, FormErrors) for effect in effects):
        return effects
    direct: list[Effect] = []
    for effect in effects:
        if not isinstance(effect, QUEUED):
            direct.append(effect)
            continue
        key, conversation, payload = row_of(work, effect, actor)
        payload["team"] = team_id
        group_id = None
        if payload["op"] in ("post", "update", "delete", "group_only", "pin", "canvas") and not (
                conversation.startswith(("dm:", "message:"))):
            group_id = work.queue.group_of_channel(conversation)
        work.queue.add(key, conversation, json.dumps(payload), now, group_id)
    return tuple(direct)
