"""`python -m bot run` as an operator starts it: settings from the environment, migrations,
the alarm clock, and the HTTP server answering Slack and the health check."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.support.harness import SIGNING_SECRET
from tests.support.signed import SlackSender

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_bot_starts_in_http_mode_and_answers(slack, tmp_path):
    port = free_port()
    env = {**os.environ, "SLACK_BOT_TOKEN": slack.bot_token,
           "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_APP_TOKEN": "",
           "SLACK_API_URL": slack.api_url, "PORT": str(port), "LOG_LEVEL": "WARNING",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}"}
    process = subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=tmp_path, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                    break
            except OSError:
                assert process.poll() is None, process.stdout.read().decode()
                assert time.monotonic() < deadline, "the bot did not start listening"
                time.sleep(0.1)
        sender = SlackSender(f"http://127.0.0.1:{port}/slack/events", SIGNING_SECRET)
        response = sender.command({
            "team_id": slack.team_id, "channel_id": "C1", "user_id": "U3",
            "command": "/intervisie", "text": "help", "response_url": slack.new_response_url(),
            "trigger_id": slack.new_trigger_id()})
        assert response.status == 200
        answer = slack.wait_for_call("response_url")
        assert "/intervisie setup" in str(answer.args["blocks"])
    finally:
        process.terminate()
        process.wait(timeout=10)
