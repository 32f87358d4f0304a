"""`kill -9` in the middle of a phase: the real bot process, the real clock (at rehearsal
speed), the fake Slack. After the restart the meeting continues at the same phase, its timer
fires at the time planned before the kill, and nothing is posted twice."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, date, datetime
from datetime import time as clock_time

import pytest

from bot.deliverer import LEASE
from flows.group import Group
from flows.recurrence import Schedule
from storage.repositories import Store
from tests.e2e.test_entry_point import free_port
from tests.support.fake_slack import FakeSlack
from tests.support.harness import SIGNING_SECRET
from tests.support.signed import SlackSender

SPEED = 60  # check-in: 5 minutes become 5 seconds; its heads-up comes 1 second before


class RealBot:
    """`python -m bot run` as a child process that can be killed without warning."""

    def __init__(self, slack: FakeSlack, database_url: str, cwd) -> None:
        self.port = free_port()
        self.env = {**os.environ, "SLACK_BOT_TOKEN": slack.bot_token,
                    "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_APP_TOKEN": "",
                    "SLACK_API_URL": slack.api_url, "PORT": str(self.port),
                    "LOG_LEVEL": "WARNING", "DATABASE_URL": database_url,
                    "INTERVISIE_SPEED": str(SPEED)}
        self.cwd = cwd
        self.process: subprocess.Popen | None = None

    def start(self) -> RealBot:
        self.process = subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=self.cwd,
                                        env=self.env, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=1):
                    return self
            except OSError:
                assert self.process.poll() is None, "the bot stopped"
                assert time.monotonic() < deadline, "the bot did not start listening"
                time.sleep(0.05)

    def kill(self) -> None:
        assert self.process is not None
        self.process.kill()  # SIGKILL: no shutdown, no cleanup
        self.process.wait(timeout=10)

    def command(self, slack: FakeSlack, text: str, user: str) -> None:
        sender = SlackSender(f"http://127.0.0.1:{self.port}/slack/events", SIGNING_SECRET)
        assert sender.command({
            "team_id": slack.team_id, "channel_id": "C1", "user_id": user,
            "command": "/intervisie", "text": text, "response_url": slack.new_response_url(),
            "trigger_id": slack.new_trigger_id()}).status == 200


@pytest.fixture
def real_slack():
    fake = FakeSlack(clock=time.time)
    for user in ("U1", "U2", "U3"):
        fake.add_user(user, user.lower(), tz="Europe/Amsterdam", locale="nl-NL")
    fake.add_channel("C1", "intervisie-noord", is_private=True, members=["U1", "U2", "U3"])
    with fake:
        yield fake


def a_group(engine, team_id: str) -> None:
    # A rhythm far ahead, so `/intervisie start` opens a meeting outside it.
    schedule = Schedule("FREQ=MONTHLY;BYDAY=1TH", date(2030, 1, 3), clock_time(14, 0),
                        "Europe/Amsterdam", 120)
    with Store(engine).unit_of_work() as work:
        work.groups.save(Group(team_id=team_id, channel_id="C1", name="Noord",
                               members=("U1", "U2", "U3"), coordinators=("U1",), language="nl",
                               schedule=schedule), datetime.now(UTC))


def posts(slack: FakeSlack, words: str) -> list:
    return [c for c in slack.calls_to("chat.postMessage") if words in c.args.get("text", "")]


def test_kill_9_mid_phase_and_restart(real_slack, engine, database_url, tmp_path):
    slack = real_slack
    a_group(engine, slack.team_id)
    bot = RealBot(slack, database_url, tmp_path).start()
    try:
        bot.command(slack, "start", user="U2")
        slack.wait_for(lambda: posts(slack, "Inchecken"), timeout=10)
        with Store(engine).unit_of_work() as work:
            (meeting_id,) = [m.id for m in work.meetings.of_group(work.groups.all()[0].id)
                             if m.unscheduled]
            live, _, _ = work.live.get(meeting_id)
        assert live.index == 0 and live.phase_ends_at is not None
        bot.kill()
        bot.start()
        time_up = slack.wait_for(lambda: posts(slack, "De tijd voor"), timeout=20)[0]
        # On its planned time, or once the killed process's leases on the thread's messages
        # have run out (a delivery it held up to the kill waits for that, and the thread
        # keeps its order).
        assert -2 < time_up.at - live.phase_ends_at.timestamp() < LEASE.total_seconds() + 3
        assert len(posts(slack, "Nog 1 s voor")) == 1
        bot.command(slack, "card", user="U3")
        slack.wait_for(lambda: [c for c in slack.calls_to("chat.postMessage")
                                if ":black_joker:" in str(c.args.get("blocks"))], timeout=10)
        openings = posts(slack, "Intervisie: Noord")
        phases = [c for c in slack.calls_to("chat.postMessage")
                  if "1/" in str(c.args.get("blocks", [{}])[0])]
        assert len(openings) == 1 and len(phases) == 1
        with Store(engine).unit_of_work() as work:
            live_after, _, _ = work.live.get(meeting_id)
        assert live_after.index == 0 and live_after.version == live.version
    finally:
        if bot.process and bot.process.poll() is None:
            bot.kill()
