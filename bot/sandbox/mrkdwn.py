"""Slack's mrkdwn as HTML for the sandbox page: bold, italics, strike, code, quotes, links,
mentions and `<!date^…>` tokens shown in the viewer's own zone and language, as Slack does.

Pure: the viewer (zone, language, the sandbox's now) and the names of people come in.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
    "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"],
}
DAYS = {
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "nl": ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"],
}
RELATIVE = {"en": ("Today", "Tomorrow", "Yesterday"), "nl": ("vandaag", "morgen", "gisteren")}

# Slack's shortcodes for the emoji the bot's texts use; others stay as typed, as in Slack
# for an unknown name.
EMOJI = {
    "alarm_clock": "⏰", "arrow_forward": "▶️", "arrows_counterclockwise": "🔄",
    "bar_chart": "📊", "black_joker": "🃏", "calendar": "📆", "double_vertical_bar": "⏸️",
    "envelope": "✉️", "fire": "🔥", "heavy_plus_sign": "➕", "hourglass_flowing_sand": "⏳",
    "inbox_tray": "📥", "leftwards_arrow_with_hook": "↩️", "lock": "🔒", "no_entry_sign": "🚫",
    "palm_tree": "🌴", "pencil2": "✏️", "raised_hand": "✋", "seedling": "🌱", "snowflake": "❄️",
    "speech_balloon": "💬", "star": "⭐", "stopwatch": "⏱️", "warning": "⚠️",
    "white_check_mark": "✅", "white_circle": "⚪", "white_small_square": "▫️", "x": "❌",
    "tada": "🎉", "wave": "👋", "bulb": "💡", "memo": "📝", "thumbsup": "👍", "+1": "👍",
    "battery": "🔋", "handshake": "🤝", "pushpin": "📌", "speaking_head_in_silhouette": "🗣️",
}
EMOJI_CODE = re.compile(r":([a-z0-9_+-]+):")
_TOKEN = re.compile(r"<([^<>\n]+)>")
_BOLD = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_ITALIC = re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])")
_STRIKE = re.compile(r"(?<![\w~])~(?=\S)([^~\n]+?)(?<=\S)~(?![\w~])")
_CODE = re.compile(r"`([^`\n]+)`")
_PRE = re.compile(r"```(.+?)```", re.S)
_SLOT = re.compile(r"\x00(\d+)\x00")


@dataclass(frozen=True)
class Viewer:
    """Whose screen the text is drawn on."""

    zone: str = "Europe/Amsterdam"
    language: str = "en"
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    names: dict[str, str] = field(default_factory=dict)  # user id -> display name
    channels: dict[str, str] = field(default_factory=dict)  # channel id -> name


def to_html(text: str, viewer: Viewer) -> str:
    slots: list[str] = []

    def keep(fragment: str) -> str:
        slots.append(fragment)
        return f"\x00{len(slots) - 1}\x00"

    text = _PRE.sub(lambda m: keep(f"<pre>{_plain(m.group(1))}</pre>"), text)
    text = _CODE.sub(lambda m: keep(f"<code>{_plain(m.group(1))}</code>"), text)
    text = _TOKEN.sub(lambda m: keep(_token(m.group(1), viewer)), text)
    lines = []
    quote: list[str] = []
    for line in text.split("\n"):
        if line.startswith(("&gt;", ">")):
            quote.append(_inline(line.removeprefix("&gt;").removeprefix(">").lstrip()))
            continue
        if quote:
            lines.append("<blockquote>" + "<br>".join(quote) + "</blockquote>")
            quote = []
        lines.append(_inline(line) + "<br>")
    if quote:
        lines.append("<blockquote>" + "<br>".join(quote) + "</blockquote>")
    out = "".join(lines).removesuffix("<br>")
    return _SLOT.sub(lambda m: slots[int(m.group(1))], out)


def plain_to_html(text: str) -> str:
    """plain_text objects: no formatting at all, only escaped."""
    return html.escape(text).replace("\n", "<br>")


def _plain(text: str) -> str:
    # Slack text arrives with &amp; &lt; &gt; escaped; unescape once, escape for HTML.
    return html.escape(html.unescape(text), quote=False)


def _inline(line: str) -> str:
    line = _plain(line)
    line = EMOJI_CODE.sub(lambda m: EMOJI.get(m.group(1), m.group(0)), line)
    line = _BOLD.sub(r"<b>\1</b>", line)
    line = _ITALIC.sub(r"<i>\1</i>", line)
    return _STRIKE.sub(r"<s>\1</s>", line)


def _token(inner: str, viewer: Viewer) -> str:
    if inner.startswith("@"):
        user_id = inner[1:].split("|")[0]
        name = viewer.names.get(user_id) or (inner.split("|", 1)[1] if "|" in inner else user_id)
        return f'<span class="mention">@{html.escape(name)}</span>'
    if inner.startswith("#"):
        channel_id, _, label = inner[1:].partition("|")
        name = label or viewer.channels.get(channel_id, channel_id)
        return f'<span class="mention">#{html.escape(name)}</span>'
    if inner.startswith("!date^"):
        return f'<time class="date">{html.escape(slack_date(inner, viewer))}</time>'
    if inner.startswith("!subteam^"):
        return f'<span class="mention">@{html.escape(inner.split("|")[-1])}</span>'
    if inner.startswith("!"):
        return f'<span class="mention">@{html.escape(inner[1:].split("|")[0])}</span>'
    url, _, label = inner.partition("|")
    safe = url if url.startswith(("http://", "https://", "mailto:")) else "#"
    return (f'<a href="{html.escape(safe)}" target="_blank" rel="noopener">'
            f"{_plain(label or url)}</a>")


def slack_date(inner: str, viewer: Viewer) -> str:
    """`!date^1700000000^{date_long_pretty} {time}|fallback` in the viewer's zone."""
    body, _, fallback = inner.partition("|")
    parts = body.split("^")
    if len(parts) < 3 or not parts[1].lstrip("-").isdigit():
        return fallback or body
    try:
        zone = ZoneInfo(viewer.zone)
    except (KeyError, ValueError):
        zone = ZoneInfo("UTC")
    local = datetime.fromtimestamp(int(parts[1]), UTC).astimezone(zone)
    today = viewer.now.astimezone(zone).date()
    lang = viewer.language if viewer.language in MONTHS else "en"
    return re.sub(r"\{(\w+)\}", lambda m: _date_part(m.group(1), local, today, lang), parts[2])


def _date_part(name: str, local: datetime, today, lang: str) -> str:
    day, month = local.day, MONTHS[lang][local.month - 1]
    weekday = DAYS[lang][local.weekday()]
    relative = None
    if name.endswith("_pretty") or name == "day_divider_pretty":
        offsets = {today: 0, today + timedelta(days=1): 1, today - timedelta(days=1): 2}
        if local.date() in offsets:
            relative = RELATIVE[lang][offsets[local.date()]]
    if relative:
        return relative
    if name in ("date_long", "date_long_pretty", "day_divider_pretty"):
        return (f"{weekday} {day} {month} {local.year}" if lang == "nl"
                else f"{weekday}, {month} {day}, {local.year}")
    if name in ("date", "date_pretty"):
        return f"{day} {month} {local.year}" if lang == "nl" else f"{month} {day}, {local.year}"
    if name in ("date_short", "date_short_pretty"):
        return f"{day} {month[:3]} {local.year}" if lang == "nl" else (
            f"{month[:3]} {day}, {local.year}")
    if name == "date_num":
        return local.strftime("%Y-%m-%d")
    if name == "time":
        return local.strftime("%H:%M")
    if name == "time_secs":
        return local.strftime("%H:%M:%S")
    return "{" + name + "}"
