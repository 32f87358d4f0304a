"""One written meeting through the fake Slack, with a restart of days in the middle: the
first phase opens by itself, each who must act gets it by direct message with its deadline,
what members add stays out of every message and view until the phase closes, then it is shown
in the thread; the meeting ends with its summary after its working days."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from zoneinfo import ZoneInfo

from storage.repositories import Store
from tests.e2e.test_calendar_flow import JAN7, START, make_group
from tests.e2e.test_live_meeting import blocks_text, meeting_of, thread
from tests.support.harness import BotUnderTest

AMS = ZoneInfo("Europe/Amsterdam")


def written_group(bot, slack, clock, engine):
    clock.set(START)
    make_group(bot, slack)
    with Store(engine).unit_of_work() as work:
        group = work.groups.all()[0]
        work.groups.save(replace(group, tempo="written"), clock.now())


def everything_seen(slack) -> str:
    """Every message, update, view and private answer the bot sent anyone, as one text."""
    return json.dumps([call.args for call in slack.calls], ensure_ascii=False)


def add_from_dm(bot, slack, user, text):
    """The Add button in the user's direct message about the phase, and the form sent."""
    forms = len(slack.calls_to("views.open"))
    assert bot.press(f"D{user}", "live.form.add", user=user).status == 200
    slack.wait_for(lambda: len(slack.calls_to("views.open")) > forms)
    form = slack.calls_to("views.open")[forms]
    assert bot.submit(form, {"text": text}, user=user).status == 200


def run_to_phase(bot, engine, phase_id):
    _, live = meeting_of(engine)
    while live.phase.phase.id != phase_id:
        bot.run_until(live.phase_ends_at)
        _, live = meeting_of(engine)
    return live


def test_a_written_meeting_over_days_survives_a_restart_and_reveals_at_the_deadline(
        bot, slack, clock, engine, database_url, request):
    written_group(bot, slack, clock, engine)
    bot.run_until(JAN7)
    meeting, live = meeting_of(engine)
    assert live.written is not None and live.status.value == "running"
    bringer, facilitator = meeting.case_bringers[0], meeting.facilitator
    others = [u for u in ("U1", "U2", "U3") if u not in (bringer, facilitator)]
    # The first phase (the check-in) reached everyone asked, by DM, with its deadline as a
    # date token each reader sees in their own zone.
    slack.wait_for(lambda: thread(slack))
    # Nobody has to press Start: the opening is posted running, with no Start button.
    posted = next(c for c in slack.calls_to("chat.postMessage")
                  if c.args["text"].startswith("Intervisie:"))
    assert "live.start" not in json.dumps(posted.args["blocks"])
    for user in others:
        dm = slack.wait_for(lambda u=user: slack.messages(f"D{u}"))
        assert "<!date^" in dm[-1]["text"] and "live.form.add" in blocks_text(dm[-1])

    live = run_to_phase(bot, engine, "questions")
    deadline = live.phase_ends_at
    local = deadline.astimezone(AMS)
    assert local.weekday() < 5 and 9 <= local.hour <= 17
    secret = "Wie stond er die nacht naast je?"
    add_from_dm(bot, slack, others[0], secret)
    slack.wait_for(lambda: "1 van de " in blocks_text(thread(slack)[-1]))
    assert secret not in everything_seen(slack)

    # The bot stops during the phase and stays down until a day past its deadline.
    bot.stop()
    clock.set(deadline + timedelta(days=1))
    second = BotUnderTest(slack, database_url, clock)
    request.addfinalizer(second.stop)
    assert secret not in everything_seen(slack)
    second.tick()
    # At the deadline the phase closed and what was added is shown, in the thread.
    slack.wait_for(lambda: any(secret in blocks_text(m) for m in thread(slack)))
    _, live = meeting_of(engine)
    assert live.phase.phase.id != "questions"
    while live.status.value == "running":
        second.run_until(live.phase_ends_at)
        _, live = meeting_of(engine)
    summary = slack.wait_for(lambda: next((m for m in thread(slack)
                                           if m["text"].startswith("Samenvatting")), None))
    assert secret in blocks_text(summary)
    held = meeting_of(engine)[0]
    assert held.status.value == "held" and held.tempo == "written"
    # Present: who took part in writing (and the facilitator who led it), not the others.
    assert held.coming == {others[0], facilitator}
    assert set(others[1:]) <= held.not_coming
    # The attendance register names the tempo with the method.
    from bot.records_use_cases import _held
    with Store(engine).unit_of_work() as work:
        register = _held(work, work.groups.all()[0], "nl")
    assert "Tienstappenmethode (schriftelijk)" in [h.method for h in register]
