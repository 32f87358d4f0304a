"""Choosing the written tempo: the group's default, working week and length in the setup
form (with polite errors), one meeting changed in the move form, and a live meeting switched
to writing from its opening."""

from __future__ import annotations

from datetime import time, timedelta

from storage.repositories import Store
from tests.e2e.test_calendar_flow import JAN7, START, make_group, open_setup_like
from tests.e2e.test_live_meeting import blocks_text, meeting_of, opening, thread
from tests.e2e.test_setup import GOOD, open_setup


def group_of(engine):
    with Store(engine).unit_of_work() as work:
        return work.groups.all()[0]


def test_the_setup_form_sets_the_written_tempo_and_the_working_week(bot, slack, clock,
                                                                    engine):
    clock.set(START)
    opened = open_setup(bot, slack)
    answers = {**GOOD, "first_date": "2027-01-07", "tempo": "written", "written_days": "4",
               "work_days": [], "work_start": "17:00", "work_end": "09:00"}
    errors = bot.submit(opened, answers).json()["errors"]
    assert set(errors) >= {"written_days", "work_days", "work_end"}
    assert "5 tot 20" in errors["written_days"]
    answers |= {"written_days": "12", "work_days": ["0", "1", "2", "3", "5"],
                "work_start": "08:00", "work_end": "16:30"}
    assert bot.submit(opened, answers).status == 200
    group = slack.wait_for(lambda: group_of(engine))
    assert (group.tempo, group.written_days, group.work_days) == ("written", 12,
                                                                  (0, 1, 2, 3, 5))
    assert (group.work_start, group.work_end) == (time(8), time(16, 30))


def test_one_meeting_moved_into_writing_and_one_switched_from_its_opening(bot, slack, clock,
                                                                          engine):
    clock.set(START)
    make_group(bot, slack)
    opened = open_setup_like(bot, slack, "move")
    assert bot.submit(opened, {"new_date": "2027-01-07", "new_time": "15:00",
                               "tempo": "written"}).status == 200
    slack.wait_for_call("chat.postMessage", lambda c: "verzet naar" in c.args["text"])
    with Store(engine).unit_of_work() as work:
        group = work.groups.all()[0]
        (moved,) = [m for m in work.meetings.of_group(group.id) if m.tempo]
    assert moved.tempo == "written" and group.tempo == "live"


def test_a_live_meeting_switched_to_writing_in_its_opening(bot, slack, clock, engine):
    clock.set(START)
    make_group(bot, slack)
    bot.run_until(JAN7)
    meeting, live = meeting_of(engine)
    assert live.written is None and "written.choose" in blocks_text(opening(slack))
    someone = next(u for u in ("U1", "U2", "U3") if u != meeting.facilitator
                   and u not in group_of(engine).coordinators)
    bot.press("C1", "written.choose", user=someone)
    slack.wait_for_call("response_url", lambda c: "gespreksleider" in c.args.get("text", ""))
    bot.press("C1", "written.choose", user=meeting.facilitator)
    slack.wait_for(lambda: thread(slack))
    meeting, live = meeting_of(engine)
    assert live.written is not None and live.status.value == "running"
    assert meeting.tempo == "written"
    assert live.phase_ends_at - JAN7 > timedelta(hours=1)  # in working time, not minutes
    # The opening is redrawn last: it no longer offers the switch.
    slack.wait_for(lambda: "written.choose" not in blocks_text(opening(slack)))
