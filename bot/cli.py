"""The `intervisie` command: run the bot (or the sandbox), or upgrade its database.

An expected failure from outside (a refused token, Slack or the database out of reach, a
schema from a newer version) ends with one line on stderr and exit status 2 (configuration)
or 1 (unreachable); see bot/failures.py. Only LOG_LEVEL=DEBUG adds the traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys
import traceback

from bot import logs
from bot.failures import explain
from bot.sandbox.command import add_parser as add_sandbox_parser
from bot.sandbox.command import no_tokens
from bot.settings import (
    SettingsError,
    data_key_settings,
    database_settings,
    load_settings,
    read_environment,
)

log = logging.getLogger("intervisie")
CHECK_TIMEOUT_SECONDS = 15  # the start-up checks against Slack; a hung network is "unreachable"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="intervisie", description="Intervision bot for Slack.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="start the bot (Socket Mode if SLACK_APP_TOKEN is set, else HTTP)")
    due = sub.add_parser("due", help="list the pending due actions (reminders, timers, nudges)")
    due.add_argument("--json", action="store_true", help="one JSON object per line")
    sub.add_parser("status", help="groups, meetings, due actions and the last sweep")
    add_sandbox_parser(sub)
    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="apply all database migrations")
    db_sub.add_parser("rotate-key", help="encrypt every stored text again with the first key "
                                         "of INTERVISIE_DATA_KEY")
    return parser


def _run(env: dict[str, str]) -> int:
    settings = load_settings(env)
    logs.configure(settings.log_level, settings.log_format)
    from slack_sdk import WebClient

    from bot.app import build
    from bot.failures import check_app_token, check_slack
    from bot.scheduler import Alarm
    from bot.server import serve_http, serve_socket_mode

    # Check Slack before anything starts, so a wrong token or a closed network is one line.
    # (Its own silent logger: slack_sdk logs each failed try, and the one line says it all.)
    quiet = logging.getLogger("intervisie.startup_check")
    quiet.propagate, quiet.disabled = False, True
    probe = WebClient(token=settings.bot_token, base_url=settings.api_url,
                      timeout=CHECK_TIMEOUT_SECONDS, logger=quiet)
    if not settings.oauth:  # installed from a link: each workspace's token is in the database
        check_slack(probe)
    if settings.socket_mode:
        check_app_token(probe, settings.app_token or "")
    bot = build(settings)
    alarm = Alarm(bot.services.runtime)
    bot.services.runtime.on_planned = alarm.arm
    bot.deliverer.start()
    alarm.start()
    try:
        if settings.socket_mode:
            serve_socket_mode(bot.app, settings.app_token or "", bot.ops, settings.health_port)
        else:
            serve_http(bot.app, settings.port, bot.ops, bot.mounts)
    finally:
        alarm.shutdown()
        bot.deliverer.stop()
    return 0


def _db_upgrade(env: dict[str, str]) -> int:
    from storage.db import current_revision, make_engine, upgrade

    engine = make_engine(database_settings(env))
    upgrade(engine)
    print(f"database at revision {current_revision(engine)}")
    return 0


def _db_rotate_key(env: dict[str, str]) -> int:
    from storage.db import make_engine
    from storage.sealed import DataKeyError, rotate, seal_with

    keys = data_key_settings(env)
    if not keys:
        raise SettingsError("INTERVISIE_DATA_KEY is not set: put the new key first, then the "
                            "old ones, separated by commas.")
    engine = make_engine(database_settings(env))
    seal_with(engine, keys)
    try:
        count = rotate(engine)
    except DataKeyError as error:
        raise SettingsError(str(error)) from None
    print(f"{count} texts encrypted with the current key")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    env = read_environment()
    database_url: str | None = None
    try:
        database_url = database_settings(env)
        if args.command == "sandbox" or (args.command == "run" and no_tokens(env)):
            from bot.sandbox.command import run as run_sandbox

            return run_sandbox(args if args.command == "sandbox" else None,
                               because_no_tokens=args.command == "run", env=env)
        if args.command == "run":
            return _run(env)
        if args.command == "due":
            from bot.operator import print_due

            return print_due(database_settings(env), as_json=args.json)
        if args.command == "status":
            from bot.operator import print_status

            return print_status(database_settings(env))
        if args.db_command == "rotate-key":
            return _db_rotate_key(env)
        return _db_upgrade(env)
    except SettingsError as error:
        print(f"intervisie: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0
    except Exception as error:
        failure = explain(error, database_url)
        if failure is None:
            raise  # not an outside cause we know: a bug, keep its traceback
        if env.get("LOG_LEVEL", "").strip().upper() == "DEBUG":
            traceback.print_exc()
        print(f"intervisie: {failure.line}", file=sys.stderr)
        return failure.exit_code
