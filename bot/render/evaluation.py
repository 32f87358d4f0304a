"""The periodic evaluation as Block Kit: the request by DM, the form, and the anonymous
summary for the group."""

from __future__ import annotations

import json

from bot import ids
from bot.render.agreements import evaluation_reminder
from bot.render.flipover import sections
from bot.render.proposals import accepted, proposal_blocks
from bot.render.slack_text import button, date_token, escape, header, plain, section
from flows.effects import Message, OpenForm
from flows.evaluation import FREQUENCY, ROLES, SCALES, TEXT_LIMIT, TEXTS
from flows.texts import render

EVALUATION_CALLBACK = "evaluation"
EVALUATION_FIELDS = (*SCALES, "frequency", "role", *TEXTS)


def request(message: Message) -> tuple[str, list[dict]]:
    lang, group, meeting = message.language, message.data["group"], message.data["meeting"]
    text = render(lang, "evaluation.request", name=escape(group.name),
                  count=group.evaluation_every)
    return text, [section(text), *evaluation_reminder(lang, message.data.get("agreements")),
                  {"type": "actions", "elements": [button(
                      render(lang, "evaluation.button"), ids.EVALUATION_OPEN, str(meeting.id),
                      "primary")]}]


def _choice(block_id: str, label: str, options: list[tuple[str, str]], initial, lang: str,
            kind: str = "radio_buttons") -> dict:
    items = [{"text": plain(text[:75]), "value": value} for text, value in options]
    element = {"type": kind, "action_id": "value", "options": items}
    chosen = [o for o in items if o["value"] == (str(initial) if initial is not None else None)]
    if chosen:
        element["initial_option"] = chosen[0]
    return {"type": "input", "block_id": block_id, "label": plain(label), "element": element}


def form(form: OpenForm) -> dict:
    lang, answers, meeting = form.language, form.data["answers"], form.data["meeting"]

    def label(name: str) -> str:
        return render(lang, f"evaluation.form.{name}")

    def text(name: str) -> dict:
        element = {"type": "plain_text_input", "action_id": "value", "multiline": True,
                   "max_length": TEXT_LIMIT + 100}
        if answers.get(name):
            element["initial_value"] = answers[name]
        return {"type": "input", "block_id": name, "label": plain(label(name)),
                "element": element, "optional": True}

    scale = [(render(lang, f"evaluation.scale_{n}"), str(n)) for n in range(1, 6)]
    blocks = [
        section(label("intro")), header(label("individual")), text("learned"),
        _choice("role", label("role"), [(render(lang, f"evaluation.role.{r}"), r)
                                        for r in ROLES], answers.get("role"), lang,
                "static_select"),
        text("role_experience"), text("differently"),
        header(label("group")),
        _choice("room", label("room"), scale, answers.get("room"), lang),
        text("tensions"),
        *evaluation_reminder(lang, form.data.get("agreements")),
        _choice("agreements", label("agreements"), scale, answers.get("agreements"), lang),
        header(label("process")),
        _choice("methods", label("methods"), scale, answers.get("methods"), lang),
        _choice("frequency", label("frequency"),
                [(render(lang, f"evaluation.frequency.{f}"), f) for f in FREQUENCY],
                answers.get("frequency"), lang),
        _choice("roles", label("roles"), scale, answers.get("roles"), lang),
        _choice("preparation", label("preparation"), scale, answers.get("preparation"), lang),
        text("remarks"),
    ]
    return {"type": "modal", "callback_id": EVALUATION_CALLBACK,
            "title": plain(label("title")[:24]),
            "submit": plain(render(lang, "live.form.submit")[:24]),
            "close": plain(render(lang, "live.form.close")[:24]),
            "private_metadata": json.dumps({"meeting_id": meeting.id, "language": lang}),
            "blocks": blocks}


def summary(message: Message) -> tuple[str, list[dict]]:
    lang, data = message.language, message.data
    group = data["group"]
    title = render(lang, "evaluation.summary.title", name=group.name)
    lines = [render(lang, "evaluation.summary.answers", count=data["count"],
                    date=date_token(data["meeting"].start, lang, group.schedule.timezone))]
    if not data["enough"]:
        lines.append(render(lang, "evaluation.summary.too_few"))
        return title, [header(title), *sections(lines)]
    lines += [render(lang, "evaluation.summary.scale", label=render(
        lang, f"evaluation.form.{scale}"), average=f"{data['averages'][scale]:g}")
        for scale in SCALES]
    lines.append(render(lang, "evaluation.summary.frequency", answers=", ".join(
        f"{render(lang, f'evaluation.frequency.{f}')} {n}"
        for f, n in data["frequency"].items() if n)))
    lines.append(render(lang, "evaluation.summary.roles", answers=", ".join(
        f"{render(lang, f'evaluation.role.{r}')} {n}" for r, n in data["roles"].items() if n)))
    for name, answers in data["texts"].items():
        if answers:
            lines.append(f"*{render(lang, f'evaluation.form.{name}')}*")
            lines += [f"• {escape(answer)}" for answer in answers]
    blocks = [header(title), *sections(lines), *evaluation_reminder(lang, data.get("agreements"))]
    return title, (blocks + proposal_blocks(lang, data["meeting"].id,
                                            data.get("proposals", ())))[:50]


RENDERERS = {"evaluation_request": request, "evaluation_summary": summary,
             "proposal_accepted": accepted}
