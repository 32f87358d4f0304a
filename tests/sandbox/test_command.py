"""From a fresh clone: `intervisie run` with no Slack tokens starts the sandbox and says so in
one line with its URL; `intervisie sandbox` always does; `--reset` starts over."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bot.sandbox.command import no_tokens

ROOT = Path(__file__).resolve().parents[2]
TOKENS = ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET")


def start(tmp_path: Path, *args: str) -> tuple[subprocess.Popen, str]:
    env = {k: v for k, v in os.environ.items() if k not in TOKENS}
    env.update(PYTHONPATH=str(ROOT), PORT="0")  # `run` listens on PORT; 0: any free one
    process = subprocess.Popen([sys.executable, "-m", "bot", *args], cwd=tmp_path, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    return process, line


def stop(process: subprocess.Popen) -> str:
    process.terminate()
    _, errors = process.communicate(timeout=20)
    return errors


def test_run_without_tokens_starts_the_sandbox_and_says_so_in_one_line(tmp_path):
    process, line = start(tmp_path, "run")
    try:
        assert line.startswith("No Slack tokens configured: the sandbox runs at http://127.0.0.1:")
        url = line.split(" runs at ")[1].split()[0]
        deadline = time.monotonic() + 10
        while True:  # the bot says hello in the channel just after it starts
            with urllib.request.urlopen(url + "/api/state", timeout=5) as answer:
                state = json.load(answer)
            if "/intervisie setup" in state["messages"] or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        assert "/intervisie setup" in state["messages"]
    finally:
        errors = stop(process)
    assert "Traceback" not in errors
    assert (tmp_path / "sandbox.db").exists()


def test_sandbox_takes_host_port_and_its_own_database(tmp_path):
    process, line = start(tmp_path, "sandbox", "--port", "0", "--db", "demo.db", "--reset")
    try:
        url = line.split(" runs at ")[1].split()[0]
        assert url.startswith("http://127.0.0.1:") and not url.endswith(":0")
        with urllib.request.urlopen(url + "/", timeout=5) as answer:
            assert b"Intervisie sandbox" in answer.read()
    finally:
        stop(process)
    assert (tmp_path / "demo.db").exists()


def test_a_port_in_use_is_one_line_not_a_traceback(tmp_path):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "bot", "sandbox", "--port", str(port)],
                                cwd=tmp_path, capture_output=True, text=True, timeout=60,
                                env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 1
    assert result.stderr.strip().startswith("intervisie: the sandbox cannot listen on")
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "sandbox.db").exists()  # so the next start is a fresh one


def test_only_no_tokens_at_all_means_the_sandbox():
    assert no_tokens({}) and no_tokens({"SLACK_BOT_TOKEN": "  "})
    assert not no_tokens({"SLACK_BOT_TOKEN": "xoxb-1"})
    assert not no_tokens({"SLACK_SIGNING_SECRET": "s"})
