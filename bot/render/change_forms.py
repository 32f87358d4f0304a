"""The small planning modals: cancel or move a meeting, pause the group, mark yourself away."""

from __future__ import annotations

import json

from bot.render import written_forms
from bot.render.slack_text import FALLBACK_FORMAT, plain, section
from flows.effects import OpenForm
from flows.texts import render

CALLBACKS = {form: f"change_{form}" for form in ("cancel", "move", "pause", "away")}


def _input(block_id: str, label: str, element: dict) -> dict:
    return {"type": "input", "block_id": block_id, "label": plain(label), "element": element}


def _meeting_select(form: OpenForm) -> dict:
    group = form.data["group"]
    pattern = FALLBACK_FORMAT.get(form.language, FALLBACK_FORMAT["en"])
    options = [{"text": plain(group.schedule.local(m.start).strftime(pattern)),
                "value": str(m.id)} for m in form.data["meetings"]]
    return {"type": "static_select", "action_id": "value", "options": options,
            "initial_option": options[0]}


def render_change_form(form: OpenForm) -> dict:
    lang, kind = form.language, form.form.removeprefix("change_")

    def label(name: str) -> str:
        return render(lang, f"form.change.{name}")

    blocks: list[dict] = []
    if kind in ("cancel", "move"):
        blocks.append(_input("meeting", label("meeting_label"), _meeting_select(form)))
    if kind == "move":
        blocks += [_input("new_date", label("new_date_label"),
                          {"type": "datepicker", "action_id": "value"}),
                   _input("new_time", label("new_time_label"), {
                       "type": "timepicker", "action_id": "value", "initial_time":
                       form.data["group"].schedule.start_time.strftime("%H:%M")}),
                   {**_input("location", render(lang, "location.move_label"), {
                       "type": "plain_text_input", "action_id": "value", "max_length": 400}),
                    "optional": True, "hint": plain(render(
                        lang, "location.move_hint", place=form.data["group"].location
                        or render(lang, "location.none"))[:2000])},
                   written_forms.move_tempo(lang, form.data["group"])]
    if kind in ("pause", "away"):
        blocks += [section(label(f"{kind}_intro")),
                   _input("first_day", label("first_day_label"),
                          {"type": "datepicker", "action_id": "value"}),
                   _input("last_day", label("last_day_label"),
                          {"type": "datepicker", "action_id": "value"})]
    return {
        "type": "modal", "callback_id": CALLBACKS[kind],
        "title": plain(label(f"{kind}_title")[:24]),
        "submit": plain(label("cancel_submit" if kind == "cancel" else "submit")[:24]),
        "close": plain(label("close")[:24]),
        "private_metadata": json.dumps({"channel_id": form.data["channel_id"],
                                        "language": lang}),
        "blocks": blocks,
    }
