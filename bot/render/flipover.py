"""Pieces shared by the meeting's messages: the flip-over's lines, phase titles, durations,
and packing long lists into sections within Slack's limits."""

from __future__ import annotations

import math
from collections.abc import Iterable

from bot.render.slack_text import day_token, escape, mention, section
from flows.flipover import Contribution, of_kind
from flows.live import AgendaPhase
from flows.live_context import LiveContext
from flows.texts import render

SECTION_MAX = 2900  # below Slack's 3000, room for the markup that joins lines
RATING_MARK = {"cold": ":snowflake:", "warm": ":fire:", "neutral": ":white_circle:"}
ALL_CASES = "all"


def sections(lines: Iterable[str]) -> list[dict]:
    """Lines packed into as few sections as Slack's 3000-character limit allows."""
    blocks, chunk = [], ""
    for line in lines:
        line = line[:SECTION_MAX]
        if chunk and len(chunk) + len(line) + 1 > SECTION_MAX:
            blocks.append(section(chunk))
            chunk = ""
        chunk = f"{chunk}\n{line}" if chunk else line
    if chunk:
        blocks.append(section(chunk))
    return blocks


def duration(language: str, seconds: int) -> str:
    if seconds < 60:
        return render(language, "live.seconds", count=seconds)
    return render(language, "live.minutes", count=math.ceil(seconds / 60))


def phase_title(language: str, item: AgendaPhase) -> str:
    title = item.phase.title.get(language)
    if item.case_number is None:
        return title
    return render(language, "live.case_prefix", number=item.case_number, title=title)


def item_line(lang: str, item: Contribution, show_rating: bool) -> str:
    line = f"• {escape(item.text)}"
    if item.marked:
        line = f":star: {line[2:]}"
    if item.chosen:
        line += " " + render(lang, "live.flipover.chosen")
    if show_rating and item.rating:
        rating = item.rating.value
        line += f"  {RATING_MARK[rating]} {render(lang, f'live.rating.{rating}')}"
    return line


def action_lines(ctx: LiveContext, case_number: int | str | None = ALL_CASES) -> list[str]:
    lang = ctx.language
    return [render(lang, "live.flipover.action", action=escape(a.text), owner=mention(a.owner),
                   date=day_token(a.due_date, lang, ctx.group.schedule.timezone))
            for a in ctx.actions if case_number == ALL_CASES or a.case_number == case_number]


def flipover_lines(ctx: LiveContext, item: AgendaPhase, rating_hidden: bool) -> list[str]:
    """What this phase put on (or decides about on) the flip-over."""
    lang, phase, case = ctx.language, item.phase, item.case_number
    lines: list[str] = []
    if phase.collects == "action":
        return action_lines(ctx, case)
    if phase.collects:
        mine = [c for c in of_kind(ctx.contributions, phase.collects, case)
                if c.phase_index == item.index]
        if phase.factor_split:
            for factor in phase.factor_split:
                lines.append(f"*{render(lang, f'live.factor.{factor}')}*")
                lines += [item_line(lang, c, True) for c in mine if c.factor == factor]
        else:
            lines += [item_line(lang, c, True) for c in mine]
    decided = phase.rates or phase.marks or phase.chooses
    if decided:
        items = of_kind(ctx.contributions, decided, case)
        if phase.rates and rating_hidden:
            rated = sum(1 for c in items if c.rating)
            lines.append(render(lang, "live.flipover.rated", rated=rated, total=len(items)))
            lines += [item_line(lang, c, False) for c in items]
        else:
            lines += [item_line(lang, c, True) for c in items]
        if phase.chooses:
            lines += action_lines(ctx, case)
    return lines


