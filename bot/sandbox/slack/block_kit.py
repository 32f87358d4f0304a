"""Block Kit limit checks for the fake Slack Web API (and for tests that want them directly).

Pure functions: each returns a list of human-readable problems, empty when the payload is fine.
The limits are Slack's published ones (see shared/design/SLACK.md). slack_sdk's model classes
check many of these when serialised, but the bot may also build plain dicts, and nothing in
slack_sdk checks the per-message block count or duplicate block_ids, so the fake checks all.
"""

from __future__ import annotations

import json
from typing import Any

MESSAGE_MAX_BLOCKS = 50
VIEW_MAX_BLOCKS = 100
# Slack says "250 kB"; counting 1000-byte kB is the stricter reading.
VIEW_MAX_BYTES = 250_000

KNOWN_BLOCK_TYPES = frozenset(
    {"section", "header", "divider", "context", "actions", "input", "image", "rich_text",
     "markdown"}
)
TEXT_TYPES = frozenset({"plain_text", "mrkdwn"})
# Elements that carry a list of options, and so the option limits.
OPTION_ELEMENTS = frozenset(
    {"static_select", "multi_static_select", "radio_buttons", "checkboxes", "overflow"}
)
# How many options each may carry (Slack's Block Kit reference, per element): a checkboxes
# or radio element holds at most 10, an overflow menu 1 to 5, a select 100 (or 100 groups of
# 100). slack_sdk checks the select and overflow limits but not the checkbox and radio ones.
MOST_OPTIONS = {"checkboxes": 10, "radio_buttons": 10, "overflow": 5, "static_select": 100,
                "multi_static_select": 100}
LEAST_OPTIONS: dict[str, int] = {}
# Elements allowed in each block (Slack's reference: which elements each block takes).
ACTIONS_ELEMENTS = frozenset(
    {"button", "checkboxes", "datepicker", "datetimepicker", "multi_static_select",
     "multi_external_select", "multi_users_select", "multi_conversations_select",
     "multi_channels_select", "overflow", "radio_buttons", "static_select", "external_select",
     "users_select", "conversations_select", "channels_select", "timepicker",
     "workflow_button", "rich_text_input"})
INPUT_ELEMENTS = ACTIONS_ELEMENTS - {"button", "overflow", "workflow_button"} | {
    "plain_text_input", "email_text_input", "url_text_input", "number_input",
    "file_input"}


def message_problems(blocks: Any) -> list[str]:
    """Problems with the `blocks` of a message (chat.postMessage, chat.update, ...)."""
    return blocks_problems(blocks, MESSAGE_MAX_BLOCKS)


def view_problems(view: Any) -> list[str]:
    """Problems with a modal or Home tab view, its blocks included (size is checked apart)."""
    if not isinstance(view, dict):
        return ["view: must be a JSON object"]
    problems: list[str] = []
    kind = view.get("type")
    if kind not in ("modal", "home"):
        problems.append(f"view.type: must be 'modal' or 'home', got {kind!r}")
    blocks = view.get("blocks")
    if blocks is None:
        problems.append("view.blocks: missing")
    else:
        problems += blocks_problems(blocks, VIEW_MAX_BLOCKS, prefix="view.blocks")
    if kind == "modal":
        if "title" not in view:
            problems.append("view.title: a modal needs a title")
        for key in ("title", "submit", "close"):
            if key in view:
                problems += _text(view[key], f"view.{key}", 24, plain_only=True)
        has_input = isinstance(blocks, list) and any(
            isinstance(b, dict) and b.get("type") == "input" for b in blocks
        )
        if has_input and "submit" not in view:
            problems.append("view.submit: required when the modal has input blocks")
    problems += _max_len(view.get("private_metadata"), "view.private_metadata", 3000)
    problems += _max_len(view.get("callback_id"), "view.callback_id", 255)
    problems += _max_len(view.get("external_id"), "view.external_id", 255)
    return problems


def view_size(view: Any) -> int:
    """Size in bytes of a view as Slack receives it (compact JSON, UTF-8)."""
    return len(json.dumps(view, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))


def blocks_problems(blocks: Any, max_blocks: int, prefix: str = "blocks") -> list[str]:
    """Problems with a list of blocks: count, known types, per-block limits, unique block_ids."""
    if not isinstance(blocks, list):
        return [f"{prefix}: must be a JSON array"]
    problems: list[str] = []
    if len(blocks) > max_blocks:
        problems.append(f"{prefix}: {len(blocks)} blocks, at most {max_blocks} allowed")
    seen_ids: set[str] = set()
    for i, block in enumerate(blocks):
        where = f"{prefix}[{i}]"
        if not isinstance(block, dict):
            problems.append(f"{where}: must be a JSON object")
            continue
        block_id = block.get("block_id")
        if isinstance(block_id, str):
            if block_id in seen_ids:
                problems.append(f"{where}.block_id: duplicate block_id {block_id!r}")
            seen_ids.add(block_id)
        problems += block_problems(block, where)
    return problems


def block_problems(block: dict, where: str = "block") -> list[str]:
    """Problems with one block (its elements included)."""
    kind = block.get("type")
    if kind not in KNOWN_BLOCK_TYPES:
        return [f"{where}.type: unknown block type {kind!r}"]
    problems = _max_len(block.get("block_id"), f"{where}.block_id", 255)
    if kind == "section":
        if "text" not in block and "fields" not in block:
            problems.append(f"{where}: a section needs text or fields")
        if "text" in block:
            problems += _text(block["text"], f"{where}.text", 3000)
        fields = block.get("fields")
        if fields is not None:
            if not isinstance(fields, list) or len(fields) > 10:
                problems.append(f"{where}.fields: at most 10 fields allowed")
            else:
                for j, field in enumerate(fields):
                    problems += _text(field, f"{where}.fields[{j}]", 2000)
        if "accessory" in block:
            problems += element_problems(block["accessory"], f"{where}.accessory")
    elif kind == "header":
        problems += _text(block.get("text"), f"{where}.text", 150, plain_only=True)
    elif kind == "context":
        problems += _elements(block, where, 10, _context_element)
    elif kind == "actions":
        problems += _elements(block, where, 25, element_problems)
        for j, element in enumerate(block.get("elements") or []):
            if isinstance(element, dict) and element.get("type") not in ACTIONS_ELEMENTS:
                problems.append(f"{where}.elements[{j}].type: {element.get('type')!r} is not "
                                "allowed in an actions block")
    elif kind == "input":
        problems += _text(block.get("label"), f"{where}.label", 2000, plain_only=True)
        if "hint" in block:
            problems += _text(block["hint"], f"{where}.hint", 2000, plain_only=True)
        if "element" not in block:
            problems.append(f"{where}.element: an input block needs an element")
        else:
            problems += element_problems(block["element"], f"{where}.element")
            if isinstance(block["element"], dict) and (
                    block["element"].get("type") not in INPUT_ELEMENTS):
                problems.append(f"{where}.element.type: {block['element'].get('type')!r} is "
                                "not allowed in an input block")
    elif kind == "image":
        if "image_url" not in block and "slack_file" not in block:
            problems.append(f"{where}: an image needs image_url or slack_file")
        problems += _max_len(block.get("alt_text"), f"{where}.alt_text", 2000, required=True)
        if "title" in block:
            problems += _text(block["title"], f"{where}.title", 2000, plain_only=True)
    elif kind == "markdown":
        problems += _max_len(block.get("text"), f"{where}.text", 12000, required=True)
    return problems


def element_problems(element: Any, where: str) -> list[str]:
    """Problems with an interactive element (button, select, input, ...)."""
    if not isinstance(element, dict):
        return [f"{where}: must be a JSON object"]
    kind = element.get("type")
    problems = _max_len(element.get("action_id"), f"{where}.action_id", 255)
    if kind == "button":
        problems += _text(element.get("text"), f"{where}.text", 75, plain_only=True)
        problems += _max_len(element.get("value"), f"{where}.value", 2000)
        problems += _max_len(element.get("url"), f"{where}.url", 3000)
        if element.get("style") not in (None, "primary", "danger"):
            problems.append(f"{where}.style: must be 'primary' or 'danger'")
    if kind == "plain_text_input":
        for key in ("max_length", "min_length"):
            value = element.get(key)
            if value is not None and (not isinstance(value, int) or not 0 <= value <= 3000):
                problems.append(f"{where}.{key}: must be an integer of at most 3000")
        initial, most = element.get("initial_value"), element.get("max_length")
        if isinstance(initial, str) and isinstance(most, int) and len(initial) > most:
            problems.append(f"{where}.initial_value: longer than max_length {most}")
    if kind == "datepicker" and "initial_date" in element:
        value = element["initial_date"]
        if not (isinstance(value, str) and len(value) == 10 and value[4] == value[7] == "-"):
            problems.append(f"{where}.initial_date: must be YYYY-MM-DD")
    if kind in ("multi_static_select", "multi_users_select") and "max_selected_items" in element:
        value = element["max_selected_items"]
        if not isinstance(value, int) or value < 1:
            problems.append(f"{where}.max_selected_items: must be at least 1")
    if "placeholder" in element:
        problems += _text(element["placeholder"], f"{where}.placeholder", 150, plain_only=True)
    if kind in OPTION_ELEMENTS or "options" in element or "option_groups" in element:
        problems += _options_problems(element, where)
    if "confirm" in element:
        problems += _confirm_problems(element["confirm"], f"{where}.confirm")
    return problems


def _options_problems(element: dict, where: str) -> list[str]:
    # Selects take plain_text options only; radio buttons and checkboxes may use mrkdwn.
    plain_only = element.get("type") not in ("radio_buttons", "checkboxes")
    problems: list[str] = []
    groups = element.get("option_groups")
    option_lists: list[tuple[str, Any]] = []
    if groups is not None:
        if not isinstance(groups, list) or len(groups) > 100:
            problems.append(f"{where}.option_groups: at most 100 groups allowed")
            groups = []
        for g, group in enumerate(groups):
            if isinstance(group, dict):
                gwhere = f"{where}.option_groups[{g}]"
                problems += _text(group.get("label"), f"{gwhere}.label", 75, plain_only=True)
                option_lists.append((f"{gwhere}.options", group.get("options")))
    else:
        option_lists.append((f"{where}.options", element.get("options")))
    for owhere, options in option_lists:
        if options is None and element.get("type") not in OPTION_ELEMENTS:
            continue
        if not isinstance(options, list) or not options:
            problems.append(f"{owhere}: must be a non-empty array")
            continue
        most = MOST_OPTIONS.get(element.get("type"), 100)
        if len(options) > most:
            problems.append(f"{owhere}: {len(options)} options, at most {most} allowed")
        least = LEAST_OPTIONS.get(element.get("type"), 1)
        if len(options) < least:
            problems.append(f"{owhere}: {len(options)} options, at least {least} needed")
        for k, option in enumerate(options):
            problems += _option_problems(option, f"{owhere}[{k}]", plain_only)
    if "initial_option" in element:
        problems += _option_problems(element["initial_option"], f"{where}.initial_option",
                                     plain_only)
    for k, option in enumerate(element.get("initial_options") or []):
        problems += _option_problems(option, f"{where}.initial_options[{k}]", plain_only)
    # An initial option must be one of the options, exactly (Slack refuses the view otherwise).
    offered = [o for _, found in option_lists for o in (found or []) if isinstance(found, list)]
    initial = element.get("initial_options") or (
        [element["initial_option"]] if "initial_option" in element else [])
    for option in initial:
        if option not in offered:
            problems.append(f"{where}: an initial option that is not among the options")
    return problems


def _option_problems(option: Any, where: str, plain_only: bool) -> list[str]:
    if not isinstance(option, dict):
        return [f"{where}: must be a JSON object"]
    problems = _text(option.get("text"), f"{where}.text", 75, plain_only=plain_only)
    problems += _max_len(option.get("value"), f"{where}.value", 150)
    if "description" in option:
        problems += _text(option["description"], f"{where}.description", 75)
    return problems


def _confirm_problems(confirm: Any, where: str) -> list[str]:
    if not isinstance(confirm, dict):
        return [f"{where}: must be a JSON object"]
    problems = _text(confirm.get("title"), f"{where}.title", 100, plain_only=True)
    problems += _text(confirm.get("text"), f"{where}.text", 300)
    problems += _text(confirm.get("confirm"), f"{where}.confirm", 30, plain_only=True)
    problems += _text(confirm.get("deny"), f"{where}.deny", 30, plain_only=True)
    return problems


def _context_element(element: Any, where: str) -> list[str]:
    if isinstance(element, dict) and element.get("type") == "image":
        return _max_len(element.get("alt_text"), f"{where}.alt_text", 2000, required=True)
    return _text(element, where, 3000)


def _elements(block: dict, where: str, limit: int, check) -> list[str]:
    elements = block.get("elements")
    if not isinstance(elements, list) or not elements:
        return [f"{where}.elements: must be a non-empty array"]
    problems: list[str] = []
    if len(elements) > limit:
        problems.append(f"{where}.elements: {len(elements)} elements, at most {limit} allowed")
    for j, element in enumerate(elements):
        problems += check(element, f"{where}.elements[{j}]")
    return problems


def _text(obj: Any, where: str, limit: int, plain_only: bool = False) -> list[str]:
    """A text object: {"type": "plain_text"|"mrkdwn", "text": non-empty, at most `limit`}."""
    if not isinstance(obj, dict):
        return [f"{where}: must be a text object"]
    kind = obj.get("type")
    allowed = ("plain_text",) if plain_only else TEXT_TYPES
    if kind not in allowed:
        return [f"{where}.type: must be {' or '.join(sorted(allowed))}, got {kind!r}"]
    text = obj.get("text")
    if not isinstance(text, str) or not text:
        return [f"{where}.text: must be a non-empty string"]
    return _max_len(text, f"{where}.text", limit)


def _max_len(value: Any, where: str, limit: int, required: bool = False) -> list[str]:
    if value is None:
        return [f"{where}: missing"] if required else []
    if not isinstance(value, str):
        return [f"{where}: must be a string"]
    if len(value) > limit:
        return [f"{where}: {len(value)} characters, at most {limit} allowed"]
    return []


def sdk_problems(blocks: Any) -> list[str]:
    """What slack_sdk's own Block Kit models refuse in `blocks` (their JSON validators).

    A second opinion on `blocks_problems`: the suite holds the two against each other, so
    our checks are never looser than the SDK's (and add what it does not check)."""
    from slack_sdk.errors import SlackObjectFormationError
    from slack_sdk.models.blocks import Block

    problems: list[str] = []
    for i, raw in enumerate(blocks if isinstance(blocks, list) else []):
        try:
            block = Block.parse(raw)
            if block is None:
                problems.append(f"blocks[{i}]: slack_sdk does not know this block")
            else:
                _validate_all(block)
        except (SlackObjectFormationError, KeyError, TypeError, ValueError) as error:
            problems.append(f"blocks[{i}]: {error}")
    return problems


def _validate_all(value: Any) -> None:
    """slack_sdk's validate_json checks one object, not what it contains: walk it all."""
    from slack_sdk.models.basic_objects import JsonObject

    if isinstance(value, JsonObject):
        value.validate_json()
        for item in vars(value).values():
            _validate_all(item)
    elif isinstance(value, list | tuple):
        for item in value:
            _validate_all(item)
