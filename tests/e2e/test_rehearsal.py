"""`/intervisie rehearse`: a method for one person alone in their direct messages at sixty
times the speed, with the same phase messages and forms; it counts for nothing and leaves no
rows behind once it has ended."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import text

from tests.e2e.test_calendar_flow import START, make_group


def dm(slack, user):
    return slack.messages(f"D{user}")


def rows(engine) -> dict[str, int]:
    tables = ("groups", "meetings", "live_meetings", "contributions", "actions", "checkouts",
              "due_actions", "memberships")
    with engine.connect() as connection:
        counts = {table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar()
                  for table in tables}
        counts["sent_messages"] = connection.execute(text(
            "SELECT count(*) FROM sent_messages WHERE key LIKE 'live:%' "
            "OR key LIKE 'written:%'")).scalar()
    return counts


def test_a_rehearsal_runs_alone_in_the_dm_at_sixty_times_and_leaves_nothing(bot, slack, clock,
                                                                            engine):
    clock.set(START)
    make_group(bot, slack)  # a real group too: the rehearsal must not touch it
    before = rows(engine)
    slack.reset_calls()
    assert bot.command("oefen houvast", user="U2", channel="C1").status == 200
    opening = slack.wait_for(lambda: next((m for m in dm(slack, "U2")
                                           if m["text"].startswith("Intervisie:")), None))
    assert "60" in json.dumps(opening["blocks"])  # it says it runs sixty times faster
    assert not [c for c in slack.calls_to("chat.postMessage") if c.args["channel"] == "C1"]
    # The same phase messages, in the DM's thread, with the same buttons and forms.
    phase = slack.wait_for(lambda: next((m for m in dm(slack, "U2")
                                         if m.get("thread_ts") == opening["ts"]), None))
    assert "live.panel" in json.dumps(phase["blocks"])
    # A second rehearsal while this one runs is refused, kindly.
    bot.command("rehearse", user="U2", channel="C1")
    slack.wait_for_call("response_url", lambda c: "al aan het oefenen" in c.args.get("text", ""))
    # Houvast's 90 minutes and the frame take about two minutes; then the summary.
    bot.run_until(START + timedelta(minutes=3))
    slack.wait_for(lambda: any(m["text"].startswith("Samenvatting") for m in dm(slack, "U2")))
    # Counted for nothing: the real group's rows are as they were, the rehearsal's gone.
    bot.run_until(START + timedelta(minutes=6))
    assert rows(engine) == before


def test_a_written_rehearsal_takes_minutes_and_an_unknown_method_is_explained(bot, slack,
                                                                             clock, engine):
    clock.set(START)
    bot.command("rehearse knitting", user="U3", channel="C1")
    slack.wait_for_call("response_url", lambda c: "knitting" in c.args.get("text", ""))
    bot.command("rehearse ten-step written", user="U3", channel="C1")
    opening = slack.wait_for(lambda: next((m for m in dm(slack, "U3")
                                           if m["text"].startswith("Intervision:")), None))
    assert "working days" in json.dumps(opening["blocks"])
    bot.run_until(START + timedelta(minutes=9))
    assert not any(m["text"].startswith("Summary") for m in dm(slack, "U3"))
    bot.run_until(START + timedelta(minutes=11))
    slack.wait_for(lambda: any(m["text"].startswith("Summary") for m in dm(slack, "U3")))
    bot.run_until(START + timedelta(minutes=14))
    assert set(rows(engine).values()) == {0}

