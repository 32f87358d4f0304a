"""The closing summary as Block Kit: the flip-over of the whole meeting, everything once —
each case's question, what each phase collected with its ratings, marks and choices, the
actions with owners and dates, the take-aways — the check-out button, and the next meeting's
date."""

from __future__ import annotations

from bot import ids
from bot.render.flipover import action_lines, item_line, phase_title, sections
from bot.render.reflection import reflection_button
from bot.render.slack_text import (
    button,
    context,
    date_token,
    escape,
    header,
    mention,
    section,
)
from flows import library
from flows.flipover import average_score
from flows.live_context import LiveContext
from flows.texts import render


def _case_lines(ctx: LiveContext, number: int | None) -> list[str]:
    lang = ctx.language
    bringer = ctx.case_bringer(number)
    lines = [render(lang, "live.summary.case", number=number or 1,
                    person=mention(bringer) if bringer else render(lang, "live.actor.group"))]
    case = ctx.case_of(bringer)
    if case and case.submitted and case.submitted.question:
        lines.append(render(lang, "live.summary.question",
                            question=escape(case.submitted.question)))
    return lines


def render_summary(message) -> tuple[str, list[dict]]:
    ctx: LiveContext = message.data["context"]
    lang, live, group = ctx.language, ctx.live, ctx.group
    assert live is not None
    title = render(lang, "live.summary.title", name=group.name)
    method = library.method(live.method_id)
    blocks = [header(title), context(render(
        lang, "live.summary.meta", when=date_token(ctx.meeting.start, lang,
                                                   group.schedule.timezone),
        method=method.name.get(lang)))]
    numbers = list(dict.fromkeys(item.case_number for item in live.agenda
                                 if item.phase.id in {p.id for p in method.phases}))
    lines: list[str] = []
    for number in numbers or [None]:
        lines += _case_lines(ctx, number)
        for item in live.agenda:
            # Each contribution once, under the phase it was added in, with what the case
            # bringer decided about it (rating, mark, chosen) on the same line.
            if item.case_number != number or item.phase.collects in (None, "action",
                                                                     "takeaway"):
                continue
            found = [item_line(lang, c, True) for c in ctx.contributions
                     if c.phase_index == item.index and c.kind == item.phase.collects]
            if found:
                lines += [f"*{phase_title(lang, item)}*", *found]
        lines.append("")
    blocks += sections(lines)
    actions = action_lines(ctx)
    blocks += sections([render(lang, "live.summary.actions"),
                        *(actions or [render(lang, "live.summary.no_actions")])])
    takeaways = [c for c in ctx.contributions if c.kind == "takeaway"]
    if takeaways:
        blocks += sections([render(lang, "live.summary.takeaways"),
                            *(f"• {escape(c.text)}" for c in takeaways)])
    if live.skipped:
        skipped = ", ".join(phase_title(lang, live.agenda[i]) for i in sorted(live.skipped))
        blocks.append(context(render(lang, "live.summary.skipped", phases=skipped)))
    average = average_score(ctx.checkouts)
    if average is not None:
        blocks.append(context(render(lang, "live.summary.checkouts", count=len(ctx.checkouts),
                                     average=f"{average:g}")))
    following = ctx.next_meeting
    blocks.append(section(render(lang, "live.summary.next", when=date_token(
        following.start, lang, group.schedule.timezone)) if following else render(
        lang, "live.summary.no_next")))
    blocks.append({"type": "actions", "elements": [
        button(render(lang, "live.button.checkout"), ids.LIVE_FORM["checkout"],
               f"{ctx.meeting_id}:0", style="primary"),
        reflection_button(lang, ctx.meeting_id),
        button(render(lang, "followup.button.new"), ids.ACTION_NEW, str(ctx.meeting_id)),
        button(render(lang, "attendance.button"), ids.ATTENDANCE_CORRECT, str(ctx.meeting_id))]})
    return title, blocks[:50]


