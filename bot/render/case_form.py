"""The case intake form (casus-inbrengformulier) as a modal.

`notify_on_close` makes Slack send the typed state when the form is closed, so nothing a case
bringer wrote is lost: it is kept as a draft and restored when the form opens again.
"""

from __future__ import annotations

import json

from bot.render.slack_text import context, date_token, escape, plain, section
from flows.cases import FIELDS, LIMITS, REQUIRED, CaseText
from flows.effects import OpenForm
from flows.texts import render

CASE_CALLBACK = "case_form"
MULTILINE = {"description", "background", "tried", "hope", "question"}


def render_case_form(form: OpenForm) -> dict:
    lang, text = form.language, form.data["text"]
    meeting, group = form.data["meeting"], form.data["group"]

    def label(name: str) -> str:
        return render(lang, f"form.case.{name}")

    blocks: list[dict] = [
        section(render(lang, "form.case.intro", group=escape(group.name),
                       date=date_token(meeting.start, lang, group.schedule.timezone))),
        context(label("guidance")),
    ]
    for name in FIELDS:
        element = {"type": "plain_text_input", "action_id": "value",
                   "multiline": name in MULTILINE, "max_length": LIMITS[name] + 200}
        # A little room above our own limit, so an over-long text reaches our polite error
        # (which says by how much) instead of being cut off by Slack without a word.
        value = getattr(text, name)
        if value:
            element["initial_value"] = value
        blocks.append({"type": "input", "block_id": name, "label": plain(label(f"{name}_label")),
                       "element": element, "optional": name not in REQUIRED,
                       "hint": plain(label(f"{name}_hint"))})
    methods = [{"text": plain(name[:75]), "value": method_id}
               for method_id, name in form.data["methods"].items()][:100]
    method = {"type": "static_select", "action_id": "value", "options": methods,
              "placeholder": plain(label("method_placeholder"))}
    chosen = [option for option in methods if option["value"] == text.method]
    if chosen:
        method["initial_option"] = chosen[0]
    blocks.append({"type": "input", "block_id": "method", "label": plain(label("method_label")),
                   "element": method, "optional": True})
    share_options = [{"text": plain(label("share_before")), "value": "before"},
                     {"text": plain(label("share_in_meeting")), "value": "in_meeting"}]
    blocks.append({"type": "input", "block_id": "share", "label": plain(label("share_label")),
                   "element": {"type": "radio_buttons", "action_id": "value",
                               "options": share_options,
                               "initial_option": share_options[0 if text.share_before else 1]}})
    if form.data.get("submitted"):
        blocks.append(context(label("editing")))
    return {
        "type": "modal", "callback_id": CASE_CALLBACK, "notify_on_close": True,
        "title": plain(label("title")[:24]), "submit": plain(label("submit")[:24]),
        "close": plain(label("close")[:24]),
        "private_metadata": json.dumps({"meeting_id": meeting.id, "language": lang}),
        "blocks": blocks,
    }


def case_text(values: dict) -> CaseText:
    """The form's state (as parsed by bot.inbound) as a `CaseText`."""
    return CaseText(**{name: values.get(name) or "" for name in FIELDS},
                    method=values.get("method") or None,
                    share_before=values.get("share") != "in_meeting")
