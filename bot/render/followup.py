"""The follow-up as Block Kit: the nudge about a due action (with Report back / Not yet /
Drop it), a report back, the note in the channel, and the report form."""

from __future__ import annotations

import json

from bot import ids
from bot.render.slack_text import (
    button,
    context,
    date_token,
    day_token,
    escape,
    mention,
    plain,
    section,
)
from flows.effects import Message, OpenForm
from flows.followup import FIELDS, LIMIT
from flows.texts import render

REPORT_CALLBACK = "action_report"


def nudge_buttons(language: str, action_id: int | None) -> dict:
    """Report back / Not yet / Drop it: in the nudge, and on the Home tab."""
    value = str(action_id)
    return {"type": "actions", "elements": [
        button(render(language, "followup.button.report"), ids.ACTION_REPORT, value,
               style="primary"),
        button(render(language, "followup.button.snooze"), ids.ACTION_SNOOZE, value),
        button(render(language, "followup.button.drop"), ids.ACTION_DROP, value)]}


def nudge(message: Message) -> tuple[str, list[dict]]:
    lang, data = message.language, message.data
    action, meeting, group = data["action"], data["meeting"], data["group"]
    text = render(lang, "followup.nudge", action=escape(action.text),
                  due=day_token(action.due_date, lang, group.schedule.timezone),
                  name=escape(group.name),
                  meeting=date_token(meeting.start, lang, group.schedule.timezone))
    blocks = [section(text)]
    if data.get("answered"):
        blocks.append(context(render(lang, data["answered"])))
        return text, blocks
    blocks.append(nudge_buttons(lang, action.id))
    if data.get("last"):
        blocks.append(context(render(lang, "followup.last")))
    return text, blocks


def report(message: Message) -> tuple[str, list[dict]]:
    lang, data = message.language, message.data
    action, follow_up = data["action"], data["follow_up"]
    title = render(lang, "followup.reported", person=mention(action.owner),
                   action=escape(action.text))
    lines = [title] + [render(lang, f"followup.field.{name}", answer=escape(value))
                       for name in FIELDS if (value := getattr(follow_up, name))]
    return title, [section("\n".join(lines)[:3000])]


def note(message: Message) -> tuple[str, list[dict]]:
    lang, data = message.language, message.data
    text = render(lang, "followup.note", person=mention(data["action"].owner),
                  meeting=date_token(data["meeting"].start, lang,
                                     data["group"].schedule.timezone))
    return text, [section(text)]


def report_form(form: OpenForm) -> dict:
    lang, action = form.language, form.data["action"]

    def text_input(name: str, optional: bool) -> dict:
        return {"type": "input", "block_id": name, "optional": optional,
                "label": plain(render(lang, f"followup.form.{name}")),
                "element": {"type": "plain_text_input", "action_id": "value",
                            "multiline": True, "max_length": LIMIT + 200}}

    options = [{"text": plain(render(lang, f"followup.form.share_{v}")), "value": v}
               for v in ("group", "facilitator")]
    return {
        "type": "modal", "callback_id": REPORT_CALLBACK,
        "title": plain(render(lang, "followup.form.title")[:24]),
        "submit": plain(render(lang, "live.form.submit")[:24]),
        "close": plain(render(lang, "live.form.close")[:24]),
        "private_metadata": json.dumps({"action_id": action.id, "language": lang}),
        "blocks": [section(render(lang, "followup.form.intro", action=escape(action.text))),
                   *(text_input(name, name != "did") for name in FIELDS),
                   {"type": "input", "block_id": "share",
                    "label": plain(render(lang, "followup.form.share")),
                    "element": {"type": "radio_buttons", "action_id": "value",
                                "options": options, "initial_option": options[0]}}],
    }


NEW_ACTION_CALLBACK = "action_new"


def new_action_form(form: OpenForm) -> dict:
    lang, meeting, group = form.language, form.data["meeting"], form.data["group"]
    return {
        "type": "modal", "callback_id": NEW_ACTION_CALLBACK,
        "title": plain(render(lang, "followup.form.new_title")[:24]),
        "submit": plain(render(lang, "live.form.submit")[:24]),
        "close": plain(render(lang, "live.form.close")[:24]),
        "private_metadata": json.dumps({"meeting_id": meeting.id, "language": lang}),
        "blocks": [
            section(render(lang, "followup.form.new_intro", name=escape(group.name),
                           date=date_token(meeting.start, lang, group.schedule.timezone))),
            {"type": "input", "block_id": "text", "label": plain(render(
                lang, "live.form.live_add.label.action")), "element": {
                "type": "plain_text_input", "action_id": "value", "multiline": True,
                "max_length": 600}},
            {"type": "input", "block_id": "owner", "label": plain(render(lang, "live.form.owner")),
             "element": {"type": "users_select", "action_id": "value",
                         "initial_user": form.data["owner"]}},
            {"type": "input", "block_id": "due_date",
             "label": plain(render(lang, "live.form.due_date")),
             "element": {"type": "datepicker", "action_id": "value",
                         "initial_date": form.data["due_date"].isoformat()}}],
    }


RENDERERS = {"action_nudge": nudge, "follow_up": report, "follow_up_note": note}
