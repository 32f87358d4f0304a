"""Where a meeting is, as a line of Slack text (a link opens the video call), and the lines
the day-before reminder adds: where each shared case is, and what to prepare."""

from __future__ import annotations

from bot.render.slack_text import escape, mention
from flows import location
from flows.group import Group
from flows.meeting import Meeting
from flows.texts import render


def location_line(lang: str, group: Group, meeting: Meeting | None) -> str | None:
    place = location.where(group, meeting)
    if not place:
        return None
    if location.is_link(place):
        return render(lang, "location.link_line", url=place.replace("|", "%7C").replace(
            ">", "%3E"))
    return render(lang, "location.place_line", place=escape(place))


def case_lines(lang: str, user: str, places: tuple[tuple[str, str | None, bool], ...]
               ) -> list[str]:
    lines = []
    for bringer, channel, full in places:
        if bringer == user:
            continue
        where = (f"<#{channel}>" if channel and not channel.startswith("D")
                 else render(lang, "location.in_your_dms"))
        key = "location.case_shared" if full else "location.case_title_only"
        lines.append(render(lang, key, person=mention(bringer), where=where))
    return lines


def prepare_line(lang: str, user: str, meeting: Meeting) -> str:
    if user in meeting.case_bringers:
        return render(lang, "location.prepare_case_bringer")
    if user == meeting.facilitator:
        return render(lang, "location.prepare_facilitator")
    return render(lang, "location.prepare_member")
