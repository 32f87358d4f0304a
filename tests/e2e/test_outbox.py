"""What the bot decided is delivered: once, in order, also when Slack asks it to wait or fails
for a while; and what Slack refuses for good reaches the coordinator once.

Against the real Bolt app and the fake Slack over HTTP (the deliverer runs on the caller's
thread here; tests/e2e/test_storm.py runs it on its own thread in a real process).
"""

from __future__ import annotations

import logging

from storage.repositories import Store
from tests.e2e.test_calendar_flow import JAN7
from tests.e2e.test_case_intake import CASE, asked_for_the_case, open_form_from_dm
from tests.e2e.test_live_meeting import at_the_meeting, control, people, thread, titles


def queued(engine) -> tuple[int, list]:
    with Store(engine).unit_of_work() as work:
        return work.queue.count_pending(), work.queue.failed()


def passing(bot, engine) -> bool:
    """Let two seconds pass and sweep; True once nothing is left to deliver."""
    bot.clock.advance(seconds=2)
    bot.tick()
    return queued(bot.bot.store.engine) == (0, [])


def dms_to(slack, channel, words):
    return [c for c in slack.calls_to("chat.postMessage")
            if c.ok and c.args["channel"] == channel and words in c.args["text"]]


def test_the_same_submission_press_command_and_event_four_times_act_once(
        bot, slack, clock, engine, monkeypatch, caplog):
    caplog.set_level(logging.WARNING, logger="bot.listeners.guard")
    asked_for_the_case(bot, slack, clock)
    opened = open_form_from_dm(bot, slack)
    new_trigger = slack.new_trigger_id

    def again(trigger: str) -> None:  # from now on, Slack delivers the same request again
        monkeypatch.setattr(slack, "new_trigger_id", lambda: trigger)

    again(new_trigger())
    assert all(bot.submit(opened, CASE).status == 200 for _ in range(4))
    slack.wait_for(lambda: dms_to(slack, "DU1", "is binnen"))
    assert len(dms_to(slack, "DU1", "is binnen")) == 1

    monkeypatch.setattr(slack, "new_trigger_id", new_trigger)
    bot.run_until(JAN7)
    _, facilitator, _ = people(engine)
    again(new_trigger())
    start = bot.slack_element("C1", "live.start")
    assert all(bot.press_in(*start, "C1", facilitator).status == 200 for _ in range(4))
    slack.wait_for(lambda: thread(slack))
    again(new_trigger())
    assert all(bot.command("card", user="U2").status == 200 for _ in range(4))
    slack.wait_for(lambda: len(thread(slack)) >= 2)

    joined = {"type": "member_joined_channel", "user": slack.bot_user_id, "channel": "CPUB",
              "inviter": "U1", "event_ts": "1.0"}
    assert all(bot.event(joined, event_id="Ev-join").status == 200 for _ in range(4))
    slack.wait_for(lambda: [c for c in slack.calls_to("chat.postMessage")
                            if c.args["channel"] == "CPUB"])
    # Duplicates are turned away before the acknowledgement, so nothing more can follow.
    assert len([r for r in caplog.records if "delivered before" in r.getMessage()]) == 9
    assert titles(slack)[0] == "1/16 · Inchecken" and len(thread(slack)) == 2
    assert len([c for c in slack.calls_to("chat.postMessage") if c.args["channel"] == "CPUB"]) == 1


def test_a_burst_of_429s_and_5xx_delays_messages_but_loses_none_and_keeps_their_order(
        bot, slack, clock, engine):
    at_the_meeting(bot, slack, clock)
    _, facilitator, _ = people(engine)
    slack.rate_limit("chat.postMessage", times=2, retry_after=2)
    slack.fail("chat.update", times=1, status=503)
    bot.press("C1", "live.start", user=facilitator)
    slack.wait_for(lambda: [c for c in slack.calls_to("chat.postMessage") if c.ratelimited])
    assert thread(slack) == []  # Slack said wait: the phase's prompt is queued, not lost
    assert queued(engine)[0] >= 1
    for _ in range(6):  # time passes; each sweep delivers what may go
        clock.advance(seconds=2)
        bot.tick()
    # The opening's redraw that met the 503 went out on the next try.
    assert [c.ok for c in slack.calls_to("chat.update")][:2] == [False, True]
    posted_before = [c for c in slack.calls_to("chat.postMessage") if c.ok]
    control(bot, slack, facilitator, "next")  # (the panel starts a fresh call list)
    slack.wait_for(lambda: len(thread(slack)) >= 2)
    slack.wait_for(lambda: passing(bot, engine))
    assert titles(slack) == ["1/16 · Inchecken", "2/16 · Terugblik"]
    assert queued(engine) == (0, [])
    posted = posted_before + [c for c in slack.calls_to("chat.postMessage") if c.ok]
    keys = [c.args["metadata"]["event_payload"]["key"] for c in posted]
    assert len(keys) == len(set(keys))  # none twice


def test_what_slack_refuses_for_good_is_told_to_the_coordinator_once(bot, slack, clock, engine,
                                                                      caplog):
    at_the_meeting(bot, slack, clock)
    _, facilitator, _ = people(engine)
    slack.channels["C1"]["bot_is_member"] = False  # someone removed the bot from the channel
    caplog.set_level(logging.ERROR, logger="bot.deliverer")
    bot.press("C1", "live.start", user=facilitator)
    slack.wait_for(lambda: dms_to(slack, "DU1", "kon niet worden afgeleverd"))
    failed = len(queued(engine)[1])
    bot.command("card", user="U2")  # the card goes to the thread: refused as well
    slack.wait_for(lambda: len(queued(engine)[1]) > failed)
    told = dms_to(slack, "DU1", "kon niet worden afgeleverd")
    assert len(told) == 1 and "not_in_channel" in told[0].args["text"]
    assert any("refused for good: not_in_channel" in r.getMessage() for r in caplog.records)
    slack.wait_for(lambda: queued(engine)[0] == 0)  # nothing waits for what cannot go


def test_a_step_whose_firing_failed_is_tried_again_when_its_lease_runs_out(
        bot, slack, clock, engine, monkeypatch):
    from bot import use_cases
    from tests.e2e.test_calendar_flow import START, make_group

    clock.set(START)
    make_group(bot, slack)
    original, failures = use_cases.fire_timeline, []

    def failing_once(work, due, now):
        if not failures:
            failures.append(due.key)
            raise RuntimeError("a bug, once")
        return original(work, due, now)

    monkeypatch.setattr(use_cases, "fire_timeline", failing_once)
    first_due = bot.bot.services.runtime.next_due_at()
    clock.set(first_due)
    bot.tick()
    assert failures and not slack.calls_to("chat.postMessage")
    # Not renewed (nobody works on it): after its lease another sweep fires it, once.
    assert bot.bot.services.runtime.next_due_at() > first_due
    clock.advance(seconds=9)
    bot.tick()
    assert len(slack.calls_to("chat.postMessage")) >= 1
    with Store(engine).unit_of_work() as work:
        assert failures[0] not in [d.key for d in work.due.pending()]
