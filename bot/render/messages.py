"""Messages (flows.effects.Message) as Block Kit: `render_message` returns (text, blocks).

The top-level `text` is always given: notifications and screen readers use it.
"""

from __future__ import annotations

from collections.abc import Callable

from bot import ids
from bot.render import (
    agreements,
    cases,
    evaluation,
    followup,
    home,
    live,
    live_facilitator,
    meetings,
    written,
)
from bot.render.rhythm import describe_rhythm
from bot.render.slack_text import (
    button,
    context,
    date_token,
    escape,
    header,
    mentions,
    plain,
    section,
)
from flows.effects import Message
from flows.texts import render


def _text(message: Message) -> tuple[str, list[dict]]:
    body = render(message.language, message.data["text"])
    return body, [section(body)]


def _help(message: Message) -> tuple[str, list[dict]]:
    lang = message.language
    title = render(lang, "help.title")
    blocks: list[dict] = []
    if message.data.get("hint"):
        blocks.append(section(render(lang, message.data["hint"])))
    blocks += [
        header(title),
        section(render(lang, "help.intro")),
        section("\n".join([render(lang, "help.commands_heading")] + [
            "• " + render(lang, f"help.command.{command}") for command in message.data["commands"]
        ])),
        context(render(lang, "help.footer")),
    ]
    return f"{title}: {render(lang, 'help.intro')}", blocks


def _group_summary(message: Message) -> tuple[str, list[dict]]:
    lang, group = message.language, message.data["group"]
    schedule = group.schedule
    title = render(lang, "summary.created" if message.data["created"] else "summary.updated",
                   name=group.name)
    starts = message.data["next_starts"]
    dates = [date_token(at, lang, schedule.timezone) for at in starts]
    lines = [
        render(lang, "summary.rhythm", rhythm=describe_rhythm(group),
               start=schedule.start_time.strftime("%H:%M"), zone=schedule.timezone,
               duration=schedule.duration_minutes),
        render(lang, "summary.members", count=len(group.members), members=mentions(group.members)),
        render(lang, "summary.coordinators", coordinators=mentions(group.coordinators)),
    ]
    next_lines = [render(lang, "summary.next_heading")] + (
        [f"• {token}" for token in dates] or [render(lang, "summary.none_planned")])
    blocks = [header(title), section("\n".join(lines)), section("\n".join(next_lines))]
    if message.data["privacy_warning"]:
        blocks.append(context(render(lang, "summary.privacy")))
    text = render(lang, "summary.fallback", title=escape(title), next=dates[0] if dates else "—")
    return text, blocks


def _forget_me(message: Message) -> tuple[str, list[dict]]:
    lang = message.language
    body = render(lang, message.data["text"])
    confirm = {"title": plain(render(lang, "privacy.confirm_title")[:100]),
               "text": plain(render(lang, "privacy.confirm_text")[:300]),
               "confirm": plain(render(lang, "privacy.confirm_yes")[:30]),
               "deny": plain(render(lang, "privacy.confirm_no")[:30]), "style": "danger"}
    forget = button(render(lang, "privacy.button"), ids.PRIVACY_FORGET, lang, style="danger")
    also = render(lang, "rights.forget_also")
    return f"{body} {also}", [section(body), section(also), {
        "type": "actions", "elements": [{**forget, "confirm": confirm}]}]


RENDERERS: dict[str, Callable[[Message], tuple[str, list[dict]]]] = {
    "text": _text,
    "help": _help,
    "group_summary": _group_summary,
    "home": home.render_home,
    "forget_me": _forget_me,
    **meetings.RENDERERS,
    **cases.RENDERERS,
    **live.RENDERERS,
    **live_facilitator.RENDERERS,
    **written.RENDERERS,
    **followup.RENDERERS,
    **evaluation.RENDERERS,
    **agreements.RENDERERS,
}


def render_message(message: Message) -> tuple[str, list[dict]]:
    return RENDERERS[message.kind](message)
