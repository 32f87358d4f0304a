"""The bot as an operator starts it: `python -m bot …` in a child process, its stderr kept.

For tests of what a person at the terminal sees (one line, an exit status) and of the running
bot's HTTP surface. Servers bind a free port on 127.0.0.1.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def bot_env(**settings: str) -> dict[str, str]:
    """The process environment with only the given bot settings (none from the caller's)."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SLACK_", "DATABASE_URL", "LOG_", "HEALTH_PORT", "PORT",
                                "PUBLIC_URL", "INTERVISIE_"))}
    env["PYTHONPATH"] = str(ROOT)
    env.update(settings)
    return env


def run_cli(args: list[str], cwd: Path, timeout: float = 60, **settings: str
            ) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=cwd, env=bot_env(**settings),
                          capture_output=True, text=True, timeout=timeout)


def start_bot(cwd: Path, **settings: str) -> subprocess.Popen:
    """`python -m bot run`, stdout and stderr into one pipe (read it after stopping)."""
    return subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=cwd,
                            env=bot_env(**settings), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def stop(process: subprocess.Popen) -> str:
    """Stop the bot and return everything it wrote."""
    if process.poll() is None:
        process.terminate()
    output, _ = process.communicate(timeout=15)
    return output


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_listening(process: subprocess.Popen, port: int, timeout: float = 30) -> None:
    """Until the bot's port accepts connections (whatever /healthz says)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if process.poll() is not None:
                raise AssertionError("the bot stopped:\n" + stop(process)) from None
            if time.monotonic() > deadline:
                raise AssertionError("the bot did not start listening:\n" + stop(process)) \
                    from None
            time.sleep(0.05)
