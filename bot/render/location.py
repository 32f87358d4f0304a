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


def case_lines(lang: str, user: str, places: tuple[tuple[str, str | None], ...]) -> list[str]:
    lines = []
    for bringer, channel in places:
        if bringer == user:
            continue
        if channel and not channel.startswith("D"):
            lines.append(render(lang, "location.case_in_channel", person=mention(bringer),
                                channel=f"<#{channel}>"))
        else:
            lines.append(render(lang, "location.case_by_dm", person=mention(bringer)))
    return lines


def prepare_line(lang: str, user: str, meeting: Meeting) -> str:
    if user in meeting.case_bringers:
        return render(lang, "location.prepare_case_bringer")
    if user == meeting.facilitator:
        return render(lang, "location.prepare_facilitator")
    return render(lang, "location.prepare_member")
