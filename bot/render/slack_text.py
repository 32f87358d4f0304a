"""Small pieces of Slack markup: mentions, dates each reader sees in their own zone, escaping."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

FALLBACK_FORMAT = {"nl": "%d-%m-%Y %H:%M", "en": "%Y-%m-%d %H:%M"}


def escape(text: str) -> str:
    """Text typed by people, made safe for mrkdwn (no accidental links or mentions)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mention(user_id: str) -> str:
    return f"<@{user_id}>"


def mentions(user_ids: Iterable[str]) -> str:
    return ", ".join(mention(user) for user in user_ids)


def date_token(at: datetime, language: str, zone: str, with_time: bool = True) -> str:
    """`<!date^…>`: Slack shows it in each reader's own time zone; the fallback is the group's."""
    pattern = "{date_long_pretty} {time}" if with_time else "{date_long_pretty}"
    local = at.astimezone(ZoneInfo(zone))
    fallback = local.strftime(FALLBACK_FORMAT.get(language, FALLBACK_FORMAT["en"]))
    return f"<!date^{int(at.timestamp())}^{pattern}|{fallback} {local.tzname()}>"


def plain(text: str, emoji: bool = True) -> dict:
    return {"type": "plain_text", "text": text, "emoji": emoji}


def mrkdwn(text: str) -> dict:
    return {"type": "mrkdwn", "text": text}


def section(text: str, block_id: str | None = None) -> dict:
    block = {"type": "section", "text": mrkdwn(text)}
    if block_id:
        block["block_id"] = block_id
    return block


def header(text: str) -> dict:
    return {"type": "header", "text": plain(text[:150])}


def context(*texts: str) -> dict:
    return {"type": "context", "elements": [mrkdwn(text) for text in texts]}


def button(text: str, action_id: str, value: str, style: str | None = None) -> dict:
    element = {"type": "button", "text": plain(text[:75]), "action_id": action_id,
               "value": value}
    if style:
        element["style"] = style
    return element
