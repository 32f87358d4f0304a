"""What the page sends becomes Slack's payload shapes: view state from raw form values."""

from __future__ import annotations

from bot.sandbox.gestures import element_value, state_values


def option(text, value):
    return {"text": {"type": "plain_text", "text": text}, "value": value}


BLOCKS = [
    {"type": "input", "block_id": "members", "element": {"type": "multi_users_select",
                                                          "action_id": "value"}},
    {"type": "input", "block_id": "language", "element": {
        "type": "static_select", "action_id": "value",
        "options": [option("Nederlands", "nl"), option("English", "en")]}},
    {"type": "input", "block_id": "rated", "element": {
        "type": "checkboxes", "action_id": "value", "options": [option("1", "1"),
                                                                option("2", "2")]}},
    {"type": "input", "block_id": "duration", "element": {"type": "number_input",
                                                           "action_id": "value"}},
    {"type": "input", "block_id": "first_date", "element": {"type": "datepicker",
                                                             "action_id": "value"}},
]


def test_raw_values_become_slacks_view_state_with_whole_options():
    state = state_values(BLOCKS, [
        {"block_id": "members", "action_id": "value", "value": ["U0ANNA", "U0BRAM"]},
        {"block_id": "language", "action_id": "value", "value": "en"},
        {"block_id": "rated", "action_id": "value", "value": ["2"]},
        {"block_id": "duration", "action_id": "value", "value": None},
        {"block_id": "first_date", "action_id": "value", "value": "2027-01-07"},
        {"block_id": "gone", "action_id": "value", "value": "x"},
    ])
    assert state == {
        "members": {"value": {"type": "multi_users_select",
                              "selected_users": ["U0ANNA", "U0BRAM"]}},
        "language": {"value": {"type": "static_select",
                               "selected_option": option("English", "en")}},
        "rated": {"value": {"type": "checkboxes", "selected_options": [option("2", "2")]}},
        "duration": {"value": {"type": "number_input", "value": None}},
        "first_date": {"value": {"type": "datepicker", "selected_date": "2027-01-07"}},
    }


def test_a_button_press_carries_the_buttons_own_value_not_the_pages():
    assert element_value({"type": "button", "value": "7:3"}, "forged") == {"value": "7:3"}
