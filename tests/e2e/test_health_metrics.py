"""GET /healthz and GET /metrics on the bot's HTTP port, as a load balancer and Prometheus
ask them: healthy only while the database answers and the sweep keeps running; counters that
move when Slack asks something and when a due action fires."""

from __future__ import annotations

import json
from datetime import date, time, timedelta

from prometheus_client.parser import text_string_to_metric_families

from bot.planner import materialize
from bot.scheduler import SWEEP_SECONDS
from flows.group import Group
from flows.recurrence import Schedule
from storage.db import make_engine
from storage.repositories import Store
from tests.support.harness import SIGNING_SECRET
from tests.support.process import free_port, get


def health(bot) -> tuple[int, dict]:
    status, body = get(bot.url + "/healthz")
    return status, json.loads(body)


def samples(bot) -> dict[tuple[str, tuple], float]:
    status, body = get(bot.url + "/metrics")
    assert status == 200
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(body.decode())
            for sample in family.samples}


def value(found: dict, name: str, **labels: str) -> float:
    return found.get((name, tuple(sorted(labels.items()))), 0.0)


def test_healthy_while_the_sweep_runs_and_unhealthy_when_it_is_stuck(bot, clock):
    assert health(bot) == (503, {"db": "ok", "last_sweep_seconds_ago": None,
                                 "failing": ["sweep"]})  # no sweep yet
    bot.tick()
    clock.advance(seconds=SWEEP_SECONDS)
    assert health(bot) == (200, {"db": "ok", "last_sweep_seconds_ago": SWEEP_SECONDS})
    clock.advance(seconds=SWEEP_SECONDS + 1)  # the sweep is stuck: no tick for over 2 rounds
    assert health(bot) == (503, {"db": "ok", "last_sweep_seconds_ago": 2 * SWEEP_SECONDS + 1,
                                 "failing": ["sweep"]})
    bot.tick()
    assert health(bot)[0] == 200


def test_unhealthy_when_the_database_does_not_answer(bot):
    bot.tick()
    assert health(bot)[0] == 200
    assert value(samples(bot), "intervisie_database_up") == 1
    runtime = bot.bot.services.runtime
    working = runtime.store
    # The database goes away: the engine now points at a port where nothing listens.
    runtime.store = Store(make_engine(f"postgresql+psycopg://x@127.0.0.1:{free_port()}/x"))
    try:
        assert health(bot) == (503, {"db": "unreachable", "last_sweep_seconds_ago": 0,
                                     "failing": ["db"]})
        # Prometheus still gets an answer: the counters, and that the database is down.
        assert value(samples(bot), "intervisie_database_up") == 0
    finally:
        runtime.store.engine.dispose()
        runtime.store = working


def test_metrics_count_requests_slack_calls_and_due_actions(bot, slack, clock, engine):
    before = samples(bot)
    assert value(before, "intervisie_requests_total", kind="command", outcome="ok") == 0
    assert bot.command("help").status == 200
    after = samples(bot)
    assert value(after, "intervisie_requests_total", kind="command", outcome="ok") == 1
    assert value(after, "intervisie_ack_seconds_count", kind="command") == 1
    assert value(after, "intervisie_due_actions_pending") == 0
    assert value(after, "intervisie_meetings_running") == 0

    # A signature Slack did not make is counted as rejected.
    bot.send.secret = "not-the-secret"
    assert bot.command("help").status == 401
    bot.send.secret = SIGNING_SECRET
    rejected = samples(bot)
    assert value(rejected, "intervisie_requests_total", kind="command", outcome="rejected") == 1

    # A group with a rhythm: its reminders are due actions; the first fires late by a minute.
    now = clock.now()
    schedule = Schedule("FREQ=MONTHLY;BYDAY=+1TH", date(2027, 1, 7), time(14, 0),
                        "Europe/Amsterdam", 120)
    with Store(engine).unit_of_work() as work:
        group = work.groups.save(Group(team_id=slack.team_id, channel_id="C1", name="Noord",
                                       members=("U1", "U2", "U3"), coordinators=("U1",),
                                       language="nl", schedule=schedule), now)
        materialize(work, group, now)
        first = work.due.next_due_at()
    pending = value(samples(bot), "intervisie_due_actions_pending")
    assert pending > 1
    clock.set(first + timedelta(minutes=1))
    bot.tick()
    fired = samples(bot)
    assert value(fired, "intervisie_due_actions_pending") < pending
    late = [key for key in fired if key[0] == "intervisie_due_action_lateness_seconds_sum"]
    assert late and sum(fired[key] for key in late) >= 60
    assert value(fired, "intervisie_slack_calls_total", method="chat.postMessage",
                 outcome="sent") >= 1


def test_slack_429s_and_retries_are_counted(bot, slack):
    slack.rate_limit("users.info", times=1, retry_after=0)
    bot.bot.services.workspace.clients.client_for("T1").users_info(user="U1")
    found = samples(bot)
    assert value(found, "intervisie_slack_ratelimited_total", method="users.info") == 1
    assert value(found, "intervisie_slack_retries_total", method="users.info") == 1
    assert value(found, "intervisie_slack_calls_total", method="users.info", outcome="sent") == 1


def test_unhealthy_when_the_socket_mode_connection_is_down(bot):
    bot.tick()
    connected = [True]
    bot.bot.ops.health.socket_connected = lambda: connected[0]
    assert health(bot) == (200, {"db": "ok", "last_sweep_seconds_ago": 0,
                                 "socket": "connected"})
    connected[0] = False
    assert health(bot) == (503, {"db": "ok", "last_sweep_seconds_ago": 0,
                                 "socket": "disconnected", "failing": ["socket"]})
