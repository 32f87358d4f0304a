"""The running meeting as Block Kit: the opening (kept current), one message per phase with
its flip-over and buttons, the short notices of the clock, a drawn card, and method advice.

Button values carry opaque ids and versions only, never contributions or case text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from bot import ids
from bot.render.flipover import duration, flipover_lines, phase_title, sections
from bot.render.live_summary import render_summary
from bot.render.slack_text import (
    button,
    context,
    date_token,
    escape,
    header,
    mention,
    plain,
    section,
    time_token,
)
from flows import library
from flows.live import AgendaPhase, LiveMeeting, LiveStatus, progress, time_left
from flows.live_context import LiveContext
from flows.methods import Phase
from flows.texts import render

BAR_CELLS = 10


def bar(live: LiveMeeting) -> str:
    done, total = (live.index, len(live.agenda)) if live.status is not LiveStatus.ENDED else (
        len(live.agenda), len(live.agenda))
    filled = round(BAR_CELLS * done / total) if total else 0
    return "▰" * filled + "▱" * (BAR_CELLS - filled)


def _who(language: str, context_: LiveContext, item: AgendaPhase, actors: Iterable[str]) -> str:
    names = []
    for actor in actors:
        person = (context_.case_bringer(item.case_number) if actor == "case_bringer"
                  else context_.meeting.facilitator if actor == "facilitator" else None)
        name = render(language, f"live.actor.{actor}")
        names.append(f"{name} ({mention(person)})" if person else name)
    return ", ".join(names)


def _until(context_: LiveContext, at: datetime) -> str:
    return time_token(at, context_.group.schedule.timezone)


# -- the opening --------------------------------------------------------------------------


def _status_line(ctx: LiveContext, now: datetime) -> str:
    lang, live = ctx.language, ctx.live
    assert live is not None
    number, total = progress(live)
    if live.status is LiveStatus.NOT_STARTED:
        return render(lang, "live.opening.not_started")
    if live.status is LiveStatus.ENDED:
        return render(lang, "live.opening.ended")
    title = phase_title(lang, live.phase)
    left = duration(lang, time_left(live, now))
    if live.status is LiveStatus.PAUSED:
        return render(lang, "live.opening.paused", number=number, total=total, title=title,
                      left=left)
    assert live.phase_ends_at is not None
    return render(lang, "live.opening.running", number=number, total=total, title=title,
                  bar=bar(live), left=left, until=_until(ctx, live.phase_ends_at))


def _agenda_lines(ctx: LiveContext) -> list[str]:
    live = ctx.live
    assert live is not None
    lines = []
    for item in live.agenda:
        if item.index in live.skipped:
            mark = ":leftwards_arrow_with_hook:"
        elif live.status is LiveStatus.ENDED or (item.index < live.index
                                                  and live.status is not LiveStatus.NOT_STARTED):
            mark = ":white_check_mark:"
        elif item.index == live.index and live.status is not LiveStatus.NOT_STARTED:
            mark = ":arrow_forward:"
        else:
            mark = ":white_small_square:"
        lines.append(render(ctx.language, "live.agenda_line", mark=mark,
                            title=phase_title(ctx.language, item), minutes=item.minutes))
    return lines


def _roles(ctx: LiveContext) -> list[str]:
    lang, meeting = ctx.language, ctx.meeting
    lines = []
    for number, user in enumerate(meeting.case_bringers, start=1):
        case = ctx.case_of(user)
        # The title is case material: only in a private channel, and only once submitted.
        title = (case.submitted.title if case and case.submitted and ctx.group.channel_private
                 else "")
        key = "live.opening.case_titled" if title else "live.opening.case"
        lines.append(render(lang, key, number=number, person=mention(user),
                            title=escape(title)))
    if not meeting.case_bringers:
        lines.append(render(lang, "live.opening.case_in_room"))
    facilitator = mention(meeting.facilitator) if meeting.facilitator else render(
        lang, "live.opening.no_facilitator")
    lines.append(render(lang, "live.opening.facilitator", person=facilitator))
    return lines


def opening(message) -> tuple[str, list[dict]]:
    ctx: LiveContext = message.data["context"]
    now: datetime = message.data["now"]
    lang, live, group = ctx.language, ctx.live, ctx.group
    assert live is not None
    method = library.method(live.method_id)
    title = render(lang, "live.opening.title", name=group.name)
    when = date_token(ctx.meeting.start, lang, group.schedule.timezone)
    minutes = sum(item.minutes for item in live.agenda)
    blocks = [header(title),
              section("\n".join([render(lang, "live.opening.when", when=when, minutes=minutes),
                                 render(lang, "live.opening.method",
                                        method=method.name.get(lang)),
                                 *_roles(ctx)])),
              section(_status_line(ctx, now))]
    if live.speed != 1:
        blocks.append(context(render(lang, "live.opening.rehearsal", speed=f"{live.speed:g}")))
    blocks += sections(_agenda_lines(ctx))
    meeting_id = ctx.meeting_id
    if live.status is LiveStatus.NOT_STARTED:
        options = [{"text": plain(m.name.get(lang)[:75]), "value": m.id}
                   for m in sorted(library.methods().values(), key=lambda m: m.name.get(lang))]
        chosen = next(o for o in options if o["value"] == method.id)
        blocks += [
            context(render(lang, "live.opening.method_hint")),
            {"type": "actions", "block_id": f"method_{meeting_id}", "elements": [
                button(render(lang, "live.button.start"), ids.LIVE_START, str(meeting_id),
                       style="primary"),
                {"type": "static_select", "action_id": ids.LIVE_METHOD, "options": options,
                 "initial_option": chosen,
                 "placeholder": plain(render(lang, "live.button.method"))},
                button(render(lang, "live.button.advice"), ids.LIVE_ADVICE, str(meeting_id)),
            ]}]
    text = f"{title} · {_status_line(ctx, now)}"
    return text[:3000], blocks


# -- one phase ----------------------------------------------------------------------------


def _rules(lang: str, ctx: LiveContext, item: AgendaPhase) -> list[str]:
    phase: Phase = item.phase
    lines = [render(lang, "live.phase.speaks", who=_who(lang, ctx, item, phase.speaks))]
    if phase.silent:
        lines.append(render(lang, "live.phase.silent", who=_who(lang, ctx, item, phase.silent)))
    if phase.rule:
        lines.append(f"_{phase.rule.get(lang)}_")
    if phase.steps_out:
        lines.append(render(lang, "live.phase.steps_out"))
    if phase.writes_first:
        lines.append(render(lang, "live.phase.writes_first"))
    if phase.per_person:
        lines.append(render(lang, "live.phase.per_person", least=phase.per_person[0],
                            most=phase.per_person[1]))
    return lines


def _participate(lang: str, ctx: LiveContext, item: AgendaPhase, value: str) -> list[dict]:
    phase, elements = item.phase, []
    if phase.collects:
        elements.append(button(render(lang, f"live.add.{phase.collects}"),
                               ids.LIVE_FORM["add"], value, style="primary"))
    for form, kind in (("rate", phase.rates), ("mark", phase.marks),
                       ("choose", phase.chooses)):
        if kind:
            elements.append(button(render(lang, f"live.button.{form}"), ids.LIVE_FORM[form],
                                   value))
    if phase.deck:
        elements.append(button(render(lang, "live.button.card"), ids.LIVE_CARD,
                               str(ctx.meeting_id)))
    if not ctx.group.channel_private and (phase.collects or phase.rates or phase.marks
                                          or phase.chooses):
        elements.append(button(render(lang, "live.button.show"), ids.LIVE_FORM["show"], value))
    return elements


def controls(lang: str, ctx: LiveContext, names: Iterable[str]) -> dict:
    live = ctx.live
    assert live is not None
    value = f"{ctx.meeting_id}:{live.version}"
    elements = []
    for name in names:
        element = button(render(lang, f"live.control.{name}"), ids.LIVE_CONTROL[name], value,
                         style="primary" if name == "next" else None)
        if name == "end":
            element["confirm"] = {
                "title": plain(render(lang, "live.confirm_end.title")[:100]),
                "text": plain(render(lang, "live.confirm_end.text")[:300]),
                "confirm": plain(render(lang, "live.confirm_end.yes")[:30]),
                "deny": plain(render(lang, "live.confirm_end.no")[:30]),
                "style": "danger"}
        elements.append(element)
    return {"type": "actions", "elements": elements}


def phase_message(message) -> tuple[str, list[dict]]:
    ctx: LiveContext = message.data["context"]
    index, current = message.data["index"], message.data["current"]
    private = message.data.get("private", False)
    lang, live = ctx.language, ctx.live
    assert live is not None
    item = live.agenda[index]
    title = render(lang, "live.phase.title", number=index + 1, total=len(live.agenda),
                   title=phase_title(lang, item))
    blocks = [header(title), section(item.phase.prompt.get(lang)),
              context(*(line[:3000] for line in _rules(lang, ctx, item)))]
    timing = render(lang, "live.phase.minutes", minutes=item.minutes)
    if current and live.status is LiveStatus.RUNNING and live.phase_ends_at:
        timing += " · " + render(lang, "live.phase.until", until=_until(ctx, live.phase_ends_at))
    blocks.append(context(timing))
    if item.phase.questions:
        blocks += sections([render(lang, "live.phase.questions")]
                           + [f"• {q.get(lang)}" for q in item.phase.questions])
    lines = flipover_lines(ctx, item, rating_hidden=current and bool(item.phase.rates))
    if item.phase.id == "look_back" and item.case_number is None:
        lines = look_back_lines(ctx) + lines
    shown = ctx.group.channel_private or private
    if lines and shown:
        blocks += sections([render(lang, "live.flipover.heading"), *lines])
    elif lines:
        blocks.append(context(render(lang, "live.flipover.count_only")))
    if private:
        return title, blocks[:50]
    if current:
        value = f"{ctx.meeting_id}:{live.entry_version}"
        participate = _participate(lang, ctx, item, value)
        if participate:
            blocks.append({"type": "actions", "elements": participate})
        pause = "resume" if live.status is LiveStatus.PAUSED else "pause"
        blocks.append(controls(lang, ctx, ("next", "extend", pause, "back", "skip", "end")))
    else:
        done = "live.phase.skipped" if index in live.skipped else "live.phase.done"
        blocks.append(context(render(lang, done)))
    return title, blocks[:50]


def look_back_lines(ctx: LiveContext) -> list[str]:
    """The previous meeting's actions and what came of them: where the group left off."""
    lang = ctx.language
    if not ctx.looking_back:
        return [render(lang, "followup.look_back.none")]
    lines = [render(lang, "followup.look_back.heading")]
    for action, report in ctx.looking_back:
        if report is None:
            state = render(lang, f"followup.look_back.{action.status.value}")
        elif report.shared:
            state = render(lang, "followup.look_back.reported", did=escape(report.did[:300]))
        else:
            state = render(lang, "followup.look_back.kept")
        lines.append(f"• {mention(action.owner)}: {escape(action.text)} — {state}")
    return lines


# -- notices, cards, advice -----------------------------------------------------------------


def notice(message) -> tuple[str, list[dict]]:
    ctx: LiveContext = message.data["context"]
    now: datetime = message.data["now"]
    kind, index, seconds = message.data["notice"], message.data["index"], message.data["seconds"]
    lang, live = ctx.language, ctx.live
    assert live is not None
    title = phase_title(lang, live.agenda[index])
    until = _until(ctx, live.phase_ends_at or now + timedelta(seconds=seconds))
    text = render(lang, f"live.notice.{kind}", title=title, left=duration(lang, seconds),
                  until=until)
    blocks = [section(text)]
    if kind in ("time_up", "heads_up") and live.status is LiveStatus.RUNNING:
        blocks.append(controls(lang, ctx, ("next", "extend")))
    return text, blocks


def card(message) -> tuple[str, list[dict]]:
    ctx: LiveContext = message.data["context"]
    deck, drawn = message.data["deck"], message.data["card"]
    lang = ctx.language
    theme = next((t.name.get(lang) for t in deck.themes if t.id == drawn.theme), None)
    heading = f"*{deck.name.get(lang)}*" + (f" · {theme}" if theme else "")
    lines = [f":black_joker: {heading}", f">{drawn.text.get(lang)}"]
    notes = [render(lang, "live.card.drawn_by", person=mention(message.data["user"]))]
    if message.data["reshuffled"]:
        notes.append(render(lang, "live.card.reshuffled"))
    return f"{heading}: {drawn.text.get(lang)}", [section("\n".join(lines)), context(*notes)]


def method_advice(message) -> tuple[str, list[dict]]:
    lang = message.language
    title = render(lang, "live.advice.title")
    blocks = [header(title)]
    for method in sorted(message.data["methods"].values(), key=lambda m: m.name.get(lang)):
        blocks.append(section("\n".join([
            f"*{method.name.get(lang)}* · {method.meeting_minutes} min",
            method.summary.get(lang),
            render(lang, "live.advice.suits", advice=method.suits.get(lang)),
            render(lang, "live.advice.less_suited", advice=method.less_suited.get(lang))])))
    return title, blocks


RENDERERS: dict[str, Callable] = {
    "live_opening": opening, "live_phase": phase_message, "live_notice": notice,
    "live_card": card, "live_method_advice": method_advice, "live_summary": render_summary,
}
