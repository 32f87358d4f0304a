"""The group's charts against the fake Slack: with the evaluation summary each coordinator
gets the pictures as a PNG in their DM (once); with PUBLIC_URL the coordinator's Home tab
shows them as an image the bot serves itself, at a signed URL."""

from __future__ import annotations

import io
import itertools
import urllib.error
import urllib.request
from dataclasses import replace
from datetime import timedelta

import pytest
from PIL import Image

from flows.flipover import Checkout
from storage.repositories import Store
from tests.e2e.test_calendar_flow import FEB4, JAN7, START, make_group
from tests.e2e.test_evaluation import hold
from tests.support.harness import BotUnderTest

PUBLIC = "https://intervisie.example.org"
OPENED = itertools.count()


def home_of(bot, slack, user):
    slack.reset_calls()
    bot.event({"type": "app_home_opened", "user": user, "channel": f"D{user}", "tab": "home"},
              event_id=f"EvHome{next(OPENED)}")
    return slack.wait_for_call("views.publish").args["view"]["blocks"]


def with_checkouts(engine, at, scores, coming=("U1", "U2", "U3")):
    with Store(engine).unit_of_work() as work:
        group = work.groups.all()[0]
        (meeting,) = [m for m in work.meetings.of_group(group.id) if m.start == at]
        work.meetings.save(replace(meeting, coming=frozenset(coming)))
        for user, score in zip(("U1", "U2", "U3"), scores, strict=False):
            work.flipover.save_checkout(Checkout(meeting.id, user, score), at)


def picture(content: bytes) -> tuple[str, tuple[int, int]]:
    image = Image.open(io.BytesIO(content))
    image.load()  # decodes the whole file
    return image.format, image.size


def test_with_the_evaluation_summary_the_coordinator_gets_the_charts(bot, slack, clock, engine):
    clock.set(START)
    make_group(bot, slack, evaluation_every="2")
    hold(bot, slack, engine, JAN7)
    with_checkouts(engine, JAN7, (4, 5, 3))
    hold(bot, slack, engine, FEB4)
    with_checkouts(engine, FEB4, (2, 5), coming=("U1", "U2"))  # two check-outs: too few
    bot.run_until(FEB4 + timedelta(days=7, minutes=1))
    slack.wait_for(lambda: slack.files)
    (chart,) = slack.files
    assert chart.channel_id == "DU1"  # the coordinator, and only them
    assert chart.filename.endswith(".png") and chart.title == "Grafieken Casemanagers Noord"
    assert picture(chart.content) == ("PNG", (960, 320))
    assert chart.alt_txt == (
        "Aanwezig per bijeenkomst: 07-01: 3, 04-02: 2. Gemiddeld nut volgens de check-outs "
        "(alleen bij 3 of meer): 07-01: 4. Gebruikte methoden: Tienstappenmethode 2.")
    assert "Niemands eigen antwoorden" in chart.initial_comment
    bot.run_until(FEB4 + timedelta(days=8))  # the summary's step is done: no second picture
    assert len(slack.files) == 1


@pytest.fixture
def public_bot(slack, engine, database_url, clock):
    running = BotUnderTest(slack, database_url, clock, public_url=PUBLIC)
    yield running
    running.stop()


def test_with_a_public_url_the_coordinators_home_shows_the_charts(public_bot, slack, clock,
                                                                  engine):
    bot = public_bot
    clock.set(START)
    make_group(bot, slack)
    assert not [b for b in home_of(bot, slack, "U1") if b["type"] == "image"]  # nothing yet
    hold(bot, slack, engine, JAN7)
    with_checkouts(engine, JAN7, (4, 5, 3))
    clock.set(JAN7 + timedelta(hours=3))
    (image,) = [b for b in home_of(bot, slack, "U1") if b["type"] == "image"]
    assert image["image_url"].startswith(f"{PUBLIC}/charts/")
    assert "07-01: 4" in image["alt_text"]
    assert not [b for b in home_of(bot, slack, "U2") if b["type"] == "image"]  # not coordinating

    path = image["image_url"].removeprefix(PUBLIC)
    with urllib.request.urlopen(bot.url + path) as answer:
        assert answer.headers["Content-Type"] == "image/png"
        assert picture(answer.read()) == ("PNG", (960, 320))
    forged = path[:-8] + ("0000" if not path.endswith("0000.png") else "1111") + ".png"
    for wrong in (forged, "/charts/1/abc/" + "0" * 32 + ".png", "/charts/../x.png"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(bot.url + wrong)
        assert refused.value.code == 404

    with_checkouts(engine, JAN7, (1, 1, 1))  # the picture changed: so does its address
    (again,) = [b for b in home_of(bot, slack, "U1") if b["type"] == "image"]
    assert again["image_url"] != image["image_url"]


def test_without_a_public_url_the_home_has_no_image(bot, slack, clock, engine):
    clock.set(START)
    make_group(bot, slack)
    hold(bot, slack, engine, JAN7)
    clock.set(JAN7 + timedelta(hours=3))
    assert "07-01-2027" in str(home_of(bot, slack, "U1"))  # the overview lists the meeting …
    assert not [b for b in home_of(bot, slack, "U1") if b["type"] == "image"]  # … no picture
