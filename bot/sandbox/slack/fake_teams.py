"""Many workspaces and installing from a link, for the fake Slack.

The fake knows one team from the start (its `bot_token`, team T1). `add_team` adds another
team with a bot token of its own; every recorded `Call` names the team whose token made it, so
a test can tell which workspace a message was sent into. `enable_oauth` turns on `oauth.v2.access`
as Slack answers it: a code from `new_install_code(team)` (after the person clicked "Allow")
for the team's bot token, checked against the app's client id and secret; with
`token_rotation` on, the token expires after `token_lifetime` seconds and comes with a refresh
token, exchanged with `grant_type=refresh_token` for a new pair. `revoke_team` makes every token
of a team invalid, as uninstalling does.
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass, field

from .fake_workspace import SlackError

APP_ID = "A1"


@dataclass
class FakeTeam:
    team_id: str
    name: str
    bot_user_id: str
    bot_id: str
    tokens: set[str] = field(default_factory=set)
    refresh_tokens: set[str] = field(default_factory=set)


class TeamsModel:
    """Mixed into FakeSlack; its methods run under the fake's lock."""

    bot_token: str
    team_id: str
    bot_user_id: str
    bot_id: str

    def _init_teams(self) -> None:
        self.teams: dict[str, FakeTeam] = {}
        self.client_id: str | None = None
        self.client_secret: str | None = None
        self.token_rotation = False
        self.token_lifetime = 43200  # Slack's 12 hours
        self._codes: dict[str, str] = {}  # code → team id
        self._calling_team: str | None = None

    def _primary(self) -> FakeTeam:
        if self.team_id not in self.teams:
            self.teams[self.team_id] = FakeTeam(self.team_id, "Intervisie Test",
                                                self.bot_user_id, self.bot_id)
        team = self.teams[self.team_id]
        if self.bot_token:
            team.tokens.add(self.bot_token)
        return team

    def add_team(self, team_id: str, name: str = "", bot_token: str | None = None) -> str:
        """A second (third…) workspace with the app installed; its bot token."""
        with self._lock:  # type: ignore[attr-defined]
            self._primary()
            team = self.teams.setdefault(team_id, FakeTeam(
                team_id, name or team_id, f"UB{team_id}", f"B{team_id}"))
            token = bot_token or f"xoxb-{team_id.lower()}-{secrets.token_hex(4)}"
            if bot_token is not None or not team.tokens:
                team.tokens.add(token)
            return token if token in team.tokens else sorted(team.tokens)[0]

    def enable_oauth(self, client_id: str, client_secret: str) -> None:
        self.client_id, self.client_secret = client_id, client_secret

    def new_install_code(self, team_id: str, name: str = "") -> str:
        """The code Slack hands the redirect URL when someone of `team_id` allows the app."""
        with self._lock:  # type: ignore[attr-defined]
            self._primary()
            self.teams.setdefault(team_id, FakeTeam(team_id, name or team_id, f"UB{team_id}",
                                                    f"B{team_id}"))
            code = secrets.token_hex(8)
            self._codes[code] = team_id
            return code

    def revoke_team(self, team_id: str) -> None:
        with self._lock:  # type: ignore[attr-defined]
            team = self.teams.get(team_id) or self._primary()
            team.tokens.clear()
            team.refresh_tokens.clear()
            if team_id == self.team_id:
                self.bot_token = ""

    def team_of_token(self, token: str | None) -> str | None:
        self._primary()
        return next((team.team_id for team in self.teams.values() if token in team.tokens),
                    None)

    def _auth_test(self, args: dict) -> dict:
        team = self.teams.get(self._calling_team or "") or self._primary()
        return {"url": "https://test.slack.com/", "team": team.name, "user": "intervisie",
                "team_id": team.team_id, "user_id": team.bot_user_id, "bot_id": team.bot_id,
                "is_enterprise_install": False}

    def _oauth_v2_access(self, args: dict, basic: str | None) -> dict:
        if self.client_id is None:
            raise SlackError("invalid_client_id")
        client_id, client_secret = args.get("client_id"), args.get("client_secret")
        if basic:
            client_id, _, client_secret = base64.b64decode(basic).decode().partition(":")
        if client_id != self.client_id:
            raise SlackError("invalid_client_id")
        if client_secret != self.client_secret:
            raise SlackError("bad_client_secret")
        if args.get("grant_type") == "refresh_token":
            team = next((t for t in self.teams.values()
                         if args.get("refresh_token") in t.refresh_tokens), None)
            if team is None:
                raise SlackError("invalid_refresh_token")
            team.refresh_tokens.discard(args["refresh_token"])
        else:
            team_id = self._codes.pop(args.get("code") or "", None)
            if team_id is None:
                raise SlackError("invalid_code")
            team = self.teams[team_id]
        token = f"xoxe.xoxb-{team.team_id.lower()}-{secrets.token_hex(6)}" if (
            self.token_rotation) else f"xoxb-{team.team_id.lower()}-{secrets.token_hex(6)}"
        team.tokens.add(token)
        answer = {"access_token": token, "token_type": "bot", "scope": "commands,chat:write",
                  "bot_user_id": team.bot_user_id, "app_id": APP_ID,
                  "team": {"id": team.team_id, "name": team.name}, "enterprise": None,
                  "is_enterprise_install": False, "authed_user": {"id": "U1"}}
        if self.token_rotation:
            refresh = f"xoxe-1-{secrets.token_hex(8)}"
            team.refresh_tokens.add(refresh)
            answer.update(refresh_token=refresh, expires_in=self.token_lifetime)
        return answer
