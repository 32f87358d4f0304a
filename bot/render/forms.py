"""Modals (flows.effects.OpenForm) as Block Kit views, and their field errors.

Every input has `block_id` = the form field's name and `action_id` "value", so flows' field
errors map one to one onto the blocks Slack shows them under.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping

from bot.render import written_forms
from bot.render.agreements import AGREEMENTS_CALLBACK
from bot.render.agreements import form as agreements_form
from bot.render.case_form import CASE_CALLBACK, render_case_form
from bot.render.change_forms import CALLBACKS, render_change_form
from bot.render.evaluation import EVALUATION_CALLBACK
from bot.render.evaluation import form as evaluation_form
from bot.render.followup import (
    NEW_ACTION_CALLBACK,
    REPORT_CALLBACK,
    new_action_form,
    report_form,
)
from bot.render.live_forms import FORMS as LIVE_FORMS
from bot.render.reflection import REFLECTION_CALLBACK
from bot.render.reflection import form as reflection_form
from bot.render.slack_text import context, plain, section
from flows import library
from flows.effects import OpenForm
from flows.group import (
    DURATION_RANGE,
    EVALUATION_RANGE,
    NAME_MAX,
    RETENTION_RANGE,
    TIMELINE_FIELDS,
    Group,
    Timeline,
)
from flows.recurrence import LAST, RhythmKind
from flows.texts import LANGUAGES, Text, render

SETUP_CALLBACK = "group_setup"


def _input(block_id: str, label: str, element: dict, *, optional: bool = False,
           hint: str | None = None) -> dict:
    block = {"type": "input", "block_id": block_id, "label": plain(label), "element": element,
             "optional": optional}
    if hint:
        block["hint"] = plain(hint)
    return block


def _option(text: str, value: str) -> dict:
    return {"text": plain(text[:75]), "value": value}


def _select(options: list[dict], initial: str | None) -> dict:
    element = {"type": "static_select", "action_id": "value", "options": options}
    chosen = [option for option in options if option["value"] == initial]
    if chosen:
        element["initial_option"] = chosen[0]
    return element


def _radio(options: list[dict], initial: str) -> dict:
    return {"type": "radio_buttons", "action_id": "value", "options": options,
            "initial_option": next(o for o in options if o["value"] == initial)}


def _days(value: int) -> dict:
    return {"type": "number_input", "action_id": "value", "is_decimal_allowed": False,
            "initial_value": str(value)}


def _location(initial: str) -> dict:
    element = {"type": "plain_text_input", "action_id": "value", "max_length": 400}
    if initial:
        element["initial_value"] = initial
    return element


def _setup(form: OpenForm) -> dict:
    lang = form.language
    group: Group | None = form.data.get("group")
    user_id = form.data["user_id"]

    def label(name: str) -> str:
        return render(lang, f"form.setup.{name}")

    schedule = group.schedule if group else None
    rhythm = group.rhythm if group else None
    name_input = {"type": "plain_text_input", "action_id": "value", "max_length": NAME_MAX,
                  "placeholder": plain(label("name_placeholder"))}
    if group:
        name_input["initial_value"] = group.name
    members = {"type": "multi_users_select", "action_id": "value",
               "initial_users": list(group.members) if group else [user_id]}
    coordinators = {"type": "multi_users_select", "action_id": "value",
                    "initial_users": list(group.coordinators) if group else [user_id]}
    languages = _select([_option(render(lang, f"language.{code}"), code) for code in LANGUAGES],
                        group.language if group else lang)
    zone = {"type": "plain_text_input", "action_id": "value", "max_length": 64,
            "initial_value": schedule.timezone if schedule else (
                form.data.get("timezone") or "Europe/Amsterdam")}
    rhythms = _select([_option(render(lang, f"rhythm.{kind}"), kind.value) for kind in RhythmKind],
                      rhythm.kind.value if rhythm else RhythmKind.MONTHLY_NTH_WEEKDAY.value)
    interval = {"type": "number_input", "action_id": "value", "is_decimal_allowed": False,
                "placeholder": plain(label("interval_placeholder"))}
    if rhythm and rhythm.kind is RhythmKind.EVERY_N_WEEKS:
        interval["initial_value"] = str(rhythm.interval)
    nths = _select([_option(render(lang, f"nth.{n}"), str(n)) for n in (1, 2, 3, 4, LAST)],
                   str(rhythm.nth) if rhythm and rhythm.nth else None)
    first_date = {"type": "datepicker", "action_id": "value"}
    start_time = {"type": "timepicker", "action_id": "value",
                  "initial_time": schedule.start_time.strftime("%H:%M") if schedule else "14:00"}
    if schedule:
        first_date["initial_date"] = schedule.first_date.isoformat()
    duration = {"type": "number_input", "action_id": "value", "is_decimal_allowed": False,
                "initial_value": str(schedule.duration_minutes if schedule else 120)}
    low, high = DURATION_RANGE
    blocks = [
        section(label("intro_edit" if group else "intro_new")),
        _input("name", label("name_label"), name_input),
        _input("members", label("members_label"), members, hint=label("members_hint")),
        _input("coordinators", label("coordinators_label"), coordinators,
               hint=label("coordinators_hint")),
        _input("language", label("language_label"), languages),
        _input("timezone", label("timezone_label"), zone, hint=label("timezone_hint")),
        _input("rhythm", label("rhythm_label"), rhythms),
        _input("interval", label("interval_label"), interval, optional=True),
        _input("nth", label("nth_label"), nths, optional=True),
        _input("first_date", label("first_date_label"), first_date,
               hint=label("first_date_hint")),
        _input("start_time", label("start_time_label"), start_time),
        _input("duration", label("duration_label"), duration,
               hint=render(lang, "form.setup.duration_hint", low=low, high=high)),
        _input("location", render(lang, "location.setup_label"),
               _location(group.location if group else ""),
               optional=True, hint=render(lang, "location.setup_hint")),
        _input("cases_per_meeting", label("cases_label"), _select(
            [_option(label("cases_one"), "1"), _option(label("cases_two"), "2")],
            str(group.cases_per_meeting) if group else "1")),
        _input("method", label("method_label"), _select(
            [_option(m.name.get(lang), m.id)
             for m in sorted(library.methods().values(), key=lambda m: m.name.get(lang))],
            group.method_id if group else library.DEFAULT_METHOD), hint=label("method_hint")),
        _input("auto_advance", label("advance_label"), _radio(
            [_option(label("advance_no"), "no"), _option(label("advance_yes"), "yes")],
            "yes" if group and group.auto_advance else "no")),
        *written_forms.setup_blocks(lang, group),
        _input("retention_days", label("retention_label"),
               _days(group.retention_days if group else 180),
               hint=render(lang, "form.setup.retention_hint", low=RETENTION_RANGE[0],
                           high=RETENTION_RANGE[1])),
        _input("evaluation_every", label("evaluation_label"),
               _days(group.evaluation_every if group else 4),
               hint=render(lang, "form.setup.evaluation_hint", low=EVALUATION_RANGE[0],
                           high=EVALUATION_RANGE[1])),
        section(label("timeline_intro")),
        *[_input(name, label(f"{name}_label"), _days(days))
          for name, days in zip(TIMELINE_FIELDS, (group.timeline if group else Timeline()
                                                  ).as_tuple(), strict=True)],
        context(render(lang, "summary.privacy")) if not form.data.get("private", True) else None,
    ]
    metadata = {"channel_id": form.data["channel_id"], "language": lang,
                "group_id": group.id if group else None,
                "private": form.data.get("private", True)}
    return {
        "type": "modal",
        "callback_id": SETUP_CALLBACK,
        "title": plain(label("title")[:24]),
        "submit": plain(label("submit")[:24]),
        "close": plain(label("close")[:24]),
        "private_metadata": json.dumps(metadata),
        "blocks": [block for block in blocks if block],
    }


FORMS: dict[str, Callable[[OpenForm], dict]] = {
    SETUP_CALLBACK: _setup, CASE_CALLBACK: render_case_form,
    **dict.fromkeys(CALLBACKS.values(), render_change_form), **LIVE_FORMS,
    REPORT_CALLBACK: report_form, NEW_ACTION_CALLBACK: new_action_form,
    EVALUATION_CALLBACK: evaluation_form, REFLECTION_CALLBACK: reflection_form,
    AGREEMENTS_CALLBACK: agreements_form}


def render_form(form: OpenForm) -> dict:
    return FORMS[form.form](form)


def render_errors(language: str, errors: Mapping[str, Text]) -> dict[str, str]:
    return {field: render(language, text) for field, text in errors.items()}
