"""Case messages as Block Kit: the shared case, the case reminder, the coordinator's choice
when no case is in, and the per-meeting case status line.

The shared case is the only message that carries case text; it is split over sections so a
long case stays within Slack's 3000 characters per block.
"""

from __future__ import annotations

from functools import cache

from bot import ids
from bot.render.slack_text import (
    button,
    context,
    date_token,
    escape,
    header,
    mention,
    mentions,
    section,
)
from flows.effects import Message
from flows.methods import load_methods
from flows.texts import render

SECTION_LIMIT = 2900


@cache
def _methods() -> dict:
    return load_methods()


def status_lines(message: Message) -> str:
    lang, meeting = message.language, message.data["meeting"]
    if meeting.case_in_meeting:
        return render(lang, "case.status_in_meeting")
    return "\n".join(render(lang, "case.status_line", person=mention(user), status=render(
        lang, "case.status_in" if is_in else "case.status_missing"))
        for user, is_in in message.data.get("case_status", {}).items())


def open_case_button(lang: str, meeting_id: int, key: str = "case.write_button") -> dict:
    return {"type": "actions", "block_id": f"case_{meeting_id}", "elements": [
        button(render(lang, key), ids.CASE_OPEN, str(meeting_id), "primary")]}


def _chunks(text: str) -> list[str]:
    return [text[i:i + SECTION_LIMIT] for i in range(0, len(text), SECTION_LIMIT)] or [""]


def case_shared(message: Message) -> tuple[str, list[dict]]:
    lang, group, meeting = message.language, message.data["group"], message.data["meeting"]
    case = message.data["case"]
    text = case.submitted
    when = date_token(meeting.start, lang, group.schedule.timezone)
    title = render(lang, "case_shared.title", date=when, title=escape(text.title))
    blocks: list[dict] = [section(title)]
    if not message.data["full"]:
        blocks.append(context(render(lang, "case_shared.only_title",
                                     person=mention(case.case_bringer))))
        return render(lang, "case_shared.fallback", date=when), blocks
    blocks.append(context(render(lang, "case_shared.by", person=mention(case.case_bringer))))
    for name in ("question", "description", "background", "tried", "hope"):
        value = getattr(text, name)
        if value:
            parts = _chunks(escape(value))
            blocks.append(section(f"{render(lang, f'case_shared.{name}')}\n{parts[0]}"))
            blocks += [section(part) for part in parts[1:]]
    method = _methods().get(text.method) if text.method else None
    if method is not None:
        blocks.append(context(render(lang, "case_shared.method", method=method.name.get(lang))))
    return render(lang, "case_shared.fallback", date=when), blocks


def case_reminder(message: Message) -> tuple[str, list[dict]]:
    lang, group, meeting = message.language, message.data["group"], message.data["meeting"]
    when = date_token(meeting.start, lang, group.schedule.timezone)
    blocks = [header(render(lang, "case_reminder.title", date=group.schedule.local(
        meeting.start).strftime("%d-%m-%Y"))),
              section(render(lang, "case_reminder.body", group=escape(group.name))),
              open_case_button(lang, meeting.id)]
    return render(lang, "case_reminder.fallback", date=when), blocks


def case_escalation(message: Message) -> tuple[str, list[dict]]:
    lang, group, meeting = message.language, message.data["group"], message.data["meeting"]
    when = date_token(meeting.start, lang, group.schedule.timezone)
    missing = message.data.get("missing") or ()
    blocks = [section(render(lang, "case_escalation.title", date=when)),
              section(render(lang, "case_escalation.body", group=escape(group.name),
                             missing=mentions(missing) if missing else render(
                                 lang, "case_escalation.nobody")))]
    resolved = message.data.get("resolved")
    if resolved:
        blocks.append(context(render(lang, f"case_escalation.resolved_{resolved}",
                                     people=mentions(message.data.get("asked") or ()))))
    else:
        value = str(meeting.id)
        blocks.append({"type": "actions", "block_id": f"escalate_{meeting.id}", "elements": [
            button(render(lang, "case_escalation.ask_other"), ids.CASE_ASK_OTHER, value,
                    "primary"),
            button(render(lang, "case_escalation.without"), ids.CASE_WITHOUT, value),
            button(render(lang, "case_escalation.cancel"), ids.CASE_CANCEL, value, "danger")]})
    return render(lang, "case_escalation.fallback", date=when), blocks


RENDERERS = {"case_shared": case_shared, "case_reminder": case_reminder,
             "case_escalation": case_escalation}
