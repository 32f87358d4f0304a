"""The written tempo's fields in the setup form: the group's default tempo, a written
meeting's length in working days, and the working week its deadlines are counted in."""

from __future__ import annotations

from bot.render.slack_text import plain
from flows.group import Group
from flows.texts import render
from flows.working_time import WEEKDAYS
from flows.written import DEFAULT_DAYS, MAX_DAYS, MIN_DAYS, TEMPOS


def _input(block_id: str, label: str, element: dict, hint: str | None = None) -> dict:
    block = {"type": "input", "block_id": block_id, "label": plain(label), "element": element,
             "optional": False}
    if hint:
        block["hint"] = plain(hint)
    return block


def setup_blocks(lang: str, group: Group | None) -> list[dict]:
    def label(key: str, **params: object) -> str:
        return render(lang, f"written.form.{key}", **params)

    tempos = [{"text": plain(label(f"tempo_{tempo}")), "value": tempo} for tempo in TEMPOS]
    tempo = group.tempo if group else "live"
    days = [{"text": plain(render(lang, f"written.weekday.{name}")), "value": str(number)}
            for number, name in enumerate(WEEKDAYS)]
    working = set(group.work_days) if group else {0, 1, 2, 3, 4}
    start = (group.work_start if group else None)
    end = (group.work_end if group else None)
    return [
        _input("tempo", label("tempo_label"), {
            "type": "radio_buttons", "action_id": "value", "options": tempos,
            "initial_option": next(o for o in tempos if o["value"] == tempo)},
            hint=label("tempo_hint")),
        _input("written_days", label("days_label"), {
            "type": "number_input", "action_id": "value", "is_decimal_allowed": False,
            "initial_value": str(group.written_days if group else DEFAULT_DAYS)},
            hint=label("days_hint", low=MIN_DAYS, high=MAX_DAYS)),
        _input("work_days", label("work_days_label"), {
            "type": "checkboxes", "action_id": "value", "options": days,
            "initial_options": [d for d in days if int(d["value"]) in working]}),
        _input("work_start", label("work_start_label"), {
            "type": "timepicker", "action_id": "value",
            "initial_time": start.strftime("%H:%M") if start else "09:00"}),
        _input("work_end", label("work_end_label"), {
            "type": "timepicker", "action_id": "value",
            "initial_time": end.strftime("%H:%M") if end else "17:00"}),
    ]


def move_tempo(lang: str, group: Group) -> dict:
    """The move form's tempo for this one meeting (the group's default chosen)."""
    tempos = [{"text": plain(render(lang, f"written.form.tempo_{tempo}")), "value": tempo}
              for tempo in TEMPOS]
    return _input("tempo", render(lang, "written.form.move_tempo_label"), {
        "type": "radio_buttons", "action_id": "value", "options": tempos,
        "initial_option": next(o for o in tempos if o["value"] == group.tempo)})
