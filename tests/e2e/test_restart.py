"""Nothing timed is lost or repeated: across a restart, a crash in the middle of sending,
and two bot processes sharing one database."""

from __future__ import annotations

import contextlib
import json
import threading
from datetime import UTC, datetime, timedelta

from tests.e2e.test_calendar_flow import START, make_group, sent
from tests.support.harness import BotUnderTest

END = datetime(2027, 2, 4, 14, 0, tzinfo=UTC)


STEPS_BY_END = 21  # what the two-month script in test_calendar_flow sends by END


def test_a_restart_between_due_times_loses_and_repeats_nothing(bot, slack, clock, engine,
                                                               database_url, request):
    clock.set(START)
    make_group(bot, slack)
    bot.run_until(datetime(2026, 12, 24, 12, 0, tzinfo=UTC))  # an hour before the agenda
    bot.stop()  # the process ends; only the database remains
    clock.advance(days=3)  # ... and stays down past the agenda's due time
    second = BotUnderTest(slack, database_url, clock)
    request.addfinalizer(second.stop)
    second.run_until(END)
    messages = sent(slack)
    assert len(messages) == len(set(messages)) == STEPS_BY_END
    january = [m for m in messages if m[0] < clock_at(2027, 1, 1, 0)]
    # The agenda and the case request came due while the bot was down: sent late, once each,
    # as soon as it was back.
    assert [(when, channel) for when, channel, _ in january] == [
        (clock_at(2026, 12, 10, 13), "DU1"),
        (clock_at(2026, 12, 27, 12), "C1"),
        (clock_at(2026, 12, 27, 12), "DU1"),
        (clock_at(2026, 12, 31, 13), "DU1")]  # the case reminder, on time


def clock_at(*parts: int) -> float:
    return datetime(*parts, tzinfo=UTC).timestamp()


def test_a_step_missed_beyond_its_grace_is_skipped_not_sent_late(bot, slack, clock,
                                                                 database_url, request,
                                                                 capsys):
    clock.set(START)
    make_group(bot, slack)
    bot.run_until(datetime(2027, 1, 5, 0, 0, tzinfo=UTC))
    bot.stop()
    # Down until 13 hours after the day-before reminders were due (grace: 12 hours).
    clock.set(datetime(2027, 1, 7, 2, 0, tzinfo=UTC))
    second = BotUnderTest(slack, database_url, clock)
    request.addfinalizer(second.stop)
    second.tick()
    assert [m for m in sent(slack) if m[2].startswith("Morgen")] == []
    from bot.operator import print_due

    print_due(database_url, as_json=True)
    pending = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert pending and all(row["due_at"] > "2027-01-07" for row in pending)


def test_a_crash_between_slack_and_our_commit_does_not_send_twice(bot, slack, clock,
                                                                  database_url, request,
                                                                  monkeypatch):
    clock.set(START)
    make_group(bot, slack)
    from storage.outbox import Outbox

    original = Outbox.mark_sent

    def crash(self, *args, **kwargs):
        raise SystemExit("killed right after Slack accepted the message")

    monkeypatch.setattr(Outbox, "mark_sent", crash)
    clock.set(datetime(2026, 12, 10, 13, 0, tzinfo=UTC))
    with contextlib.suppress(SystemExit):
        bot.tick()
    assert len(slack.calls_to("chat.postMessage")) == 1  # the role proposal went out
    bot.stop()
    monkeypatch.setattr(Outbox, "mark_sent", original)
    clock.advance(minutes=5)  # the crashed process's lease has run out
    second = BotUnderTest(slack, database_url, clock)
    request.addfinalizer(second.stop)
    second.tick()
    assert len(slack.calls_to("chat.postMessage")) == 1  # found in history: not sent again
    assert slack.calls_to("conversations.history")
    second.run_until(datetime(2026, 12, 24, 14, 0, tzinfo=UTC))
    assert [m[2] for m in sent(slack)][:2] == ["Rollen voor Casemanagers Noord",
                                              "Agenda: Casemanagers Noord"]


def test_two_bots_on_one_database_fire_each_step_once(bot, slack, clock, database_url,
                                                      request):
    clock.set(START)
    make_group(bot, slack)
    second = BotUnderTest(slack, database_url, clock)
    request.addfinalizer(second.stop)
    moments = []
    moment = START
    while moment < END:
        moment += timedelta(hours=6)
        moments.append(moment)
    for moment in moments:
        clock.set(moment)
        threads = [threading.Thread(target=b.tick) for b in (bot, second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert len(sent(slack)) == STEPS_BY_END
    keys = [c.args["metadata"]["event_payload"]["key"] for c in slack.calls_to("chat.postMessage")]
    assert len(keys) == len(set(keys))
