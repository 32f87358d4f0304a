"""Which WebClient speaks for a workspace when the bot sends on its own: `client_for(team_id)`.

With one bot token (SLACK_BOT_TOKEN) that is the one client, whatever the team. Installed from
a link (OAuth v2) it is the team's installation in our database, its bot token rotated first
when it is about to expire, and saved back to the store Bolt's listeners read too. Rotations of
one team never overlap (a lock per team, also taken by the listeners' authorize), so a refresh
token is never spent twice.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Protocol

from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_sdk import WebClient
from slack_sdk.errors import SlackTokenRotationError
from slack_sdk.oauth.installation_store import InstallationStore
from slack_sdk.oauth.token_rotation import TokenRotator

log = logging.getLogger(__name__)
# Bolt's default: a token that expires within this many minutes is rotated before use.
ROTATE_MINUTES_BEFORE = 120


class TeamVoice:
    """Speaks for one workspace at a time per thread: `client` (and our own `bot_user` id) are
    that workspace's while `speaking_for` holds. The effect runner and the sender are voices."""

    def __init__(self, clients: Clients) -> None:
        self.clients = clients
        self._speaking = threading.local()
        self._bot_users: dict[str | None, str] = {}  # our own user id per team (auth.test)

    @property
    def client(self) -> WebClient:
        return getattr(self._speaking, "client", None) or self.clients.client_for(None)

    @property
    def bot_user(self) -> str | None:
        return self._bot_users.get(self.team)

    @bot_user.setter
    def bot_user(self, user_id: str) -> None:
        self._bot_users[self.team] = user_id

    @property
    def team(self) -> str | None:
        return getattr(self._speaking, "team", None)

    @contextmanager
    def speaking_for(self, team_id: str | None) -> Iterator[None]:
        """Use `team_id`'s client inside; raises NotInstalled when the workspace is gone."""
        client = self.clients.client_for(team_id)
        before = (self.team, getattr(self._speaking, "client", None))
        self._speaking.team, self._speaking.client = team_id, client
        try:
            yield
        finally:
            self._speaking.team, self._speaking.client = before


class NotInstalled(LookupError):
    """The workspace has no installation (never installed, or uninstalled): nothing to send."""


class Clients(Protocol):
    def client_for(self, team_id: str | None) -> WebClient: ...


class SingleToken:
    """One workspace, one bot token (SLACK_BOT_TOKEN)."""

    def __init__(self, client: WebClient) -> None:
        self.client = client

    def client_for(self, team_id: str | None) -> WebClient:
        return self.client


class TeamLocks:
    """One lock per team: at most one rotation of a team's tokens at a time in this process."""

    def __init__(self) -> None:
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def __call__(self, team_id: str | None) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(team_id or "", threading.Lock())


class Installed:
    """Many workspaces: each team's bot token from the installation store."""

    def __init__(self, store: InstallationStore, rotator: TokenRotator,
                 make_client: Callable[[str], WebClient], locks: TeamLocks) -> None:
        self.store = store
        self.rotator = rotator
        self.make_client = make_client
        self.locks = locks
        self._clients: dict[str, tuple[str, WebClient]] = {}
        self._guard = threading.Lock()

    def client_for(self, team_id: str | None) -> WebClient:
        if not team_id:
            raise NotInstalled("no workspace given")
        with self.locks(team_id):
            installation = self.store.find_installation(enterprise_id=None, team_id=team_id)
            if installation is None or not installation.bot_token:
                raise NotInstalled(f"workspace {team_id} is not installed")
            try:
                rotated = self.rotator.perform_token_rotation(
                    installation=installation, minutes_before_expiration=ROTATE_MINUTES_BEFORE)
            except SlackTokenRotationError as error:
                # The old token may still work a while; Slack's answer says why it did not.
                log.warning("token rotation for %s failed: %s", team_id,
                            error.api_error.response.get("error"))
                rotated = None
            if rotated is not None:
                self.store.save(rotated)
                installation = rotated
            token = installation.bot_token or ""
        with self._guard:
            known = self._clients.get(team_id)
            if known is None or known[0] != token:
                known = (token, self.make_client(token))
                self._clients[team_id] = known
            return known[1]


class LockedAuthorize(InstallationStoreAuthorize):
    """Bolt's authorize for listeners (it rotates expiring tokens too), under the team's lock,
    so a listener and the scheduler never rotate the same team at once."""

    def __init__(self, locks: TeamLocks, **kwargs) -> None:
        super().__init__(**kwargs)
        self.locks = locks

    def __call__(self, *, context, enterprise_id, team_id, user_id, **actor):
        with self.locks(team_id):
            return super().__call__(context=context, enterprise_id=enterprise_id,
                                    team_id=team_id, user_id=user_id, **actor)
