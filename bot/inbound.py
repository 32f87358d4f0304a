"""Slack payloads into flows' plain values: pure parsing, no I/O.

Slack's view state is `{block_id: {action_id: {type, value | selected_* …}}}`; every input
in our forms uses action_id "value".
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, time
from typing import Any

from flows.group import TIMELINE_FIELDS, GroupForm


def _element(state: Mapping[str, Any], block_id: str) -> Mapping[str, Any]:
    return state.get("values", {}).get(block_id, {}).get("value", {})


def field_value(state: Mapping[str, Any], block_id: str) -> Any:
    """What a person entered in one input, whatever kind of element it is."""
    element = _element(state, block_id)
    kind = element.get("type")
    if kind in ("plain_text_input", "number_input"):
        return element.get("value") or ""
    if kind == "static_select" or kind == "radio_buttons":
        option = element.get("selected_option")
        return option["value"] if option else None
    if kind == "multi_users_select":
        return tuple(element.get("selected_users") or ())
    if kind == "users_select":
        return element.get("selected_user")
    if kind == "checkboxes":
        return tuple(option["value"] for option in element.get("selected_options") or ())
    if kind == "datepicker":
        raw = element.get("selected_date")
        return date.fromisoformat(raw) if raw else None
    if kind == "timepicker":
        raw = element.get("selected_time")
        return time.fromisoformat(raw) if raw else None
    return None


def _or(value: Any, default: Any) -> Any:
    return default if value is None else value


def group_form(state: Mapping[str, Any]) -> GroupForm:
    def text(block_id: str) -> str:
        return field_value(state, block_id) or ""

    return GroupForm(
        name=text("name"),
        members=field_value(state, "members") or (),
        coordinators=field_value(state, "coordinators") or (),
        language=field_value(state, "language"),
        timezone=text("timezone"),
        rhythm=field_value(state, "rhythm"),
        interval=text("interval"),
        nth=field_value(state, "nth"),
        first_date=field_value(state, "first_date"),
        start_time=field_value(state, "start_time"),
        duration=text("duration"),
        cases_per_meeting=field_value(state, "cases_per_meeting"),
        method_id=field_value(state, "method"),
        auto_advance=field_value(state, "auto_advance"),
        retention_days=text("retention_days") or "180",
        evaluation_every=text("evaluation_every") or "4",
        location=text("location"),
        tempo=field_value(state, "tempo") or "live",
        written_days=text("written_days") or "10",
        # None only when the form has no such field; an empty choice stays empty (an error).
        work_days=_or(field_value(state, "work_days"), ("0", "1", "2", "3", "4")),
        work_start=field_value(state, "work_start") or time(9),
        work_end=field_value(state, "work_end") or time(17),
        **{name: text(name) for name in TIMELINE_FIELDS},
    )


def metadata(view: Mapping[str, Any]) -> dict[str, Any]:
    raw = view.get("private_metadata") or "{}"
    try:
        value = json.loads(raw)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
