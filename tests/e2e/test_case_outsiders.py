"""A case goes into the group's private channel only when everyone there is in the group;
otherwise each member gets it by DM and the coordinator hears who does not belong."""

from __future__ import annotations

import json

from tests.e2e.test_case_intake import CASE, SHARED, asked_for_the_case, open_form_from_dm


def _case_posts(slack, channel: str) -> list[dict]:
    return [m for m in slack.messages(channel) if CASE["question"] in json.dumps(
        m.get("blocks"), ensure_ascii=False)]


def test_someone_outside_the_group_in_the_channel_keeps_the_case_out_of_it(bot, slack,
                                                                          clock):
    asked_for_the_case(bot, slack, clock)
    slack.channels["C1"]["members"].append("U4")  # dana joined the channel, not the group
    bot.submit(open_form_from_dm(bot, slack), CASE)
    slack.reset_calls()
    bot.run_until(SHARED)
    assert slack.calls_to("conversations.members")
    assert _case_posts(slack, "C1") == []
    assert _case_posts(slack, "DU2") and _case_posts(slack, "DU3")
    assert _case_posts(slack, "DU4") == []
    told = [m["text"] for m in slack.messages("DU1") if "<@U4>" in m["text"]]
    assert len(told) == 1 and "niet in de groep" in told[0]
    assert "<@U2>" not in told[0]


def test_a_channel_of_only_group_members_gets_the_case(bot, slack, clock):
    asked_for_the_case(bot, slack, clock)
    bot.submit(open_form_from_dm(bot, slack), CASE)
    bot.run_until(SHARED)
    assert len(_case_posts(slack, "C1")) == 1
    assert _case_posts(slack, "DU2") == []
    assert not [m for m in slack.messages("DU1") if "niet in de groep" in m["text"]]
