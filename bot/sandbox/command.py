"""`intervisie sandbox`, and what `intervisie run` does when no Slack tokens are configured."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Mapping
from pathlib import Path

from bot import logs
from bot.settings import MAX_SPEED

DEFAULT_DATABASE = Path("sandbox.db")
TOKEN_VARIABLES = ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET",
                   "SLACK_CLIENT_ID")


def add_parser(sub) -> None:
    parser = sub.add_parser("sandbox", help="try the bot in a browser, with a local stand-in "
                                            "of Slack (no tokens, no network)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on "
                                                            "(default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=3000, help="port (default 3000)")
    parser.add_argument("--db", type=Path, default=DEFAULT_DATABASE,
                        help="its own SQLite file (default sandbox.db)")
    parser.add_argument("--reset", action="store_true", help="start over with an empty sandbox")
    parser.add_argument("--speed", type=float, default=1,
                        help="rehearsal speed of meetings (60: a minute per hour)")


def no_tokens(env: Mapping[str, str]) -> bool:
    """Nothing configured for Slack at all: a fresh clone. (One token but not the others is a
    mistake the settings check names, not a reason to start the sandbox.)"""
    return not any(env.get(name, "").strip() for name in TOKEN_VARIABLES)


def run(args: argparse.Namespace | None = None, because_no_tokens: bool = False,
        env: Mapping[str, str] | None = None) -> int:
    """`args` from `intervisie sandbox`; from `intervisie run` there are none, and the port is
    the bot's own PORT setting (default 3000)."""
    from bot.sandbox.runner import Options, Sandbox  # the whole bot: only when it runs

    port_text = (env or {}).get("PORT", "").strip()
    port = int(port_text) if port_text.isdigit() and int(port_text) < 65536 else 3000
    options = Options(host=getattr(args, "host", "127.0.0.1"), port=getattr(args, "port", port),
                      database=getattr(args, "db", DEFAULT_DATABASE),
                      reset=getattr(args, "reset", False), speed=getattr(args, "speed", 1))
    if not 0 < options.speed <= MAX_SPEED:
        print(f"intervisie: --speed must be above 0 and at most {MAX_SPEED}", file=sys.stderr)
        return 2
    logs.configure("WARNING")
    try:
        sandbox = Sandbox(options).start()
    except OSError as error:
        print(f"intervisie: the sandbox cannot listen on {options.host}:{options.port} "
              f"({error.strerror or error}); try --port", file=sys.stderr)
        return 1
    reason = "No Slack tokens configured: " if because_no_tokens else ""
    print(f"{reason}the sandbox runs at {sandbox.url} (a local stand-in of Slack, data in "
          f"{options.database}; Ctrl+C stops it)", flush=True)
    # A plain `kill` stops it as Ctrl+C does: the messages are kept for the next start.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        sandbox.stop()
    return 0


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt
