"""What the bot asks Slack about people and channels: language, time zone, membership.

A person's locale and zone rarely change, so they are cached for a while; this keeps the
slash-command path to one Web API call before a modal opens.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

from slack_sdk.errors import SlackApiError

from bot.clients import Clients
from flows.texts import language_for_locale

log = logging.getLogger(__name__)
PROFILE_TTL_SECONDS = 600


@dataclass(frozen=True)
class Person:
    user_id: str
    language: str
    timezone: str | None
    name: str = ""  # the name people know them by (real name, else the handle)


@dataclass(frozen=True)
class ChannelInfo:
    channel_id: str
    bot_is_member: bool
    is_private: bool
    is_dm: bool


class Workspace:
    """Asks each workspace with its own token (`clients`: bot/clients.py)."""

    def __init__(self, clients: Clients) -> None:
        self.clients = clients
        self._people: dict[tuple[str | None, str], tuple[float, Person]] = {}
        self._lock = threading.Lock()

    def person(self, user_id: str, team_id: str | None = None) -> Person:
        with self._lock:
            cached = self._people.get((team_id, user_id))
        if cached and time.monotonic() - cached[0] < PROFILE_TTL_SECONDS:
            return cached[1]
        try:
            client = self.clients.client_for(team_id)
            user = client.users_info(user=user_id, include_locale=True)["user"]
            profile = user.get("profile") or {}
            person = Person(user_id, language_for_locale(user.get("locale")), user.get("tz"),
                            profile.get("real_name") or user.get("real_name")
                            or user.get("name") or "")
        except SlackApiError as error:
            log.warning("users.info failed for %s: %s", user_id, error.response.get("error"))
            return Person(user_id, language_for_locale(None), None)
        with self._lock:
            self._people[(team_id, user_id)] = (time.monotonic(), person)
        return person

    def channel(self, channel_id: str, team_id: str | None = None) -> ChannelInfo:
        if channel_id.startswith("D"):
            return ChannelInfo(channel_id, True, True, True)
        try:
            client = self.clients.client_for(team_id)
            info = client.conversations_info(channel=channel_id)["channel"]
        except SlackApiError as error:
            # A private channel the bot is not in looks like one that does not exist.
            if error.response.get("error") in ("channel_not_found", "not_in_channel"):
                return ChannelInfo(channel_id, False, True, False)
            raise
        return ChannelInfo(channel_id, bool(info.get("is_member")),
                           bool(info.get("is_private")), bool(info.get("is_im")))
