"""The participant's reflection as Block Kit: the button that opens it (on the summary and on
Home) and the form with its five questions and "what I will do, by when"."""

from __future__ import annotations

import json

from bot import ids
from bot.render.slack_text import button, context, date_token, day_token, escape, plain, section
from flows.effects import OpenForm
from flows.reflection import PLAN_LIMIT, QUESTIONS, TEXT_LIMIT
from flows.texts import render

REFLECTION_CALLBACK = "reflection"


def reflection_button(language: str, meeting_id: int, done: bool = False) -> dict:
    label = "reflection.button_again" if done else "reflection.button"
    return button(render(language, label), ids.REFLECTION_OPEN, str(meeting_id))


def form(form: OpenForm) -> dict:
    lang, answers, meeting, group = (form.language, form.data["answers"], form.data["meeting"],
                                     form.data["group"])
    zone = group.schedule.timezone

    def text(name: str, limit: int, optional: bool = True) -> dict:
        element = {"type": "plain_text_input", "action_id": "value", "multiline": True,
                   "max_length": limit + 100}
        if answers.get(name):
            element["initial_value"] = answers[name]
        return {"type": "input", "block_id": name, "optional": optional,
                "label": plain(render(lang, f"reflection.form.{name}")),
                "hint": plain(render(lang, f"reflection.form.{name}_hint")), "element": element}

    blocks = [section(render(lang, "reflection.form.intro", name=escape(group.name),
                             date=date_token(meeting.start, lang, zone))),
              *(text(name, TEXT_LIMIT) for name in QUESTIONS)]
    action = form.data.get("action")
    if action is not None:
        blocks.append(context(render(lang, "reflection.form.action_made",
                                     action=escape(action.text),
                                     due=day_token(action.due_date, lang, zone))))
    else:
        blocks += [text("plan", PLAN_LIMIT),
                   {"type": "input", "block_id": "plan_due", "optional": True,
                    "label": plain(render(lang, "reflection.form.plan_due")),
                    "element": {"type": "datepicker", "action_id": "value"}}]
    blocks.append(context(render(lang, "reflection.form.private")))
    return {"type": "modal", "callback_id": REFLECTION_CALLBACK,
            "title": plain(render(lang, "reflection.form.title")[:24]),
            "submit": plain(render(lang, "live.form.submit")[:24]),
            "close": plain(render(lang, "live.form.close")[:24]),
            "private_metadata": json.dumps({"meeting_id": meeting.id, "language": lang}),
            "blocks": blocks}
