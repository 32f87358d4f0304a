"""What only the facilitator sees of a running meeting: the clock's signals (heads-up, time
up, who has not added anything yet) and the control panel, in a message for them alone."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.render.flipover import duration, phase_title
from bot.render.live import controls, status_line, until_text
from bot.render.slack_text import context, mention, plain, section
from flows.live import LiveStatus
from flows.live_context import LiveContext
from flows.texts import render


def notice(message) -> tuple[str, list[dict]]:
    ctx: LiveContext = message.data["context"]
    now: datetime = message.data["now"]
    kind, index, seconds = message.data["notice"], message.data["index"], message.data["seconds"]
    lang, live = ctx.language, ctx.live
    assert live is not None
    title = phase_title(lang, live.agenda[index])
    until = until_text(ctx, live.phase_ends_at or now + timedelta(seconds=seconds))
    people = ", ".join(mention(user) for user in message.data.get("users", ()))
    text = render(lang, f"live.notice.{kind}", title=title, left=duration(lang, seconds),
                  until=until, people=people)
    blocks = [section(text)]
    # Only the clock's signals carry controls, and they reach the facilitator alone (a DM).
    if kind in ("time_up", "heads_up") and live.status is LiveStatus.RUNNING:
        blocks.append(controls(lang, ctx, ("next", "extend")))
    return text, blocks


def panel(message) -> tuple[str, list[dict]]:
    """The facilitator's controls, in a message only they see (it follows the meeting)."""
    ctx: LiveContext = message.data["context"]
    now: datetime = message.data["now"]
    lang, live = ctx.language, ctx.live
    assert live is not None
    title = render(lang, "live.panel.title")
    blocks = [section(title)]
    if live.status is LiveStatus.NOT_STARTED:
        blocks.append(section(render(lang, "live.panel.not_started")))
    elif live.status is LiveStatus.ENDED:
        blocks.append(section(render(lang, "live.opening.ended")))
    else:
        blocks.append(section(status_line(ctx, now)))
        pause = "resume" if live.status is LiveStatus.PAUSED else "pause"
        # A written phase closes (next) or gets a working day more (extend); no pause.
        names = (("next", "extend", "back", "skip", "end") if live.written is not None
                 else ("next", "extend", pause, "back", "skip", "end"))
        blocks.append(controls(lang, ctx, names))
    state = "signals_on" if live.private_signals else "signals_off"
    blocks += [context(render(lang, f"live.panel.{state}")),
               controls(lang, ctx, ("signals",))]
    blocks[-1]["elements"][0]["text"] = plain(render(lang, f"live.control.{state}")[:75])
    return title, blocks


RENDERERS = {"live_notice": notice, "live_panel": panel}
