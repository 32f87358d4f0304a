"""Where a group meets, against the fake Slack: set in the setup (a video link, checked
politely) and per meeting in the move form; shown in the agenda, in the day-before reminder
(with where the shared case is and what to prepare) and in the calendar (LOCATION, URL)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from icalendar import Calendar

from tests.e2e.test_calendar_address import PUBLIC_URL, address_of, get
from tests.e2e.test_calendar_flow import FEB4, START, open_setup_like
from tests.e2e.test_case_intake import CASE, open_form_from_dm
from tests.e2e.test_setup import GOOD, open_setup
from tests.support.harness import BotUnderTest

LINK = "https://meet.example.nl/noord"
ROOM = "Kamer 2.14, kantoor Utrecht"
DAY_BEFORE = datetime(2027, 1, 6, 13, 0, tzinfo=UTC)


@pytest.fixture
def bot(slack, engine, database_url, clock):
    running = BotUnderTest(slack, database_url, clock, public_url=PUBLIC_URL)
    yield running
    running.stop()


def dm_text(slack, user: str) -> str:
    return json.dumps(slack.messages(f"D{user}")[-1]["blocks"], ensure_ascii=False)


def test_the_groups_video_link_in_agenda_reminder_and_calendar(bot, slack, clock):
    clock.set(START)
    opened = open_setup(bot, slack)
    answers = {**GOOD, "first_date": "2027-01-07"}
    for typed, error in (("www.meet.example.nl/noord", "Zet er https:// voor"),
                         ("ftp://meet.example.nl", "begint met https://"),
                         ("https://", "lijkt niet te kloppen")):
        errors = bot.submit(opened, {**answers, "location": typed}).json()["errors"]
        assert list(errors) == ["location"] and error in errors["location"]
    assert bot.submit(opened, {**answers, "location": LINK}).status == 200
    slack.wait_for_call("chat.postMessage")

    bot.run_until(datetime(2026, 12, 24, 13, 0, tzinfo=UTC))
    agenda = next(m for m in slack.messages("C1") if m["text"].startswith("Agenda"))
    assert f"<{LINK}|deze link naar het videogesprek>" in json.dumps(agenda["blocks"])

    slack.reset_calls()
    bot.submit(open_form_from_dm(bot, slack), CASE)  # U1 brings the case, shared in C1
    bot.run_until(DAY_BEFORE)
    member, bringer = dm_text(slack, "U2"), dm_text(slack, "U1")
    assert "Morgen" in member and LINK in member
    assert "De casus van <@U1> staat in <#C1>" in member
    assert "*Voorbereiden:* lees de casus" in member or "*Voorbereiden:* jij leidt" in member
    assert "jij brengt de casus in" in bringer and "De casus van <@U1>" not in bringer

    (master,) = [e for e in Calendar.from_ical(get(bot, address_of(bot, slack, "U2"))[2])
                 .walk("VEVENT") if "RRULE" in e]
    assert str(master["LOCATION"]) == LINK and str(master["URL"]) == LINK


def test_one_meeting_elsewhere_from_the_move_form(bot, slack, clock):
    clock.set(START)
    opened = open_setup(bot, slack)
    assert bot.submit(opened, {**GOOD, "first_date": "2027-01-07", "location": LINK}
                      ).status == 200
    slack.wait_for_call("chat.postMessage")
    path = address_of(bot, slack, "U2")
    before = Calendar.from_ical(get(bot, path)[2])

    opened = open_setup_like(bot, slack, "verzetten")
    place = next(b for b in opened.args["view"]["blocks"] if b["block_id"] == "location")
    assert LINK in place["hint"]["text"]  # empty keeps the group's place
    move = {"meeting": opened.args["view"]["blocks"][0]["element"]["options"][1]["value"],
            "new_date": "2027-02-04", "new_time": "15:00"}
    errors = bot.submit(opened, {**move, "location": "javascript:alert(1)"}).json()["errors"]
    assert list(errors) == ["location"]
    assert bot.submit(opened, {**move, "location": ROOM}).status == 200
    slack.wait_for_call("chat.postMessage")

    after = Calendar.from_ical(get(bot, path)[2])
    (moved,) = [e for e in after.walk("VEVENT") if "RECURRENCE-ID" in e]
    assert str(moved["LOCATION"]) == ROOM and "URL" not in moved
    assert moved.decoded("RECURRENCE-ID").astimezone(UTC) == FEB4
    (old,) = [e for e in before.walk("VEVENT") if "RRULE" in e]
    (new,) = [e for e in after.walk("VEVENT") if "RRULE" in e]
    assert int(new["SEQUENCE"]) > int(old["SEQUENCE"])

    bot.run_until(datetime(2027, 1, 22, 13, 0, tzinfo=UTC))  # past February's agenda
    january, february = [json.dumps(m["blocks"], ensure_ascii=False)
                         for m in slack.messages("C1") if m["text"].startswith("Agenda")]
    assert f"*Waar:* {ROOM}" in february and ROOM not in january and LINK in january
