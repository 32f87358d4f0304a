"""The group actions an evaluation proposes, as Block Kit: each with its reason and a button
for coordinators, and the note in the channel once one is accepted."""

from __future__ import annotations

from bot import ids
from bot.render.slack_text import button, context, day_token, escape, mention, section
from flows.effects import Message
from flows.texts import render


def proposal_blocks(lang: str, meeting_id: int | None, proposals) -> list[dict]:
    if not proposals:
        return []
    blocks = [section(render(lang, "proposals.heading"))]
    for proposal in proposals:
        blocks += [section(f"*{render(lang, f'proposals.action.{proposal.id}')}*\n"
                           f"_{render(lang, proposal.reason)}_"),
                   {"type": "actions", "elements": [button(
                       render(lang, "proposals.button"), ids.PROPOSAL_ACCEPT,
                       f"{meeting_id}:{proposal.id}")]}]
    return [*blocks, context(render(lang, "proposals.footer"))]


def accepted(message: Message) -> tuple[str, list[dict]]:
    lang, action, group = message.language, message.data["action"], message.data["group"]
    text = render(lang, "proposals.note", action=escape(action.text),
                  person=mention(action.owner),
                  due=day_token(action.due_date, lang, group.schedule.timezone))
    return text, [section(text)]
