"""The calendar people subscribe to: a personal, secret, revocable address (HTTP mode with
PUBLIC_URL), served by the bot's own HTTP server; and the file when there is no address."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from datetime import UTC, datetime

import pytest
from icalendar import Calendar

from tests.e2e.test_calendar_flow import FEB4, JAN7, START, make_group, open_setup_like
from tests.e2e.test_setup import create_group
from tests.support.harness import BotUnderTest
from tests.support.ical_readers import READERS

PUBLIC_URL = "https://intervisie.example.org"
ADDRESS = re.compile(re.escape(PUBLIC_URL) + r"(/calendar/[A-Za-z0-9_-]+\.ics)")
YEAR = (datetime(2027, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC))


@pytest.fixture
def bot(slack, engine, database_url, clock):
    running = BotUnderTest(slack, database_url, clock, public_url=PUBLIC_URL)
    yield running
    running.stop()


def address_of(bot, slack, user: str, text: str = "calendar", channel: str = "C1") -> str:
    slack.reset_calls()
    bot.command(text, user=user, channel=channel)
    answer = slack.wait_for_call("response_url").args["text"]
    found = ADDRESS.search(answer)
    assert found, answer
    return found[1]


def get(bot, path: str, **headers) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(bot.url + path, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def instants(ics: bytes) -> list[datetime]:
    seen = {name: [begin for begin, _ in reader(ics, *YEAR)] for name, reader in READERS.items()}
    assert seen["ical"] == seen["vobject"] == seen["icalendar"], seen
    return seen["ical"]


def test_a_member_subscribes_and_sees_moves_and_cancellations_live(bot, slack, clock):
    clock.set(START)
    make_group(bot, slack)
    path = address_of(bot, slack, "U2")
    assert "Outlook" in slack.calls_to("response_url")[0].args["text"]
    assert slack.files == []  # an address, not a file
    status, headers, body = get(bot, path)
    assert status == 200
    assert headers["Content-Type"].startswith("text/calendar")
    assert headers["Cache-Control"].startswith("private")
    etag = headers["ETag"]
    assert Calendar.from_ical(body)["X-WR-CALNAME"] == "Intervisie: Casemanagers Noord"
    assert JAN7 in instants(body) and FEB4 in instants(body)
    # Nothing changed: the client's copy is still good.
    assert get(bot, path, **{"If-None-Match": etag})[0] == 304
    assert get(bot, path)[1]["ETag"] == etag

    assert bot.submit(open_setup_like(bot, slack, "cancel"), {}).status == 200  # January
    slack.wait_for_call("chat.postMessage")
    opened = open_setup_like(bot, slack, "move")
    assert bot.submit(opened, {"new_date": "2027-02-03", "new_time": "10:00"}).status == 200
    slack.wait_for_call("chat.postMessage", lambda c: "verzet naar" in c.args["text"])

    status, headers, body = get(bot, path, **{"If-None-Match": etag})
    assert status == 200 and headers["ETag"] != etag
    seen = instants(body)
    assert JAN7 not in seen and FEB4 not in seen
    assert datetime(2027, 2, 3, 9, 0, tzinfo=UTC) in seen
    (series,) = [e for e in Calendar.from_ical(body).walk("VEVENT") if "RRULE" in e]
    assert int(series["SEQUENCE"]) >= 2  # a cancel and a move
    assert series["LAST-MODIFIED"].dt == START


def test_the_description_tells_the_member_their_role(bot, slack, clock):
    clock.set(START)
    make_group(bot, slack)
    bot.run_until(datetime(2026, 12, 10, 13, 0, tzinfo=UTC))  # roles proposed for January
    bringer = [e for e in Calendar.from_ical(get(bot, address_of(bot, slack, "U1"))[2]).walk(
        "VEVENT") if "RECURRENCE-ID" in e and e["RECURRENCE-ID"].dt == JAN7]
    assert bringer and str(bringer[0]["DESCRIPTION"]).startswith(
        "Je brengt in deze bijeenkomst een casus in.")
    other = Calendar.from_ical(get(bot, address_of(bot, slack, "U3"))[2])
    assert "casus in." not in other.to_ical().decode()


def test_revoking_gives_a_new_address_and_the_old_one_stops(bot, slack, clock):
    clock.set(START)
    make_group(bot, slack)
    old = address_of(bot, slack, "U2")
    assert address_of(bot, slack, "U2") == old  # shown again, the same
    new = address_of(bot, slack, "U2", "agenda intrekken")
    assert "werkt niet meer" in slack.calls_to("response_url")[0].args["text"]
    assert new != old
    assert get(bot, old)[0] == 404
    assert get(bot, new)[0] == 200
    assert address_of(bot, slack, "U2", "calendar revoke") != new


def test_unknown_bad_and_foreign_addresses(bot, slack, clock):
    clock.set(START)
    make_group(bot, slack)
    create_group(bot, slack, channel="CPUB", name="Wijkteam Zuid", members=["U1", "U2"])
    noord = get(bot, address_of(bot, slack, "U2"))[2]
    zuid = get(bot, address_of(bot, slack, "U2", channel="CPUB"))[2]
    assert b"Wijkteam Zuid" not in noord and b"Casemanagers Noord" not in zuid
    uids = [{str(e["UID"]) for e in Calendar.from_ical(ics).walk("VEVENT")}
            for ics in (noord, zuid)]
    assert uids[0] and uids[1] and not uids[0] & uids[1]
    assert get(bot, "/calendar/" + "A" * 43 + ".ics")[0] == 404
    assert get(bot, "/calendar/../../etc/passwd")[0] == 404
    assert get(bot, "/calendar/short.ics")[0] == 404
    request = urllib.request.Request(bot.url + "/calendar/" + "A" * 43 + ".ics", data=b"x")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 405


def test_someone_who_left_the_group_loses_the_calendar(bot, slack, clock):
    clock.set(START)
    make_group(bot, slack)
    path = address_of(bot, slack, "U3")
    opened = open_setup_like(bot, slack, "setup")
    assert bot.submit(opened, {"members": ["U1", "U2"]}).status == 200
    slack.wait_for_call("chat.postMessage")
    assert get(bot, path)[0] == 404


def test_the_home_tab_shows_the_address(bot, slack, clock):
    clock.set(START)
    make_group(bot, slack)
    path = address_of(bot, slack, "U2")
    slack.reset_calls()
    bot.event({"type": "app_home_opened", "user": "U2", "channel": "DU2", "tab": "home"},
              event_id="EvHomeCal")
    blocks = json.dumps(slack.wait_for_call("views.publish").args["view"]["blocks"],
                        ensure_ascii=False)
    assert f"{PUBLIC_URL}{path}" in blocks and "abonneren" in blocks
