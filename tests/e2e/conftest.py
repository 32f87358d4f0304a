"""End-to-end fixtures: a fake Slack workspace and the real bot talking to it over HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.fake_slack import FakeSlack
from tests.support.harness import BotUnderTest


@pytest.fixture
def slack(clock) -> Iterator[FakeSlack]:
    fake = FakeSlack(clock=clock)
    fake.add_user("U1", "anna", tz="Europe/Amsterdam", locale="nl-NL")
    fake.add_user("U2", "bram", tz="Europe/Amsterdam", locale="nl-NL")
    fake.add_user("U3", "chris", tz="Europe/London", locale="en-GB")
    fake.add_user("U4", "dana", tz="America/New_York", locale="en-US")
    fake.add_channel("C1", "intervisie-noord", is_private=True, members=["U1", "U2", "U3"])
    fake.add_channel("CPUB", "algemeen", is_private=False, members=["U1", "U2"])
    fake.add_channel("CNOBOT", "zonder-bot", is_private=True, members=["U1"],
                     bot_is_member=False)
    with fake:
        yield fake


@pytest.fixture
def bot(slack, engine, database_url, clock) -> Iterator[BotUnderTest]:
    running = BotUnderTest(slack, database_url, clock)
    yield running
    running.stop()
