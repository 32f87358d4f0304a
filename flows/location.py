"""Where a group meets (locatie): a place in words ("Room 2.14, Utrecht office") or a video
link. Set per group in the setup and per meeting in the move form; a meeting without its own
location meets at the group's.

A link must be a plain http(s) address, so calendars and Slack can open it; anything that
looks like an address but is not one gets a polite field error instead of a broken link.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from flows.texts import Text, t

if TYPE_CHECKING:  # flows.group validates with this module
    from flows.group import Group
    from flows.meeting import Meeting

LOCATION_MAX = 300
_SCHEMES = ("http", "https")
# scheme://host[/path?query#part], without spaces; the host needs a dot (no "localhost").
_LINK = re.compile(r"(?i)(https?)://([^/?#\s]+\.[^/?#\s]+)([/?#]\S*)?")


def _scheme(text: str) -> str:
    return text.split(":", 1)[0].lower() if ":" in text else ""


def looks_like_link(text: str) -> bool:
    lowered = text.lower()
    return "://" in lowered or lowered.startswith("www.") or lowered.split(":", 1)[0] in (
        "http", "https", "javascript", "data", "file", "mailto")


def is_link(text: str) -> bool:
    return _LINK.fullmatch(text) is not None


def check_location(raw: str | None) -> tuple[str, Text | None]:
    """The location as kept (trimmed), or a field error."""
    text = " ".join((raw or "").split())
    if len(text) > LOCATION_MAX:
        return text, t("location.error.long", count=len(text), most=LOCATION_MAX)
    if not text or not looks_like_link(text):
        return text, None
    if text.lower().startswith("www."):
        return text, t("location.error.www", link=f"https://{text}")
    if _scheme(text) not in _SCHEMES:
        return text, t("location.error.scheme")
    if not is_link(text):
        return text, t("location.error.link")
    return text, None


def where(group: Group, meeting: Meeting | None) -> str:
    """Where this meeting takes place: its own location, else the group's ("" when unknown)."""
    if meeting is not None and meeting.location:
        return meeting.location
    return group.location
