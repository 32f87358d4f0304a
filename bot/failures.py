"""Failures from outside the bot, told in one line: what is wrong and what to do about it.

An operator who starts the bot with a wrong token, a database that is down or a network that
cannot reach Slack needs one sentence, not a traceback. `explain` turns the exceptions such
causes raise into a `Failure` (its line and exit status: 2 for configuration a person must
change, 1 for a service that cannot be reached — trying again later may help); anything it
does not recognise is a bug and keeps its traceback. The checks run before anything starts,
so the bot either starts whole or says why not.
"""

from __future__ import annotations

import re
import socket
import sqlite3
from urllib.error import URLError
from urllib.parse import urlsplit

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

CONFIGURATION = 2
UNREACHABLE = 1
REFUSED_TOKEN_ERRORS = ("invalid_auth", "not_authed", "token_revoked", "token_expired",
                        "account_inactive", "not_allowed_token_type", "missing_scope")


class Failure(Exception):
    """One line for the operator and the exit status that goes with it."""

    def __init__(self, line: str, exit_code: int) -> None:
        super().__init__(line)
        self.line = line
        self.exit_code = exit_code


# -- Slack ----------------------------------------------------------------------------------

def check_slack(client: WebClient) -> None:
    """auth.test with the bot token: reachable, and the token accepted."""
    _token_check(client, client.auth_test, "SLACK_BOT_TOKEN",
                 "copy the Bot User OAuth Token again from the app's OAuth & Permissions page "
                 "(reinstall the app if the token was revoked).")


def check_app_token(client: WebClient, app_token: str) -> None:
    """apps.connections.open with the app-level token, as Socket Mode will do next."""
    _token_check(client, lambda: client.apps_connections_open(app_token=app_token),
                 "SLACK_APP_TOKEN", "create an app-level token with connections:write under "
                 "Basic Information, put it in .env, and check that Socket Mode is on.")


def _token_check(client: WebClient, call, setting: str, fix: str) -> None:
    try:
        call()
    except SlackApiError as error:
        code = error.response.get("error")
        raise Failure(f"Slack refused {setting} ({code}): {fix}", CONFIGURATION) from error
    except (URLError, OSError) as error:
        raise _unreachable("Slack", client.base_url, error) from error


def _unreachable(what: str, url: str, error: BaseException) -> Failure:
    host = urlsplit(url).hostname or url
    reason = error.reason if isinstance(error, URLError) else error
    if isinstance(reason, socket.gaierror):
        why = f"the name {host} does not resolve (DNS)"
    elif isinstance(reason, ConnectionRefusedError):
        why = f"{host} refused the connection"
    elif isinstance(reason, TimeoutError | socket.timeout):
        why = f"{host} did not answer in time"
    else:
        why = f"{host}: {reason}"
    fix = ("check the network, a proxy or firewall, and SLACK_API_URL" if what == "Slack"
           else "check the network and SLACK_API_URL")
    return Failure(f"{what} cannot be reached: {why}; {fix}, then start again.", UNREACHABLE)


# -- database -------------------------------------------------------------------------------

def database_failure(error: BaseException, database_url: str) -> Failure | None:
    """The line for a database that is down, missing, unreadable or newer than this code."""
    from alembic.util.exc import CommandError

    url = make_url(database_url)
    where = (url.database or "") if url.get_backend_name() == "sqlite" else \
        f"{url.host or 'localhost'}:{url.port or 5432}"
    if isinstance(error, CommandError) and "Can't locate revision" in str(error):
        found = re.search(r"identified by '([^']+)'", str(error))
        revision = found.group(1) if found else "?"
        return Failure(f"The database has schema revision {revision}, which this version of the "
                       "bot does not know: a newer version has upgraded it. Run that version "
                       "(or restore a backup made before the upgrade).", CONFIGURATION)
    if not isinstance(error, DBAPIError):
        return None
    text = str(error.orig)
    if isinstance(error.orig, sqlite3.Error):
        if "unable to open" in text:
            return Failure(f"DATABASE_URL points to {where}, which cannot be opened: check that "
                           "its folder exists and that the bot may write there.", CONFIGURATION)
        return Failure(f"The SQLite database {where} cannot be used ({text}): check the file "
                       "or point DATABASE_URL elsewhere.", CONFIGURATION)
    missing = re.search(r'database "([^"]+)" does not exist', text)
    if missing:
        return Failure(f"PostgreSQL at {where} has no database '{missing.group(1)}': create it "
                       f"(createdb {missing.group(1)}) or correct DATABASE_URL.", CONFIGURATION)
    if "password authentication failed" in text or ("role" in text and "does not exist" in text):
        return Failure(f"PostgreSQL at {where} refused the user in DATABASE_URL: check its "
                       "user name and password.", CONFIGURATION)
    if any(sign in text for sign in ("Connection refused", "could not connect", "timeout",
                                     "timed out", "translate host name", "Name or service",
                                     "connection failed", "server closed")):
        return Failure(f"The database at {where} cannot be reached: start PostgreSQL or correct "
                       "DATABASE_URL, then start again.", UNREACHABLE)
    return None


def explain(error: BaseException, database_url: str | None) -> Failure | None:
    """The one line for an expected outside failure, or None for a bug (keep its traceback)."""
    if isinstance(error, Failure):
        return error
    if database_url is not None:
        return database_failure(error, database_url)
    return None
