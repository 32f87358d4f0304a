"""Nothing decided is lost, nothing sent twice: a short meeting with automatic advance, run by
real bot processes against the fake Slack, compared with the same meeting run undisturbed —

- killed (`kill -9`) at twenty moments across two runs, some of them right after Slack accepted
  a message and before the bot heard back;
- while Slack answers every `chat.*` call with 429 for 20 seconds.

Every message arrives exactly once, in the same order in the thread.
"""

from __future__ import annotations

import random
import threading
import time

import pytest

from storage.db import make_engine, upgrade
from tests.e2e.realbot import ended, meeting_group, posted_keys, real_slack, start_bot
from tests.support.fake_slack import FakeSlack

KILLS_PER_RUN = 10
STORM_SECONDS = 20


def _database(tmp_path, name: str) -> str:
    url = f"sqlite:///{tmp_path / name}"
    upgrade(make_engine(url))
    return url


def _kill_after_accepting(slack: FakeSlack, bot, rng: random.Random) -> None:
    """Kill the bot the moment Slack accepts one of its next few messages."""
    target = len(posted_keys(slack)) + rng.randint(1, 3)
    fired = threading.Event()

    def hook(call) -> None:
        if call.method == "chat.postMessage" and len(posted_keys(slack)) >= target and (
                not fired.is_set()):
            bot.process.kill()
            fired.set()

    slack.after_accept = hook
    fired.wait(timeout=40)
    slack.after_accept = None
    if not fired.is_set():  # nothing more to send: an ordinary kill
        bot.process.kill()
    bot.process.wait(timeout=10)


def run_meeting(tmp_path, name: str, kills: int = 0, storm: bool = False,
                seed: int = 0, killed: list | None = None) -> list[str]:
    """One meeting from `/intervisie start` until it ended and everything was delivered; the
    keys of the messages Slack accepted, in order. Each kill is noted in `killed`."""
    url = _database(tmp_path, name)
    engine = make_engine(url)
    rng = random.Random(seed)
    with real_slack() as slack:
        meeting_group(engine, slack.team_id)
        bot = start_bot(slack, url, tmp_path)
        try:
            bot.command(slack, "start", user="U1")
            if storm:
                slack.storm("chat.", seconds=STORM_SECONDS, retry_after=2)
            for _ in range(kills):
                if ended(engine):
                    break
                if rng.random() < 0.4:
                    _kill_after_accepting(slack, bot, rng)
                    (killed if killed is not None else []).append("after accepting")
                else:
                    time.sleep(rng.uniform(0.2, 2.5))
                    bot.kill()
                    (killed if killed is not None else []).append("any moment")
                bot.start()
            slack.wait_for(lambda: ended(engine), timeout=180, interval=0.2)
            if storm:
                assert [c for c in slack.calls if c.ratelimited]
        finally:
            if bot.process and bot.process.poll() is None:
                bot.kill()
            engine.dispose()
        return posted_keys(slack)


@pytest.fixture(scope="module")
def undisturbed(tmp_path_factory) -> list[str]:
    keys = run_meeting(tmp_path_factory.mktemp("undisturbed"), "a.db")
    assert keys[0].endswith(":opening") and keys[-1].endswith(":summary")
    return keys


def test_kill_9_at_twenty_moments_loses_nothing_and_sends_nothing_twice(undisturbed, tmp_path):
    killed: list[str] = []
    for seed in (1, 2):
        keys = run_meeting(tmp_path, f"kills{seed}.db", kills=KILLS_PER_RUN, seed=seed,
                           killed=killed)
        assert keys == undisturbed
    assert len(killed) == 2 * KILLS_PER_RUN and "after accepting" in killed


def test_a_20_second_storm_of_429s_loses_nothing_and_keeps_the_order(undisturbed, tmp_path):
    assert run_meeting(tmp_path, "storm.db", storm=True) == undisturbed
