"""The group agreements as Block Kit: the form (pre-filled with the default list the first
time), the pinned message in the channel, the button on the first meeting's agenda, and the
reminder of them at the evaluation."""

from __future__ import annotations

import json

from bot import ids
from bot.render.slack_text import button, context, escape, header, mention, plain, section
from flows.agreements import TEXT_LIMIT
from flows.effects import Message, OpenForm
from flows.texts import render

AGREEMENTS_CALLBACK = "agreements"


def agreements_button(language: str, meeting_id: int) -> dict:
    return {"type": "actions", "elements": [button(
        render(language, "agreements.button"), ids.AGREEMENTS_OPEN, str(meeting_id))]}


def bullet_list(items) -> str:
    return "\n".join(f"• {escape(item)}" for item in items)


def form(form: OpenForm) -> dict:
    lang, group = form.language, form.data["group"]
    text = form.data["text"] or render(lang, form.data["default"])
    return {"type": "modal", "callback_id": AGREEMENTS_CALLBACK,
            "title": plain(render(lang, "agreements.form.title")[:24]),
            "submit": plain(render(lang, "agreements.form.submit")[:24]),
            "close": plain(render(lang, "live.form.close")[:24]),
            "private_metadata": json.dumps({"group_id": group.id, "language": lang}),
            "blocks": [
                section(render(lang, "agreements.form.intro", name=escape(group.name))),
                {"type": "input", "block_id": "text",
                 "label": plain(render(lang, "agreements.form.label")),
                 "hint": plain(render(lang, "agreements.form.hint")),
                 "element": {"type": "plain_text_input", "action_id": "value",
                             "multiline": True, "max_length": TEXT_LIMIT + 200,
                             "initial_value": text[:TEXT_LIMIT + 200]}}]}


def posted(message: Message) -> tuple[str, list[dict]]:
    lang, data = message.language, message.data
    title = render(lang, "agreements.title", name=data["group"].name)
    by = render(lang, "agreements.changed_by" if data["changed"] else "agreements.drafted_by",
                person=mention(data["by"]))
    return title, [header(title[:150]), section(bullet_list(data["items"])[:3000]),
                   context(by), context(render(lang, "agreements.footer"))]


def evaluation_reminder(lang: str, items) -> list[dict]:
    """Shown in the evaluation's request and form: what the group agreed, to look back on."""
    if not items:
        return []
    return [section((render(lang, "agreements.at_evaluation") + "\n"
                     + bullet_list(items))[:3000])]


RENDERERS = {"agreements": posted}
