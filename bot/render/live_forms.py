"""The running meeting's small forms as modals: add to the flip-over, rate (cold / warm /
neutral), mark, choose as actions, and the check-out.

Each form's private metadata names the meeting and the phase it was opened in (ids only), so
a submission lands where it was meant even after the facilitator moved on.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from bot.render import written
from bot.render.flipover import phase_title, sections
from bot.render.slack_text import context, plain, section
from flows.effects import OpenForm
from flows.flipover import SCORES, TEXT_MAX, Rating
from flows.methods import FACTOR_SPLIT
from flows.texts import render

CALLBACKS = ("live_add", "live_rate", "live_mark", "live_choose", "live_checkout",
             "attendance")
OPTION_MAX = 75
CHECKBOXES_MAX = 10  # Slack refuses a checkboxes element with more options than this
ITEMS_BLOCK = "ideas"  # the first list of checkboxes; the next are ideas_2, ideas_3, …


def _input(block_id: str, label: str, element: dict, optional: bool = False) -> dict:
    return {"type": "input", "block_id": block_id, "label": plain(label[:2000]),
            "element": {"action_id": "value", **element}, "optional": optional}


def _option(text: str, value: str) -> dict:
    short = text if len(text) <= OPTION_MAX else text[:OPTION_MAX - 1] + "…"
    return {"text": plain(short), "value": value}


def _texts(form: str) -> str:
    return "attendance.form" if form == "attendance" else f"live.form.{form}"


def _modal(form: OpenForm, blocks: list[dict]) -> dict:
    lang = form.language
    meta = {key: form.data.get(key) for key in ("meeting_id", "entry_version", "phase_index")}
    held = form.data.get("held")
    if held is not None:  # an id only: the kept text itself is in the field, not in metadata
        meta["held_id"] = held.id
    return {"type": "modal", "callback_id": form.form,
            "title": plain(render(lang, f"{_texts(form.form)}.title")[:24]),
            "submit": plain(render(lang, "live.form.submit")[:24]),
            "close": plain(render(lang, "live.form.close")[:24]),
            "private_metadata": json.dumps({**meta, "language": lang}), "blocks": blocks}


def _phase_note(form: OpenForm) -> dict:
    return context(phase_title(form.language, form.data["phase"]))


def _owner_and_date(form: OpenForm) -> list[dict]:
    lang = form.language
    return [_input("owner", render(lang, "live.form.owner"),
                   {"type": "users_select", "initial_user": form.data["owner"]}),
            _input("due_date", render(lang, "live.form.due_date"),
                   {"type": "datepicker", "initial_date": form.data["due_date"].isoformat()})]


def _add(form: OpenForm) -> dict:
    lang, kind = form.language, form.data["kind"]
    text = {"type": "plain_text_input", "multiline": True, "max_length": TEXT_MAX + 100}
    blocks = [_phase_note(form)]
    if form.data.get("silent"):
        blocks.append(section(render(lang, form.data["silent"])))
    if form.data.get("held") is not None:
        text["initial_value"] = form.data["held"].text
        blocks.append(context(render(lang, "live.form.live_add.held")))
    blocks.append(_input("text", written.form_label(lang, kind), text))
    if form.data.get("factor_split"):
        blocks.append(_input("factor", render(lang, "live.form.factor"), {
            "type": "radio_buttons",
            "options": [_option(render(lang, f"live.factor.{f}"), f) for f in FACTOR_SPLIT]}))
    if kind == "action":
        blocks += _owner_and_date(form)
    return _modal(form, blocks)


def _rate(form: OpenForm) -> dict:
    lang = form.language
    options = [_option(render(lang, f"live.rating.{r.value}"), r.value) for r in Rating]
    blocks = [_phase_note(form), section(render(lang, "live.form.live_rate.intro"))]
    for item in form.data["items"][:95]:
        element = {"type": "radio_buttons", "options": options}
        if item.rating:
            element["initial_option"] = next(o for o in options if o["value"] == item.rating)
        blocks.append(_input(f"rate_{item.id}", item.text, element, optional=True))
    return _modal(form, blocks)


def _numbered(items) -> list[dict]:
    """The full texts: a checkbox shows at most 75 characters."""
    return sections([f"{n}. {item.text}" for n, item in enumerate(items, start=1)])


def _checkboxes(label: str, items, initial) -> list[dict]:
    """The items as checkboxes, ten to an element (Slack's limit), however many there are.

    Each list is its own optional input (the first named ITEMS_BLOCK, so a "choose at least
    one" error shows there); the labels say which numbers each list holds."""
    numbered = list(enumerate(items, start=1))
    blocks = []
    for start in range(0, len(numbered), CHECKBOXES_MAX):
        part = numbered[start:start + CHECKBOXES_MAX]
        options = [_option(f"{n}. {item.text}", str(item.id)) for n, item in part]
        element = {"type": "checkboxes", "options": options}
        chosen = [o for o, (_, item) in zip(options, part, strict=True) if initial(item)]
        if chosen:
            element["initial_options"] = chosen
        block_id = ITEMS_BLOCK if start == 0 else f"{ITEMS_BLOCK}_{start // CHECKBOXES_MAX + 1}"
        shown = label if len(numbered) <= CHECKBOXES_MAX else (
            f"{label} ({part[0][0]}–{part[-1][0]})")
        blocks.append(_input(block_id, shown, element, optional=True))
    return blocks[:90]  # a modal holds 100 blocks: 900 items is beyond any meeting


def _mark(form: OpenForm) -> dict:
    lang, items = form.language, form.data["items"]
    blocks = [_phase_note(form), *_numbered(items),
              *_checkboxes(render(lang, "live.form.live_mark.label"), items,
                           lambda item: item.marked)]
    return _modal(form, blocks)


def _choose(form: OpenForm) -> dict:
    lang = form.language
    items = [item for item in form.data["items"] if not item.chosen]
    blocks = [_phase_note(form), *_numbered(items),
              *_checkboxes(render(lang, "live.form.live_choose.label"), items,
                           lambda item: False),
              *_owner_and_date(form)]
    return _modal(form, blocks)


def _checkout(form: OpenForm) -> dict:
    lang, mine = form.language, form.data.get("checkout")
    options = [_option(render(lang, f"live.form.live_checkout.score_{n}"), str(n))
               for n in SCORES]
    score = {"type": "radio_buttons", "options": options}
    takeaway = {"type": "plain_text_input", "multiline": True, "max_length": TEXT_MAX + 100}
    if mine:
        score["initial_option"] = options[mine.score - 1]
        if mine.takeaway:
            takeaway["initial_value"] = mine.takeaway
    return _modal(form, [
        section(render(lang, "live.form.live_checkout.intro")),
        _input("score", render(lang, "live.form.live_checkout.score"), score),
        _input("takeaway", render(lang, "live.form.live_checkout.takeaway"), takeaway,
               optional=True)])


def _attendance(form: OpenForm) -> dict:
    lang = form.language
    return _modal(form, [
        section(render(lang, "attendance.form.intro")),
        _input("attended", render(lang, "attendance.form.label"),
               {"type": "multi_users_select", "initial_users": list(form.data["attended"])},
               optional=True)])


FORMS: dict[str, Callable[[OpenForm], dict]] = {
    "live_add": _add, "live_rate": _rate, "live_mark": _mark, "live_choose": _choose,
    "live_checkout": _checkout, "attendance": _attendance,
}
