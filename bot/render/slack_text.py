"""Small pieces of Slack markup: mentions, dates each reader sees in their own zone, escaping."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

FALLBACK_FORMAT = {"nl": "%d-%m-%Y %H:%M", "en": "%Y-%m-%d %H:%M"}
DAY_FORMAT = {"nl": "%d-%m-%Y", "en": "%Y-%m-%d"}


def escape(text: str) -> str:
    """Text typed by people, made safe for mrkdwn (no accidental links or mentions)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mention(user_id: str) -> str:
    return f"<@{user_id}>"


def mentions(user_ids: Iterable[str]) -> str:
    return ", ".join(mention(user) for user in user_ids)


def _token(at: datetime, zone: str, pattern: str, fallback_format: str) -> str:
    local = at.astimezone(ZoneInfo(zone))
    return f"<!date^{int(at.timestamp())}^{pattern}|{local.strftime(fallback_format)}>"


def date_token(at: datetime, language: str, zone: str, with_time: bool = True) -> str:
    """`<!date^…>`: Slack shows it in each reader's own time zone; the fallback is the group's."""
    if not with_time:
        return _token(at, zone, "{date_long_pretty}", DAY_FORMAT.get(language, DAY_FORMAT["en"]))
    fallback = FALLBACK_FORMAT.get(language, FALLBACK_FORMAT["en"])
    return _token(at, zone, "{date_long_pretty} {time}", f"{fallback} %Z")


def time_token(at: datetime, zone: str) -> str:
    """Only the clock time (e.g. when a phase ends), in each reader's own zone."""
    return _token(at, zone, "{time}", "%H:%M %Z")


def day_token(day: date, language: str, zone: str) -> str:
    """A calendar day (a due date). Noon in the group's zone, so readers a few hours east or
    west of it still see the same date."""
    return date_token(datetime.combine(day, time(12, 0), tzinfo=ZoneInfo(zone)), language, zone,
                      with_time=False)


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
