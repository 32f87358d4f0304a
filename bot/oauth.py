"""Install from a link (OAuth v2, many workspaces): Bolt's flow at /slack/install and
/slack/oauth_redirect, slack_sdk's SQLAlchemy installation and state stores on our own engine
(tables by Alembic, storage/installation_tables.py), and what happens when a workspace leaves.

Only with SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET, in HTTP mode.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Callable
from dataclasses import dataclass

from slack_bolt import App, BoltResponse
from slack_bolt.oauth.callback_options import CallbackOptions, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store import OAuthStateStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from slack_sdk.oauth.token_rotation import TokenRotator
from sqlalchemy.engine import Engine

from bot.clients import ROTATE_MINUTES_BEFORE, Installed, LockedAuthorize, TeamLocks
from bot.install_use_cases import WorkspaceInstalled, WorkspaceLeft
from bot.runtime import Runtime
from bot.settings import Settings

log = logging.getLogger(__name__)
# The bot scopes of manifest.yml (a test keeps the two alike): what an install link asks for.
BOT_SCOPES = ("commands", "chat:write", "users:read", "channels:read", "groups:read",
              "im:write", "channels:history", "groups:history", "im:history", "files:write",
              "canvases:write", "pins:write")
STATE_EXPIRATION_SECONDS = 600


class SignedStateStore(OAuthStateStore):
    """The state of an install link, kept in the database and signed with SLACK_STATE_SECRET:
    a state the bot did not hand out is refused before the database is even asked."""

    def __init__(self, inner: OAuthStateStore, secret: str) -> None:
        self.inner = inner
        self._secret = secret.encode("utf-8")

    @property
    def logger(self) -> logging.Logger:
        return log

    def _sign(self, state: str) -> str:
        return hmac.new(self._secret, state.encode("utf-8"), hashlib.sha256).hexdigest()[:32]

    def issue(self, *args, **kwargs) -> str:
        state = self.inner.issue(*args, **kwargs)
        return f"{state}.{self._sign(state)}"

    def consume(self, state: str) -> bool:
        raw, _, signature = state.rpartition(".")
        if not raw or not hmac.compare_digest(signature, self._sign(raw)):
            return False
        return self.inner.consume(raw)


@dataclass
class Installing:
    """What app.py needs to build an App that installs from a link."""

    installation_store: SQLAlchemyInstallationStore
    oauth_settings: OAuthSettings
    authorize: LockedAuthorize
    clients: Installed


def installing(settings: Settings, engine: Engine, client: WebClient,
               make_client: Callable[[str], WebClient],
               on_installed: Callable[[str], None]) -> Installing:
    """The stores, Bolt's OAuth settings and the per-team clients, sharing one set of locks."""
    client_id, client_secret = settings.client_id or "", settings.client_secret or ""
    store = SQLAlchemyInstallationStore(client_id=client_id, engine=engine)
    states = SignedStateStore(SQLAlchemyOAuthStateStore(
        expiration_seconds=STATE_EXPIRATION_SECONDS, engine=engine), settings.state_secret or "")

    def success(args: SuccessArgs) -> BoltResponse:
        if args.installation.team_id:
            on_installed(args.installation.team_id)
        return args.default.success(args)

    oauth_settings = OAuthSettings(
        client_id=client_id, client_secret=client_secret, scopes=list(BOT_SCOPES),
        redirect_uri=f"{settings.public_url}/slack/oauth_redirect" if settings.public_url
        else None,
        installation_store=store, state_store=states,
        callback_options=CallbackOptions(success=success,
                                         failure=lambda args: args.default.failure(args)),
        token_rotation_expiration_minutes=ROTATE_MINUTES_BEFORE)
    locks = TeamLocks()
    # Bolt's authorize, rotating through our client (its base URL) under the team's lock.
    authorize = LockedAuthorize(
        locks, logger=log, installation_store=store, client_id=client_id,
        client_secret=client_secret, token_rotation_expiration_minutes=ROTATE_MINUTES_BEFORE,
        client=client)
    rotator = TokenRotator(client_id=client_id, client_secret=client_secret, client=client)
    return Installing(store, oauth_settings, authorize,
                      Installed(store, rotator, make_client, locks))


def register_leaving(app: App, runtime: Runtime, store: SQLAlchemyInstallationStore) -> None:
    """app_uninstalled and tokens_revoked: stop the team's timed work, delete its tokens."""

    def leave(team_id: str | None, enterprise_id: str | None) -> None:
        if not team_id:
            return
        runtime.handle(WorkspaceLeft(team_id))
        store.delete_all(enterprise_id=enterprise_id, team_id=team_id)

    @app.event("app_uninstalled")
    def on_uninstalled(context) -> None:
        leave(context.team_id, context.enterprise_id)

    @app.event("tokens_revoked")
    def on_tokens_revoked(event: dict, context) -> None:
        # Only the bot's tokens matter: without them the bot cannot act in the workspace.
        if (event.get("tokens") or {}).get("bot"):
            leave(context.team_id, context.enterprise_id)


def installed(runtime: Runtime) -> Callable[[str], None]:
    return lambda team_id: runtime.handle(WorkspaceInstalled(team_id))
