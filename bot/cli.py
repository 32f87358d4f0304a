"""The `intervisie` command: run the bot, or upgrade its database."""

from __future__ import annotations

import argparse
import logging
import sys

from bot.settings import (
    SettingsError,
    configure_logging,
    database_settings,
    load_settings,
    read_environment,
)

log = logging.getLogger("intervisie")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="intervisie", description="Intervision bot for Slack.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="start the bot (Socket Mode if SLACK_APP_TOKEN is set, else HTTP)")
    due = sub.add_parser("due", help="list the pending due actions (reminders, timers, nudges)")
    due.add_argument("--json", action="store_true", help="one JSON object per line")
    sub.add_parser("status", help="groups, meetings, due actions and the last sweep")
    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="apply all database migrations")
    return parser


def _run(env: dict[str, str]) -> int:
    settings = load_settings(env)
    configure_logging(settings.log_level)
    from bot.app import build
    from bot.scheduler import Alarm
    from bot.server import serve_http, serve_socket_mode

    bot = build(settings)
    alarm = Alarm(bot.services.runtime)
    bot.services.runtime.on_planned = alarm.arm
    bot.deliverer.start()
    alarm.start()
    try:
        if settings.socket_mode:
            serve_socket_mode(bot.app, settings.app_token or "")
        else:
            serve_http(bot.app, settings.port)
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


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    env = read_environment()
    try:
        if args.command == "run":
            return _run(env)
        if args.command == "due":
            from bot.operator import print_due

            return print_due(database_settings(env), as_json=args.json)
        if args.command == "status":
            from bot.operator import print_status

            return print_status(database_settings(env))
        return _db_upgrade(env)
    except SettingsError as error:
        print(f"intervisie: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0
