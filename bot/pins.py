"""Pinning a keyed message (the group's agreements) in its channel, unpinning the version it
replaces. A pin that is already there, or an old one already gone, is not an error.

An outbox row of its own, queued behind the message it pins (bot/sender.py carries it out)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from slack_sdk.errors import SlackApiError

from flows.effects import Pin

if TYPE_CHECKING:
    from bot.sender import Sender

log = logging.getLogger(__name__)


def pin(runner: Sender, effect: Pin) -> None:
    with runner.store.unit_of_work() as work:
        found = work.outbox.where(effect.key)
        old = work.outbox.where(effect.replaces) if effect.replaces else None
    if found is None:
        raise LookupError(f"message {effect.key} was never sent")
    try:
        runner.client.pins_add(channel=found[0], timestamp=found[1])
    except SlackApiError as error:
        if error.response.get("error") != "already_pinned":
            raise
    if old is not None:
        try:
            runner.client.pins_remove(channel=old[0], timestamp=old[1])
        except SlackApiError as error:  # unpinned by hand, or deleted: nothing left to do
            log.info("old pin not removed: %s", error.response.get("error"))
