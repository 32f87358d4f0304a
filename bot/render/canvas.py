"""Canvas documents as Slack canvas markdown: the group's logbook.

Canvas markdown is not mrkdwn: headings with `#`, mentions as `![](@U123)`. What people typed
(titles, actions) is kept on one line and cannot become a mention or a heading.
"""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from bot.render.slack_text import DAY_FORMAT
from flows.effects import Message
from flows.logbook import Logbook, LogbookEntry, is_forgotten
from flows.methods import load_methods
from flows.texts import render


def _plain(text: str) -> str:
    one_line = re.sub(r"\s+", " ", text).strip()
    # No mentions, images, links or headings from what people typed.
    return re.sub(r"([\\*_\[\]<>`~])", r"\\\1", one_line)


def _person(user: str | None, lang: str) -> str:
    if not user or is_forgotten(user):
        return render(lang, "logbook.former_member")
    return f"![](@{user})"


def _people(users: tuple[str, ...], lang: str) -> str:
    return ", ".join(_person(u, lang) for u in users)


def _method(method_id: str | None, lang: str) -> str | None:
    method = load_methods().get(method_id or "")
    return method.name.get(lang) if method else None


def _entry(entry: LogbookEntry, lang: str, zone: str) -> list[str]:
    day = entry.start.astimezone(ZoneInfo(zone)).strftime(DAY_FORMAT.get(lang, DAY_FORMAT["en"]))
    lines = ["", f"## {day}"]
    method = _method(entry.method_id, lang)
    if method:
        lines.append(f"- {render(lang, 'logbook.method', method=method)}")
    if entry.case_bringers:
        key = "logbook.case_bringer" if len(entry.case_bringers) == 1 else "logbook.case_bringers"
        lines.append(f"- {render(lang, key, people=_people(entry.case_bringers, lang))}")
    if entry.facilitator:
        person = _person(entry.facilitator, lang)
        lines.append(f"- {render(lang, 'logbook.facilitator', person=person)}")
    for title in entry.titles:
        lines.append(f"- {render(lang, 'logbook.title', title=_plain(title))}")
    lines.append(f"- {render(lang, 'logbook.attendance', count=entry.attendance)}")
    if entry.actions:
        lines.append(f"- {render(lang, 'logbook.actions')}")
        for action in entry.actions:
            status = render(lang, f"logbook.status.{action.status.value}")
            lines.append(f"  - {_person(action.owner, lang)}: {_plain(action.text)} ({status})")
    return lines


def logbook_markdown(message: Message) -> str:
    lang, book = message.language, message.data["logbook"]
    assert isinstance(book, Logbook)
    lines = [f"# {render(lang, 'logbook.heading', name=_plain(book.group_name))}", "",
             render(lang, "logbook.intro")]
    if not book.entries:
        lines += ["", render(lang, "logbook.empty")]
    for entry in book.entries:
        lines += _entry(entry, lang, book.timezone)
    return "\n".join(lines) + "\n"


def logbook_title(message: Message) -> str:
    book = message.data["logbook"]
    return render(message.language, "logbook.title_of_canvas", name=book.group_name)[:150]


RENDERERS = {"logbook": (logbook_title, logbook_markdown)}


def render_canvas(message: Message) -> tuple[str, str]:
    """(title, markdown) of a canvas document."""
    title, markdown = RENDERERS[message.kind]
    return title(message), markdown(message)
