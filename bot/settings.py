"""Settings from the environment and a `.env` file, checked before anything starts.

A missing or malformed setting stops the start with one line that names the variable and
says what to do; `SettingsError` carries that line.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from dotenv import dotenv_values
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

DEFAULT_API_URL = "https://slack.com/api/"
DEFAULT_DATABASE_URL = "sqlite:///intervisie.db"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
LOG_FORMATS = ("text", "json")

# Every setting the bot reads, with its default (None: required or optional without default).
# `.env.example` must list exactly these; a test keeps the two in step.
VARIABLES: dict[str, str | None] = {
    "SLACK_BOT_TOKEN": None,
    "SLACK_SIGNING_SECRET": None,
    "SLACK_APP_TOKEN": None,
    "SLACK_API_URL": DEFAULT_API_URL,
    "DATABASE_URL": DEFAULT_DATABASE_URL,
    "PORT": "3000",
    "LOG_LEVEL": "INFO",
    "LOG_FORMAT": "text",
    "HEALTH_PORT": None,
    "INTERVISIE_SPEED": "1",
    "PUBLIC_URL": None,
    "INTERVISIE_DATA_KEY": None,
    "SLACK_CLIENT_ID": None,
    "SLACK_CLIENT_SECRET": None,
    "SLACK_STATE_SECRET": None,
}
OAUTH_VARIABLES = ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_STATE_SECRET")
MAX_SPEED = 3600  # an hour's phase in a second: enough for any rehearsal


class SettingsError(ValueError):
    """One line for the operator: which variable, what is wrong, what to do."""


@dataclass(frozen=True)
class Settings:
    bot_token: str
    signing_secret: str
    app_token: str | None
    api_url: str
    database_url: str
    port: int
    log_level: str
    speed: float = 1  # INTERVISIE_SPEED: divides every phase's minutes (rehearsal)
    log_format: str = "text"  # LOG_FORMAT: "text" for people, "json" for a log collector
    health_port: int | None = None  # HEALTH_PORT: /healthz and /metrics in Socket Mode
    public_url: str | None = None  # PUBLIC_URL: where people reach this bot (calendar, charts)
    data_key: str | None = None  # INTERVISIE_DATA_KEY: Fernet key(s), first is current
    # Install from a link (OAuth v2, many workspaces): all three, or none (one bot token).
    client_id: str | None = None
    client_secret: str | None = None
    state_secret: str | None = None

    @property
    def oauth(self) -> bool:
        return bool(self.client_id)

    @property
    def socket_mode(self) -> bool:
        return bool(self.app_token)


def read_environment(env_file: Path | None = Path(".env"),
                     environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The process environment over the `.env` file (the environment wins, as usual)."""
    values = {k: v for k, v in dotenv_values(env_file).items() if v is not None} if (
        env_file and env_file.exists()) else {}
    values.update(os.environ if environ is None else environ)
    return values


def _required(env: Mapping[str, str], name: str, prefix: str, what: str) -> str:
    value = env.get(name, "").strip()
    if not value:
        raise SettingsError(f"{name} is not set: put {what} in .env (see .env.example).")
    if prefix and not value.startswith(prefix):
        raise SettingsError(f"{name} must start with '{prefix}': copy {what} again.")
    return value


def database_settings(env: Mapping[str, str]) -> str:
    url = env.get("DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL
    try:
        backend = make_url(url).get_backend_name()
    except ArgumentError:
        backend = None
    if backend not in ("sqlite", "postgresql"):
        raise SettingsError("DATABASE_URL must look like sqlite:///intervisie.db or "
                            "postgresql+psycopg://user:password@host:5432/dbname.")
    return url


def data_key_settings(env: Mapping[str, str]) -> str | None:
    """INTERVISIE_DATA_KEY, checked: comma-separated Fernet keys, or None (texts stay plain)."""
    from storage.sealed import DataKeyError, sealer

    keys = env.get("INTERVISIE_DATA_KEY", "").strip() or None
    if keys:
        try:
            sealer(keys)
        except DataKeyError as error:
            raise SettingsError(str(error)) from None
    return keys


def oauth_settings(env: Mapping[str, str]) -> dict[str, str | None]:
    """SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET: all three or none."""
    values = {name: env.get(name, "").strip() or None for name in OAUTH_VARIABLES}
    missing = [name for name, value in values.items() if not value]
    if missing and len(missing) < len(values):
        raise SettingsError(f"{missing[0]} is not set: installing from a link needs "
                            f"{', '.join(OAUTH_VARIABLES)} (from Basic Information; the state "
                            "secret is any long random text), or none of them for one workspace.")
    if not missing:
        if env.get("SLACK_APP_TOKEN", "").strip():
            raise SettingsError("SLACK_APP_TOKEN must be empty when SLACK_CLIENT_ID is set: "
                                "installing from a link needs HTTP mode (or leave the three "
                                "OAuth settings empty for Socket Mode).")
        if env.get("SLACK_BOT_TOKEN", "").strip():
            raise SettingsError("SLACK_BOT_TOKEN and SLACK_CLIENT_ID are both set: with "
                                "installing from a link each workspace's token comes from its "
                                "installation; leave SLACK_BOT_TOKEN empty.")
    return values


def load_settings(env: Mapping[str, str]) -> Settings:
    oauth = oauth_settings(env)
    bot_token = "" if oauth["SLACK_CLIENT_ID"] else _required(
        env, "SLACK_BOT_TOKEN", "xoxb-",
        "the Bot User OAuth Token from the app's OAuth & Permissions page")
    app_token = env.get("SLACK_APP_TOKEN", "").strip() or None
    if app_token and not app_token.startswith("xapp-"):
        raise SettingsError("SLACK_APP_TOKEN must start with 'xapp-': create an app-level token "
                            "with connections:write under Basic Information, or leave it empty "
                            "for HTTP mode.")
    signing_secret = env.get("SLACK_SIGNING_SECRET", "").strip()
    if not signing_secret and not app_token:
        raise SettingsError("SLACK_SIGNING_SECRET is not set: HTTP mode needs the Signing Secret "
                            "from the app's Basic Information page (or set SLACK_APP_TOKEN for "
                            "Socket Mode).")
    api_url = env.get("SLACK_API_URL", "").strip() or DEFAULT_API_URL
    if not api_url.startswith(("https://", "http://")):
        raise SettingsError("SLACK_API_URL must be a URL like https://slack.com/api/.")
    port_text = env.get("PORT", "").strip() or "3000"
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise SettingsError(f"PORT must be a number from 1 to 65535, not '{port_text}'.")
    health_text = env.get("HEALTH_PORT", "").strip()
    if health_text and (not health_text.isdigit() or not 0 < int(health_text) < 65536):
        raise SettingsError(f"HEALTH_PORT must be a number from 1 to 65535 or empty (off), "
                            f"not '{health_text}'.")
    log_format = (env.get("LOG_FORMAT", "").strip() or "text").lower()
    if log_format not in LOG_FORMATS:
        raise SettingsError(f"LOG_FORMAT must be 'text' or 'json', not '{log_format}'.")
    level = (env.get("LOG_LEVEL", "").strip() or "INFO").upper()
    if level not in LOG_LEVELS:
        raise SettingsError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, not '{level}'.")
    speed_text = env.get("INTERVISIE_SPEED", "").strip() or "1"
    try:
        speed = float(speed_text)
    except ValueError:
        speed = 0
    if not 0 < speed <= MAX_SPEED:
        raise SettingsError(f"INTERVISIE_SPEED must be a number above 0 and at most {MAX_SPEED} "
                            f"(1 is real time, 60 runs an hour in a minute), not '{speed_text}'.")
    public_url = env.get("PUBLIC_URL", "").strip().rstrip("/") or None
    if public_url and (not public_url.startswith(("https://", "http://")) or " " in public_url
                       or "?" in public_url or "#" in public_url):
        raise SettingsError("PUBLIC_URL must be the address people reach the bot at, like "
                            f"https://intervisie.example.org, not '{public_url}'.")
    return Settings(
        bot_token=bot_token,
        signing_secret=signing_secret,
        app_token=app_token,
        api_url=api_url if api_url.endswith("/") else api_url + "/",
        database_url=database_settings(env),
        port=int(port_text),
        log_level=level,
        speed=speed,
        log_format=log_format,
        health_port=int(health_text) if health_text else None,
        public_url=public_url,
        data_key=data_key_settings(env),
        client_id=oauth["SLACK_CLIENT_ID"],
        client_secret=oauth["SLACK_CLIENT_SECRET"],
        state_secret=oauth["SLACK_STATE_SECRET"],
    )

