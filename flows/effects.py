"""Effects: what the core decided should happen, carried out by the shell (bot/).

A `Message` names what to show (`kind`, rendered by bot/render) with its data and language;
texts inside it are `Text` keys, never pre-rendered sentences. `key` makes a post idempotent:
the same cause can never send twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flows.texts import Text


@dataclass(frozen=True)
class Message:
    kind: str
    language: str
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Post:
    """A message in a channel (or in a meeting's thread)."""

    channel: str
    message: Message
    key: str | None = None
    thread_ts: str | None = None
    thread_key: str | None = None  # in the thread of the keyed message posted earlier


@dataclass(frozen=True)
class DirectMessage:
    user: str
    message: Message
    key: str | None = None


@dataclass(frozen=True)
class Reply:
    """A private answer to the person who acted (ephemeral)."""

    message: Message


@dataclass(frozen=True)
class Reject:
    """Something the person may not do right now, politely explained only to them."""

    text: Text
    language: str


@dataclass(frozen=True)
class OpenForm:
    """Open a modal for the person who acted, within their trigger's 3 seconds."""

    form: str
    language: str
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FormErrors:
    """The submitted form stays open with these messages next to its fields."""

    errors: Mapping[str, Text]
    language: str


@dataclass(frozen=True)
class UpdateOrigin:
    """Replace the message whose button was pressed (its new state, e.g. "confirmed")."""

    message: Message


@dataclass(frozen=True)
class SendFile:
    """A file for the person who acted, in their direct messages with the bot."""

    filename: str
    title: str
    content: bytes
    comment: Message


@dataclass(frozen=True)
class Update:
    """Redraw a keyed message posted earlier (a meeting's opening, a phase's flip-over).

    `revision` orders updates of one message: an older drawing never replaces a newer one.
    """

    key: str
    message: Message
    revision: int = 0


@dataclass(frozen=True)
class Delete:
    """Remove a keyed message the bot posted (its retention period has passed)."""

    key: str


@dataclass(frozen=True)
class PostToGroupOnly:
    """A confidential post (a shared case) for the group's private channel, sent there only
    when everyone in the channel is in the group (`readers`). Otherwise the shell sends
    `instead` (the same message by direct message) and tells each of `coordinators` who in
    the channel is not in the group."""

    post: Post
    readers: frozenset[str]
    instead: tuple[DirectMessage, ...]
    coordinators: tuple[str, ...]
    language: str


@dataclass(frozen=True)
class Redact:
    """Take `words` (what a forgotten person typed) out of the bot's keyed messages: each is
    read back from Slack and updated with the words replaced by a note. Never logged."""

    keys: tuple[str, ...]
    words: tuple[str, ...]
    language: str


@dataclass(frozen=True)
class PublishHome:
    """Replace what `user` sees on the bot's Home tab."""

    user: str
    message: Message


@dataclass(frozen=True)
class DrawCanvas:
    """Write a canvas the bot keeps in a channel, whole (e.g. the group's logbook).

    `owner` names the canvas (one per owner: its id is stored); `revision` orders drawings so
    an older one never replaces a newer. When Slack will not have a canvas there, the
    `if_refused` messages go out instead (keyed, so once).
    """

    owner: str
    channel: str
    document: Message
    revision: int
    if_refused: tuple[DirectMessage, ...] = ()


@dataclass(frozen=True)
class DirectFile:
    """A file drawn from `document` (e.g. the group's charts) in `user`'s direct messages;
    `key` makes it go once."""

    user: str
    document: Message
    key: str


Effect = (Post | DirectMessage | Reply | Reject | OpenForm | FormErrors | PublishHome
          | UpdateOrigin | SendFile | Update | Delete | PostToGroupOnly
          | Redact | DrawCanvas | DirectFile)
