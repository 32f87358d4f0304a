"""Pins in the fake Slack: pins.add and pins.remove on the bot's messages, refusing what Slack
refuses (no timestamp, a message not in the channel, a channel the bot is not in, a pin twice).
Self-contained: FakeSlack mixes it in and merges PIN_HANDLERS into its handlers."""

from __future__ import annotations

from typing import Any

from .fake_workspace import SlackError

PIN_HANDLERS = {"pins.add": "_pins_add", "pins.remove": "_pins_remove"}


class PinsModel:
    _find: Any
    _readable: Any

    @property
    def _pins(self) -> dict[str, list[str]]:
        return self.__dict__.setdefault("_pin_store", {})

    def pinned(self, channel: str) -> list[str]:
        """The ts of the messages pinned in `channel`, oldest pin first."""
        return list(self._pins.get(channel, []))

    def _pinned_item(self, args: dict) -> tuple[dict, str]:
        ch = self._readable(args["channel"])
        ts = args.get("timestamp")
        if not ts:
            raise SlackError("no_item_specified")
        if not ch["bot_is_member"]:
            raise SlackError("not_in_channel")
        if self._find(ch["id"], ts) is None:
            raise SlackError("message_not_found")
        return ch, ts

    def _pins_add(self, args: dict) -> dict:
        ch, ts = self._pinned_item(args)
        pins = self._pins.setdefault(ch["id"], [])
        if ts in pins:
            raise SlackError("already_pinned")
        pins.append(ts)
        return {}

    def _pins_remove(self, args: dict) -> dict:
        ch, ts = self._pinned_item(args)
        pins = self._pins.setdefault(ch["id"], [])
        if ts not in pins:
            raise SlackError("not_pinned")
        pins.remove(ts)
        return {}
