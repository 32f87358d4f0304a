"""The Home tab as Block Kit: per group the next meetings with roles, your case, your open
actions with their buttons, and for coordinators the group's overview."""

from __future__ import annotations

from bot.chart_links import image_url
from bot.render.cases import open_case_button
from bot.render.charts import chart_text
from bot.render.followup import nudge_buttons
from bot.render.rhythm import describe_rhythm
from bot.render.slack_text import (
    context,
    date_token,
    day_token,
    escape,
    mention,
    mentions,
    section,
)
from flows.effects import Message
from flows.home import GroupHome
from flows.texts import render

MAX_ACTIONS = 10  # per list: the Home tab holds at most 100 blocks


def _day(view: GroupHome, lang: str, day) -> str:
    return day_token(day, lang, view.group.schedule.timezone)


def _upcoming(view: GroupHome, lang: str, user: str) -> list[str]:
    lines = []
    for meeting in view.upcoming:
        when = date_token(meeting.start, lang, view.group.schedule.timezone)
        roles = []
        if meeting.case_bringers:
            roles.append(render(lang, "home.case_bringers", people=mentions(meeting.case_bringers)))
        if meeting.facilitator:
            roles.append(render(lang, "home.facilitator", person=mention(meeting.facilitator)))
        mine = (user in meeting.case_bringers) or user == meeting.facilitator
        line = f"• {when}" + (f" · {' · '.join(roles)}" if roles else "")
        lines.append(f"*{line}*" if mine else line)
    return lines


def _my_case(view: GroupHome, lang: str) -> list[dict]:
    if view.my_case is None:
        return []
    meeting, case = view.my_case
    when = date_token(meeting.start, lang, view.group.schedule.timezone)
    if case and case.submitted:
        text = render(lang, "home.case_submitted", date=when, title=escape(case.submitted.title))
    elif case and case.draft:
        text = render(lang, "home.case_draft", date=when)
    else:
        text = render(lang, "home.case_missing", date=when)
    return [section(text), open_case_button(lang, meeting.id or 0)]


def _action_block(view: GroupHome, lang: str, action) -> list[dict]:
    text = render(lang, "home.action", action=escape(action.text),
                  due=_day(view, lang, action.due_date))
    return [section(text), nudge_buttons(lang, action.id)]


def _overview(view: GroupHome, lang: str) -> list[dict]:
    lines = [render(lang, "home.overview")]
    for meeting in view.held:
        lines.append(render(lang, "home.held", date=date_token(
            meeting.start, lang, view.group.schedule.timezone), count=len(meeting.coming)))
    lines.append(render(lang, "home.open_actions", count=len(view.open_actions)))
    lines += [render(lang, "home.open_action", person=mention(a.owner), action=escape(a.text),
                     due=_day(view, lang, a.due_date))
              for a in view.open_actions[:MAX_ACTIONS]]
    return [section("\n".join(lines)[:3000])]


def _charts(view: GroupHome, lang: str) -> list[dict]:
    url = image_url(view.charts, lang) if view.charts else None
    if url is None or view.charts is None:
        return []
    return [{"type": "image", "image_url": url, "alt_text": chart_text(view.charts, lang),
             "title": {"type": "plain_text", "text": render(lang, "charts.home")}}]


def render_home(message: Message) -> tuple[str, list[dict]]:
    lang = message.language
    blocks: list[dict] = [{"type": "header", "text": {"type": "plain_text",
                                                      "text": render(lang, "home.title")}}]
    entries = message.data["entries"]
    if not entries:
        blocks.append(section(render(lang, "home.no_groups")))
    for entry in entries:
        view: GroupHome = entry["view"]
        group = view.group
        role = render(lang, "home.you_coordinate") if entry["coordinator"] else ""
        lines = [f"*{escape(group.name)}* · <#{group.channel_id}> {role}".rstrip(),
                 render(lang, "home.rhythm", rhythm=describe_rhythm(group))]
        if view.upcoming:
            lines += _upcoming(view, lang, entry["user"])
        else:
            lines += [f"• {date_token(at, lang, group.schedule.timezone)}"
                      for at in entry["next_starts"]]
        if view.calendar_url:
            lines.append(render(lang, "home.calendar", url=view.calendar_url))
        blocks += [{"type": "divider"}, section("\n".join(lines))]
        blocks += _my_case(view, lang)
        if view.my_actions:
            blocks.append(context(render(lang, "home.my_actions")))
            for action in view.my_actions[:MAX_ACTIONS]:
                blocks += _action_block(view, lang, action)
        if entry["coordinator"]:
            blocks += _overview(view, lang) + _charts(view, lang)
    blocks += [{"type": "divider"}, section("\n".join(
        [render(lang, "help.commands_heading")]
        + ["• " + render(lang, f"help.command.{command}") for command in message.data["commands"]]
    ))]
    return render(lang, "home.title"), blocks[:100]
