"""The written tempo in Block Kit: a phase's deadline (each reader sees it in their own zone),
the counts shown while contributions stay hidden, and the direct messages of a written phase
(it opened, a nudge, everyone is in).

Button values carry opaque ids and versions only, never contributions or case text.
"""

from __future__ import annotations

from datetime import datetime

from bot import ids
from bot.render.flipover import phase_title
from bot.render.slack_text import button, context, date_token, escape, section
from flows.live import LiveStatus
from flows.live_context import LiveContext
from flows.texts import render
from flows.written import NOTE
from flows.written_round import counts, deciders


def deadline_text(ctx: LiveContext) -> str:
    """The current phase's deadline as a Slack date token (the group's zone as fallback)."""
    live = ctx.live
    assert live is not None and live.phase_ends_at is not None
    return date_token(live.phase_ends_at, ctx.language, ctx.group.schedule.timezone)


def timing(ctx: LiveContext, current: bool) -> str:
    """A written phase's time line: its deadline while it runs."""
    live = ctx.live
    assert live is not None
    if not current or live.status is not LiveStatus.RUNNING or live.phase_ends_at is None:
        return render(ctx.language, "written.phase.closed" if not current
                      else "written.phase.waiting")
    return render(ctx.language, "written.phase.deadline", deadline=deadline_text(ctx))


def add_label(lang: str, kind: str) -> str:
    """The Add button's label; a written note has its own."""
    return render(lang, "written.note.add" if kind == NOTE else f"live.add.{kind}")


def form_label(lang: str, kind: str) -> str:
    return render(lang, "written.note.label" if kind == NOTE
                  else f"live.form.live_add.label.{kind}")


def hidden_lines(ctx: LiveContext, index: int) -> list[str]:
    """Instead of the contributions while the phase runs: only how many are in."""
    added, expected = counts(ctx, index)
    return [render(ctx.language, "written.count", count=added, total=expected)]


def _buttons(ctx: LiveContext, index: int, user: str) -> list[dict]:
    live = ctx.live
    assert live is not None
    item, lang = live.agenda[index], ctx.language
    value = f"{ctx.meeting_id}:{live.entry_version}"
    elements = []
    if item.phase.collects:
        elements.append(button(add_label(lang, item.phase.collects)[:75],
                               ids.LIVE_FORM["add"], value, style="primary"))
    if user in deciders(ctx, index):
        for form, kind in (("rate", item.phase.rates), ("mark", item.phase.marks),
                           ("choose", item.phase.chooses)):
            if kind:
                elements.append(button(render(lang, f"live.button.{form}"),
                                       ids.LIVE_FORM[form], value))
    return elements


def _direct(message, key: str) -> tuple[str, list[dict]]:
    ctx: LiveContext = message.data["context"]
    index: int = message.data["index"]
    live, lang = ctx.live, ctx.language
    assert live is not None
    item = live.agenda[index]
    text = render(lang, key, group=escape(ctx.group.name), number=index + 1,
                  total=len(live.agenda), title=phase_title(lang, item),
                  deadline=deadline_text(ctx) if live.phase_ends_at else "—")
    blocks = [section(text)]
    if key == "written.dm.opened":
        blocks.append(section(item.phase.prompt.get(lang)))
        blocks.append(context(render(lang, "written.dm.hidden")))
    # Only while this very phase still runs: an old DM's buttons would be refused anyway.
    current = live.index == index and live.status is LiveStatus.RUNNING
    elements = _buttons(ctx, index, message.data.get("user", "")) if current else []
    if key == "written.dm.all_in" and current:
        value = f"{ctx.meeting_id}:{live.version}"
        elements = [button(render(lang, "live.control.next"), ids.LIVE_CONTROL["next"], value,
                           style="primary"),
                    button(render(lang, "written.control.extend"), ids.LIVE_CONTROL["extend"],
                           value)]
    if elements:
        blocks.append({"type": "actions", "elements": elements})
    return text, blocks


def opened(message) -> tuple[str, list[dict]]:
    return _direct(message, "written.dm.opened")


def nudge(message) -> tuple[str, list[dict]]:
    return _direct(message, "written.dm.nudge")


def all_in(message) -> tuple[str, list[dict]]:
    return _direct(message, "written.dm.all_in")


def status_line(ctx: LiveContext, now: datetime) -> str:
    live = ctx.live
    assert live is not None
    return render(ctx.language, "written.opening.running", number=live.index + 1,
                  total=len(live.agenda), title=phase_title(ctx.language, live.phase),
                  deadline=deadline_text(ctx))


RENDERERS = {"written_phase": opened, "written_nudge": nudge, "written_all_in": all_in}
