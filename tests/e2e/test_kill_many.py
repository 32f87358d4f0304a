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
from sqlmodel import select

from flows.due import LIVE_TIMERS
from storage.db import make_engine, upgrade
from storage.repositories import Store
from storage.tables import DueActionRow
from tests.e2e.realbot import (
    control,
    conversations,
    ended,
    meeting_group,
    posted_keys,
    real_slack,
    start_bot,
)
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
                seed: int = 0, killed: list | None = None) -> dict[str, list[str]]:
    """One meeting from `/intervisie start` until it ended and everything was delivered; the
    keys of the messages Slack accepted, in order per conversation. Each kill is noted in
    `killed`."""
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
        return conversations(slack)


@pytest.fixture(scope="module")
def undisturbed(tmp_path_factory) -> dict[str, list[str]]:
    keys = run_meeting(tmp_path_factory.mktemp("undisturbed"), "a.db")
    assert keys["C1"][0].endswith(":opening") and keys["C1"][-1].endswith(":summary")
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


def test_two_bots_on_one_database_one_killed_each_due_action_fires_once_in_time(
        undisturbed, tmp_path, database_url, engine):
    """Two processes share the database (PostgreSQL when the suite runs on it); one is killed
    in the middle of the meeting, the other takes over its claimed work within seconds."""
    rng = random.Random(3)
    with real_slack() as slack:
        meeting_group(engine, slack.team_id)
        first = start_bot(slack, database_url, tmp_path)
        second = start_bot(slack, database_url, tmp_path)
        try:
            first.command(slack, "start", user="U1")
            for _ in range(3):  # kill the first while it sweeps and sends; it comes back
                time.sleep(rng.uniform(0.5, 3))
                first.kill()
                first.start()
            first.kill()
            slack.wait_for(lambda: ended(engine), timeout=180, interval=0.2)
        finally:
            for bot in (first, second):
                if bot.process and bot.process.poll() is None:
                    bot.kill()
        assert conversations(slack) == undisturbed
    with Store(engine).unit_of_work() as work:
        timers = work.session.exec(select(DueActionRow).where(
            DueActionRow.kind.in_([kind.value for kind in LIVE_TIMERS]))).all()
    # Each timer fired once (its message is there once, above); an automatic advance cancels
    # the timers of the phase it ends, the firing one included, at the moment it fires.
    assert timers and {row.status for row in timers} <= {"done", "cancelled"}  # none left
    late = [(row.key, (row.finished_at - row.due_at).total_seconds()) for row in timers]
    assert max(seconds for _, seconds in late) < 20, late


def test_the_facilitators_next_during_a_429_storm_shows_its_prompt_after_it(tmp_path):
    url = _database(tmp_path, "next.db")
    engine = make_engine(url)
    with real_slack() as slack:
        meeting_group(engine, slack.team_id, auto_advance=False)
        bot = start_bot(slack, url, tmp_path, speed=1)
        try:
            bot.command(slack, "start", user="U1")  # outside the rhythm: U1 leads it
            slack.wait_for(lambda: "live:M:phase:1" in posted_keys(slack), timeout=20)
            slack.storm("chat.", seconds=STORM_SECONDS, retry_after=2)
            stormed = time.monotonic()
            assert control(slack, bot, "next", user="U1") == 200
            slack.wait_for(lambda: "live:M:phase:2" in posted_keys(slack), timeout=60)
            assert time.monotonic() - stormed >= STORM_SECONDS - 1  # it waited the storm out
            keys = posted_keys(slack)
            assert keys.index("live:M:phase:1") < keys.index("live:M:phase:2")
            assert len(keys) == len(set(keys))
        finally:
            bot.kill()
            engine.dispose()
