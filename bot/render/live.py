"""The running meeting as Block Kit: the opening (kept current), one message per phase with
its rule first, its time left, its flip-over and the buttons everyone may use, the
facilitator's private panel and signals, and a drawn card (method advice: live_advice).

Button values carry opaque ids and versions only, never contributions or case text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from bot import ids
from bot.render import written
from bot.render.flipover import duration, flipover_lines, item_line, phase_title, sections
from bot.render.live_advice import ADVICE
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
from flows.flipover import of_kind
from flows.live import AgendaPhase, LiveMeeting, LiveStatus, progress, time_left
from flows.live_context import LiveContext
from flows.methods import Phase
from flows.running import method_open
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


def until_text(context_: LiveContext, at: datetime) -> str:
    return time_token(at, context_.group.schedule.timezone)


# -- the opening --------------------------------------------------------------------------


def status_line(ctx: LiveContext, now: datetime) -> str:
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
    if live.written is not None:  # over days: the deadline, not minutes left
        return written.status_line(ctx, now)
    return render(lang, "live.opening.running", number=number, total=total, title=title,
                  bar=bar(live), left=left, until=until_text(ctx, live.phase_ends_at))


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
              section(status_line(ctx, now))]
    if live.written is not None:
        blocks.append(context(render(lang, "written.opening.tempo", days=live.written.days)))
    if live.speed != 1:
        blocks.append(context(render(lang, "live.opening.rehearsal", speed=f"{live.speed:g}")))
    blocks += sections(_agenda_lines(ctx))
    meeting_id = ctx.meeting_id
    if method_open(live):  # the method can change until its first phase begins
        options = [{"text": plain(m.name.get(lang)[:75]), "value": m.id}
                   for m in sorted(library.methods().values(), key=lambda m: m.name.get(lang))]
        chosen = next(o for o in options if o["value"] == method.id)
        start = ([button(render(lang, "live.button.start"), ids.LIVE_START, str(meeting_id),
                         style="primary")] if live.status is LiveStatus.NOT_STARTED else [])
        blocks += [
            context(render(lang, "live.opening.method_hint")),
            {"type": "actions", "block_id": f"method_{meeting_id}", "elements": [
                *start,
                {"type": "static_select", "action_id": ids.LIVE_METHOD, "options": options,
                 "initial_option": chosen,
                 "placeholder": plain(render(lang, "live.button.method"))},
                button(render(lang, "live.button.advice"), ids.LIVE_ADVICE, str(meeting_id)),
                *([button(render(lang, "written.button.choose"), ids.WRITTEN_CHOOSE,
                          str(meeting_id))]
                  if live.status is LiveStatus.NOT_STARTED and live.written is None else []),
                # Before the start too: there the facilitator chooses how the clock signals.
                button(render(lang, "live.button.panel"), ids.LIVE_PANEL, str(meeting_id)),
            ]}]
    text = f"{title} · {status_line(ctx, now)}"
    return text[:3000], blocks


# -- one phase ----------------------------------------------------------------------------


def headline(lang: str, ctx: LiveContext, item: AgendaPhase) -> str:
    """Who speaks and who is silent: the first line of a phase, bold, one line."""
    phase: Phase = item.phase
    speaks = _who(lang, ctx, item, phase.speaks)
    if not phase.silent:
        return render(lang, "live.phase.headline", speaks=speaks)
    return render(lang, "live.phase.headline_silent", speaks=speaks,
                  silent=_who(lang, ctx, item, phase.silent))


def _rules(lang: str, ctx: LiveContext, item: AgendaPhase) -> list[str]:
    phase: Phase = item.phase
    lines = []
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
        label = written.add_label(lang, phase.collects)
        if phase.may_contribute(True) and not phase.may_contribute(False):
            # Everyone sees the button; the label says whose it is in this phase.
            label = render(lang, "live.button.bringer_only", label=label)
        elements.append(button(label[:75], ids.LIVE_FORM["add"], value, style="primary"))
    for form, kind in (("rate", phase.rates), ("mark", phase.marks),
                       ("choose", phase.chooses)):
        if kind:
            elements.append(button(render(lang, f"live.button.{form}"), ids.LIVE_FORM[form],
                                   value))
    if phase.deck:
        elements.append(button(render(lang, "live.button.card"), ids.LIVE_CARD,
                               str(ctx.meeting_id)))
    if not ctx.group.channel_private and (phase.collects or phase.rates or phase.marks
                                          or phase.chooses or phase.shows):
        elements.append(button(render(lang, "live.button.show"), ids.LIVE_FORM["show"], value))
    # The facilitator's controls are behind this one button, shown to them alone.
    elements.append(button(render(lang, "live.button.panel"), ids.LIVE_PANEL,
                           str(ctx.meeting_id)))
    return elements


def _timing(lang: str, ctx: LiveContext, item: AgendaPhase, current: bool,
            now: datetime | None) -> str:
    """The phase's minutes and, while it runs, the time left: redrawn at the heads-up and at
    time-up, so the thread stays quiet."""
    live = ctx.live
    assert live is not None
    if live.written is not None:
        return written.timing(ctx, current)
    timing = render(lang, "live.phase.minutes", minutes=item.minutes)
    if not current or now is None:
        return timing
    left = time_left(live, now)
    if live.status is LiveStatus.PAUSED:
        return timing + " · " + render(lang, "live.phase.paused", left=duration(lang, left))
    if live.status is not LiveStatus.RUNNING or live.phase_ends_at is None:
        return timing
    if left <= 0:
        return timing + " · " + render(lang, "live.phase.time_up")
    return timing + " · " + render(lang, "live.phase.left", left=duration(lang, left),
                                   until=until_text(ctx, live.phase_ends_at))


def _between_cases(ctx: LiveContext, item: AgendaPhase) -> bool:
    """The break between two cases, or (without a break) the second case's first phase."""
    live = ctx.live
    assert live is not None
    before = live.agenda[item.index - 1] if item.index > 0 else None
    if item.phase.id == "break" and item.case_number is None:
        return before is not None and before.case_number is not None
    return (before is not None and item.case_number is not None
            and before.case_number is not None and before.case_number != item.case_number)


def _shown(lang: str, ctx: LiveContext, item: AgendaPhase) -> list[str]:
    """What a phase shows from earlier (ten-step 4: every question with its rating)."""
    if not item.phase.shows:
        return []
    items = of_kind(ctx.contributions, item.phase.shows, item.case_number)
    order = {"warm": 0, "neutral": 1, "cold": 2}
    ranked = sorted(items, key=lambda c: order.get(c.rating.value if c.rating else "", 3))
    return [render(lang, "live.phase.shows"), *(item_line(lang, c, True) for c in ranked)]


def controls(lang: str, ctx: LiveContext, names: Iterable[str]) -> dict:
    live = ctx.live
    assert live is not None
    value = f"{ctx.meeting_id}:{live.version}"
    elements = []
    for name in names:
        key = ("written.control.extend" if name == "extend" and live.written is not None
               else f"live.control.{name}")
        element = button(render(lang, key), ids.LIVE_CONTROL[name], value,
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
    blocks = [header(title), section(headline(lang, ctx, item)[:3000]),
              section(item.phase.prompt.get(lang))]
    rules = _rules(lang, ctx, item)
    if rules:
        blocks.append(context(*(line[:3000] for line in rules)))
    blocks.append(context(_timing(lang, ctx, item, current, message.data.get("now"))))
    if _between_cases(ctx, item):
        blocks.append(section(render(lang, "live.phase.energy")))
    shown = _shown(lang, ctx, item)
    if shown and (ctx.group.channel_private or private):
        blocks += sections(shown)
    if item.phase.questions:
        blocks += sections([render(lang, "live.phase.questions")]
                           + [f"• {q.get(lang)}" for q in item.phase.questions])
    lines = flipover_lines(ctx, item, rating_hidden=current and bool(item.phase.rates))
    if item.phase.id == "look_back" and item.case_number is None:
        lines = look_back_lines(ctx) + lines
    running_now = live.index == index and live.status in (LiveStatus.RUNNING,
                                                          LiveStatus.PAUSED)
    if live.written is not None and running_now and item.phase.collects:
        # In writing nobody anchors on the first answer: only counts until the phase closes
        # (also in the private "show", which is drawn as not current).
        earlier = look_back_lines(ctx) if item.phase.id == "look_back" else []
        lines = earlier + written.hidden_lines(ctx, index)
    visible = ctx.group.channel_private or private
    if lines and visible:
        blocks += sections([render(lang, "live.flipover.heading"), *lines])
    elif lines:
        blocks.append(context(render(lang, "live.flipover.count_only")))
    if private:
        return title, blocks[:50]
    if current:
        value = f"{ctx.meeting_id}:{live.entry_version}"
        blocks.append({"type": "actions", "elements": _participate(lang, ctx, item, value)})
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


# -- cards ----------------------------------------------------------------------------------------


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


RENDERERS: dict[str, Callable] = {
    "live_opening": opening, "live_phase": phase_message, "live_card": card,
    "live_summary": render_summary, **ADVICE,
}
