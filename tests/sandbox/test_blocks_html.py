"""The sandbox's Block Kit renderer: every block and element type the bot uses is drawn as a
working control tied to its block and action, and an unknown type is shown, never dropped."""

from __future__ import annotations

import ast
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.sandbox.blocks_elements import ELEMENTS
from bot.sandbox.blocks_html import _BLOCKS, Surface, render_blocks
from bot.sandbox.mrkdwn import Viewer

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = (("U0ANNA", "Anna de Vries"), ("U0BRAM", "Bram Jansen"))
VIEWER = Viewer(zone="Europe/Amsterdam", language="nl",
                now=datetime(2026, 12, 1, 12, tzinfo=UTC), names=dict(PEOPLE))


def draw(blocks, kind="message", errors=None) -> str:
    return render_blocks(blocks, Surface(kind=kind, viewer=VIEWER, people=PEOPLE,
                                         errors=errors or {}))


def plain(text):
    return {"type": "plain_text", "text": text}


def option(text, value):
    return {"text": plain(text), "value": value}


def test_every_block_and_element_type_the_bot_renders_is_drawn():
    # Every "type" literal in the bot's renderers: a new one the sandbox cannot draw fails here.
    used = set()
    for path in (ROOT / "bot" / "render").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Dict):
                for key, value in zip(node.keys, node.values, strict=True):
                    if (isinstance(key, ast.Constant) and key.value == "type"
                            and isinstance(value, ast.Constant)):
                        used.add(value.value)
    known = set(_BLOCKS) | set(ELEMENTS) | {"plain_text", "mrkdwn", "modal", "home"}
    assert used and used <= known, used - known


def test_text_blocks_header_section_fields_context_divider():
    out = draw([{"type": "header", "text": plain("Agenda")},
                {"type": "section", "text": {"type": "mrkdwn", "text": "*Wanneer:* morgen"},
                 "fields": [{"type": "mrkdwn", "text": "_een_"}, plain("twee")]},
                {"type": "divider"},
                {"type": "context", "elements": [{"type": "mrkdwn", "text": "klein"}]}])
    assert "<h3>Agenda</h3>" in out
    assert "<b>Wanneer:</b> morgen" in out
    assert '<div class="bk-fields"><div class="bk-field"><i>een</i></div>' in out
    assert "<hr>" in out and 'class="bk-block bk-context"' in out


def test_buttons_keep_their_style_value_and_confirm_dialog():
    out = draw([{"type": "actions", "block_id": "b1", "elements": [
        {"type": "button", "text": plain("Start"), "action_id": "live.start", "value": "7",
         "style": "primary"},
        {"type": "button", "text": plain("Einde"), "action_id": "live.control.end",
         "value": "7:3", "style": "danger",
         "confirm": {"title": plain("Zeker?"), "text": plain("Echt stoppen"),
                     "confirm": plain("Ja"), "deny": plain("Nee"), "style": "danger"}}]}])
    assert re.search(r'<button[^>]*class="bk-button bk-primary"[^>]*data-block-id="b1" '
                     r'data-action-id="live.start" data-type="button" data-dispatch="1"', out)
    assert 'data-value="7"' in out and "bk-danger" in out
    confirm = re.search(r'data-confirm="([^"]+)"', out).group(1)
    assert json.loads(confirm.replace("&quot;", '"')) == {
        "title": "Zeker?", "text": "Echt stoppen", "confirm": "Ja", "deny": "Nee",
        "style": "danger"}


def test_overflow_static_and_user_selects_offer_their_options_with_the_initial_one():
    out = draw([{"type": "section", "block_id": "s", "text": plain("Methode"),
                 "accessory": {"type": "overflow", "action_id": "more",
                               "options": [option("Wijzigen", "edit")]}},
                {"type": "actions", "block_id": "a", "elements": [
                    {"type": "static_select", "action_id": "live.method",
                     "options": [option("Tienstappen", "ten_step"), option("Incident", "inc")],
                     "initial_option": option("Incident", "inc")},
                    {"type": "users_select", "action_id": "roles.facilitator",
                     "initial_user": "U0BRAM"}]}])
    assert 'class="bk-overflow"' in out and '<option value="edit">Wijzigen</option>' in out
    assert '<option value="inc" selected>Incident</option>' in out
    assert '<option value="ten_step">Tienstappen</option>' in out
    assert '<option value="U0BRAM" selected>Bram Jansen</option>' in out
    assert '<option value="U0ANNA">Anna de Vries</option>' in out


def input_block(block_id, element, **extra):
    return {"type": "input", "block_id": block_id, "label": plain(block_id.title()),
            "element": {"action_id": "value", **element}, **extra}


def test_modal_inputs_collect_values_without_sending_until_submit():
    out = draw([
        input_block("members", {"type": "multi_users_select", "initial_users": ["U0ANNA"]}),
        input_block("first_date", {"type": "datepicker", "initial_date": "2027-01-07"}),
        input_block("start_time", {"type": "timepicker", "initial_time": "14:00"}),
        input_block("share", {"type": "radio_buttons", "options": [
            option("Delen", "share"), option("Alleen titel", "title")],
            "initial_option": option("Delen", "share")}),
        input_block("rated", {"type": "checkboxes", "options": [option("Vraag 1", "1")]},
                    optional=True),
        input_block("story", {"type": "plain_text_input", "multiline": True,
                              "initial_value": "Het begon <b>", "max_length": 2700}),
        input_block("name", {"type": "plain_text_input",
                             "placeholder": plain("bijv. Noord")}),
        input_block("duration", {"type": "number_input", "is_decimal_allowed": False,
                                 "min_value": "60", "max_value": "240",
                                 "initial_value": "120"}),
    ], kind="modal")
    assert "data-dispatch" not in out  # inputs in a modal wait for the submit button
    assert out.count("data-input=\"1\"") == 8
    assert 'type="checkbox" value="U0ANNA" checked' in out
    assert 'type="checkbox" value="U0BRAM">' in out
    assert 'type="date" value="2027-01-07"' in out and 'type="time" value="14:00"' in out
    assert 'type="radio" value="share" checked' in out
    assert "(optioneel)" in out  # in the viewer's language, as Slack's client does
    assert 'maxlength="2700"' in out and ">Het begon &lt;b&gt;</textarea>" in out
    assert 'placeholder="bijv. Noord"' in out
    assert 'type="number"' in out and 'step="1"' in out and 'min="60" max="240"' in out


def test_an_input_with_dispatch_action_sends_at_once_and_errors_show_at_their_field():
    out = draw([input_block("rhythm", {"type": "static_select",
                                       "options": [option("Wekelijks", "weekly")]},
                            dispatch_action=True),
                input_block("nth", {"type": "static_select", "options": [option("1e", "1")]})],
               kind="modal", errors={"nth": "Kies een week van de maand."})
    assert out.count("data-dispatch") == 1
    assert 'role="alert">Kies een week van de maand.</div>' in out


def test_images_as_blocks_and_elements():
    out = draw([{"type": "image", "image_url": "https://example.org/a.png", "alt_text": "kaart",
                 "title": plain("Kaart")},
                {"type": "context", "elements": [
                    {"type": "image", "image_url": "https://example.org/i.png", "alt_text": "i"}]},
                {"type": "section", "text": plain("x"), "accessory": {
                    "type": "image", "image_url": "javascript:alert(1)", "alt_text": "no"}}])
    assert 'src="https://example.org/a.png" alt="kaart"' in out and "<figcaption>Kaart" in out
    assert 'class="bk-context-img"' in out
    assert "javascript:" not in out


@pytest.mark.parametrize("blocks, shown", [
    ([{"type": "video", "title": plain("x")}], "block type <code>video</code>"),
    ([{"type": "actions", "elements": [{"type": "workflow_button", "action_id": "w"}]}],
     "element type <code>workflow_button</code>"),
    ([{"type": "context", "elements": [{"type": "button"}]}],
     "context element type <code>button</code>"),
])
def test_an_unknown_type_is_a_visible_placeholder(blocks, shown):
    out = draw(blocks)
    assert 'class="bk-unknown"' in out and shown in out


def test_text_is_escaped_everywhere():
    out = draw([{"type": "section", "text": plain("<script>alert(1)</script>")},
                {"type": "section", "text": {"type": "mrkdwn",
                                             "text": "&lt;img src=x onerror=alert(1)&gt;"}}])
    assert "<script>" not in out and "<img" not in out
