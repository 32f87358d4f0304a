"""The fake Slack's Block Kit checks held against slack_sdk's own model validation: whatever
the SDK refuses, the fake refuses too, and the fake also enforces the limits Slack publishes
that the SDK does not check (10 options in a checkboxes or radio element)."""

from __future__ import annotations

import pytest

from tests.support.block_kit import message_problems, sdk_problems


def plain(text: str) -> dict:
    return {"type": "plain_text", "text": text}


def option(text: str, value: str = "v") -> dict:
    return {"text": plain(text), "value": value}


def options(count: int) -> list[dict]:
    return [option(f"o{i}", str(i)) for i in range(count)]


def actions(element: dict) -> list[dict]:
    return [{"type": "actions", "elements": [{"action_id": "a", **element}]}]


# Each is refused by slack_sdk's validators; the fake must refuse it as well.
BOTH = {
    "button text 76": actions({"type": "button", "text": plain("b" * 76)}),
    "button value 2001": actions({"type": "button", "text": plain("b"), "value": "v" * 2001}),
    "header 151": [{"type": "header", "text": plain("h" * 151)}],
    "section 3001": [{"type": "section", "text": {"type": "mrkdwn", "text": "s" * 3001}}],
    "overflow 6": actions({"type": "overflow", "options": options(6)}),
    "select 101": actions({"type": "static_select", "placeholder": plain("p"),
                           "options": options(101)}),
    "multi select 101": actions({"type": "multi_static_select", "placeholder": plain("p"),
                                 "options": options(101)}),
    "select 101 groups": actions({"type": "static_select", "placeholder": plain("p"),
                                  "option_groups": [{"label": plain("g"), "options": options(1)}
                                                    ] * 101}),
    "context 11": [{"type": "context", "elements": [{"type": "mrkdwn", "text": "c"}] * 11}],
    "actions 26": [{"type": "actions", "elements": [
        {"type": "button", "text": plain("b"), "action_id": f"a{i}"} for i in range(26)]}],
}

# Slack's reference sets these limits; slack_sdk does not check them, the fake does.
FAKE_ONLY = {
    "option value 151": actions({"type": "static_select", "placeholder": plain("p"),
                                 "options": [option("o", "v" * 151)]}),
    "group label 76": actions({"type": "static_select", "placeholder": plain("p"),
                               "option_groups": [{"label": plain("g" * 76),
                                                  "options": options(2)}]}),
    "checkboxes 11": actions({"type": "checkboxes", "options": options(11)}),
    "radio 11": actions({"type": "radio_buttons", "options": options(11)}),
    "initial option not offered": actions({"type": "static_select", "placeholder": plain("p"),
                                           "options": options(2),
                                           "initial_option": option("x", "9")}),
}

GOOD = {
    "checkboxes 10": actions({"type": "checkboxes", "options": options(10)}),
    "radio 10": actions({"type": "radio_buttons", "options": options(10)}),
    "select 100": actions({"type": "static_select", "placeholder": plain("p"),
                           "options": options(100)}),
    "overflow 5": actions({"type": "overflow", "options": options(5)}),
    "overflow 1": actions({"type": "overflow", "options": options(1)}),
    "button 75": actions({"type": "button", "text": plain("b" * 75)}),
    "header 150": [{"type": "header", "text": plain("h" * 150)}],
}


@pytest.mark.parametrize("name", sorted(BOTH))
def test_what_slack_sdk_refuses_the_fake_refuses(name: str) -> None:
    blocks = BOTH[name]
    assert sdk_problems(blocks), f"slack_sdk accepts {name}: move it to FAKE_ONLY"
    assert message_problems(blocks), name


@pytest.mark.parametrize("name", sorted(FAKE_ONLY))
def test_the_fake_also_keeps_the_limits_slack_sdk_does_not_check(name: str) -> None:
    blocks = FAKE_ONLY[name]
    assert sdk_problems(blocks) == []
    assert message_problems(blocks), name


@pytest.mark.parametrize("name", sorted(GOOD))
def test_right_at_the_limit_both_accept(name: str) -> None:
    assert sdk_problems(GOOD[name]) == [] and message_problems(GOOD[name]) == []
