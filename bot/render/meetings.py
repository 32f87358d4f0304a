"""Meeting messages as Block Kit: role proposal, agenda, case request, preparation, the
day-before reminder, the rota, and the notices about changed plans."""

from __future__ import annotations

from collections.abc import Callable

from bot import ids
from bot.render.agreements import agreements_button
from bot.render.cases import open_case_button, status_lines
from bot.render.location import case_lines, location_line, prepare_line
from bot.render.slack_text import (
    button,
    context,
    date_token,
    escape,
    header,
    mention,
    mentions,
    section,
)
from flows.effects import Message
from flows.group import Group
from flows.meeting import Meeting
from flows.texts import render


def _when(group: Group, meeting: Meeting, language: str) -> str:
    return date_token(meeting.start, language, group.schedule.timezone)


def _people(language: str, users: tuple[str, ...]) -> str:
    return mentions(users) if users else render(language, "roles.proposal.nobody")


def _roles_lines(language: str, meeting: Meeting, prefix: str) -> str:
    bringers = meeting.case_bringers
    key = f"{prefix}.case_bringers" if len(bringers) > 1 else f"{prefix}.case_bringer"
    return render(language, key, people=_people(language, bringers))


def _member_select(placeholder: str, action_id: str, chosen: str | None) -> dict:
    select = {"type": "users_select", "action_id": action_id,
              "placeholder": {"type": "plain_text", "text": placeholder[:150]}}
    if chosen:
        select["initial_user"] = chosen
    return select


def roles_proposal(message: Message) -> tuple[str, list[dict]]:
    lang, group, meeting = message.language, message.data["group"], message.data["meeting"]
    when = _when(group, meeting, lang)
    lines = [render(lang, "roles.proposal.intro", date=when),
             _roles_lines(lang, meeting, "roles.proposal"),
             render(lang, "roles.proposal.facilitator",
                    person=mention(meeting.facilitator) if meeting.facilitator else render(
                        lang, "roles.proposal.nobody"))]
    blocks = [header(render(lang, "roles.proposal.title", group=group.name))]
    if message.data.get("volunteer"):
        blocks.append(section(render(lang, "roles.proposal.volunteer",
                                     person=mention(message.data["volunteer"]))))
    blocks.append(section("\n".join(lines)))
    short = len(meeting.case_bringers) < group.cases_per_meeting or not meeting.facilitator
    if short:
        blocks.append(section(render(lang, "roles.proposal.short")))
    if meeting.roles_confirmed:
        blocks.append(context(render(lang, "roles.proposal.confirmed")))
    else:
        blocks.append(context(render(lang, "roles.proposal.unconfirmed")))
        value = str(meeting.id)
        blocks.append({"type": "actions", "block_id": f"roles_{meeting.id}", "elements": [
            button(render(lang, "roles.proposal.confirm"), ids.ROLES_CONFIRM, value, "primary"),
            button(render(lang, "roles.proposal.swap"), ids.ROLES_SWAP, value)]})
        bringers = meeting.case_bringers
        pickers = [_member_select(render(lang, "roles.proposal.pick_case_bringer"),
                                  ids.ROLES_CASE_BRINGER[0], bringers[0] if bringers else None)]
        if group.cases_per_meeting > 1:
            pickers.append(_member_select(render(lang, "roles.proposal.pick_second"),
                                          ids.ROLES_CASE_BRINGER[1],
                                          bringers[1] if len(bringers) > 1 else None))
        pickers.append(_member_select(render(lang, "roles.proposal.pick_facilitator"),
                                      ids.ROLES_FACILITATOR, meeting.facilitator))
        # The meeting id travels in the block id: user menus have no value of their own.
        blocks.append({"type": "actions", "block_id": f"pick_{meeting.id}", "elements": pickers})
    return render(lang, "roles.proposal.fallback", date=when), blocks


def _agenda_roles(lang: str, meeting: Meeting) -> str:
    key = "agenda.bringers_line" if len(meeting.case_bringers) > 1 else "agenda.bringer_line"
    return render(lang, "agenda.roles", bringers=render(
        lang, key, people=_people(lang, meeting.case_bringers)), facilitator=mention(
        meeting.facilitator) if meeting.facilitator else render(lang, "roles.proposal.nobody"))


def _member_buttons(lang: str, meeting: Meeting, block_id: str) -> dict:
    value = str(meeting.id)
    return {"type": "actions", "block_id": block_id, "elements": [
        button(render(lang, "agenda.volunteer"), ids.MEMBER_VOLUNTEER, value),
        button(render(lang, "agenda.pass"), ids.MEMBER_PASS, value)]}


def agenda(message: Message) -> tuple[str, list[dict]]:
    lang, group, meeting = message.language, message.data["group"], message.data["meeting"]
    when = _when(group, meeting, lang)
    where = location_line(lang, group, meeting)
    blocks = [header(render(lang, "agenda.title", group=group.name)),
              section(render(lang, "agenda.when", date=when,
                             duration=meeting.duration_minutes) + "\n"
                      + (f"{where}\n" if where else "") + _agenda_roles(lang, meeting)),
              section(render(lang, "agenda.steps")),
              context(render(lang, "agenda.case_coming"))]
    if status := status_lines(message):
        blocks.append(section(status))
    blocks.append(open_case_button(lang, meeting.id, "case.form_button"))
    if message.data.get("first_meeting"):  # the group drafts its agreements at the start
        blocks += [context(render(lang, "agreements.on_agenda")),
                   agreements_button(lang, meeting.id)]
    return render(lang, "agenda.fallback", date=when), blocks


def case_request(message: Message) -> tuple[str, list[dict]]:
    lang, group, meeting = message.language, message.data["group"], message.data["meeting"]
    when = _when(group, meeting, lang)
    blocks = [section("*" + render(lang, "case_request.title", date=when) + "*"),
              section(render(lang, "case_request.body", group=escape(group.name))),
              context(render(lang, "case_request.good_case")),
              open_case_button(lang, meeting.id)]
    return render(lang, "case_request.fallback", date=when), blocks


def prepare(message: Message) -> tuple[str, list[dict]]:
    lang, group, meeting = message.language, message.data["group"], message.data["meeting"]
    when = _when(group, meeting, lang)
    blocks = [header(render(lang, "prepare.title", group=group.name)),
              section(render(lang, "prepare.body", date=when, roles=_agenda_roles(lang, meeting)))]
    if status := status_lines(message):
        blocks.append(context(status))
    return render(lang, "prepare.fallback", date=when), blocks


def day_before(message: Message) -> tuple[str, list[dict]]:
    lang, group, meeting = message.language, message.data["group"], message.data["meeting"]
    user, when = message.data["user"], _when(group, meeting, lang)
    blocks = [header(render(lang, "day_before.title", group=group.name)),
              section(render(lang, "day_before.body", date=when))]
    # Where, where the case is, and what to prepare (bot/render/location.py).
    details = [line for line in (location_line(lang, group, meeting),
                                 *case_lines(lang, user, message.data.get("case_places", ())),
                                 prepare_line(lang, user, meeting)) if line]
    blocks.append(section("\n".join(details)[:3000]))
    if (user == meeting.facilitator or group.is_coordinator(user)) and (
            status := status_lines(message)):
        blocks.append(context(status))  # those who lead the meeting see whether the case is in
    if user in meeting.coming:
        blocks.append(context(render(lang, "day_before.answered_coming")))
    elif user in meeting.not_coming:
        blocks.append(context(render(lang, "day_before.answered_not_coming")))
    value = str(meeting.id)
    blocks.append({"type": "actions", "block_id": f"rsvp_{meeting.id}", "elements": [
        button(render(lang, "day_before.coming"), ids.MEMBER_COMING, value, "primary"),
        button(render(lang, "day_before.not_coming"), ids.MEMBER_NOT_COMING, value)]})
    return render(lang, "day_before.fallback", group=escape(group.name), date=when), blocks


def low_attendance(message: Message) -> tuple[str, list[dict]]:
    lang, group, meeting = message.language, message.data["group"], message.data["meeting"]
    text = render(lang, "low_attendance.text", count=message.data["count"],
                  group=escape(group.name), date=_when(group, meeting, lang))
    return text, [section(text)]


def rota(message: Message) -> tuple[str, list[dict]]:
    lang, group = message.language, message.data["group"]
    blocks = [header(render(lang, "rota.title", group=group.name))]
    entries = message.data["entries"]
    if not entries:
        blocks.append(section(render(lang, "rota.empty")))
    for entry in entries:
        meeting = entry.meeting
        when = _when(group, meeting, lang)
        if meeting.cancelled:
            blocks.append(section(render(lang, "rota.cancelled_line", date=when)))
            continue
        state = "rota.expected" if entry.expected else (
            "rota.confirmed" if meeting.roles_confirmed else "rota.proposed")
        key = "agenda.bringers_line" if len(meeting.case_bringers) > 1 else "agenda.bringer_line"
        blocks.append(section(render(lang, "rota.line", date=when, bringers=render(
            lang, key, people=_people(lang, meeting.case_bringers)), facilitator=mention(
            meeting.facilitator) if meeting.facilitator else render(
            lang, "roles.proposal.nobody")) + f"\n{render(lang, state)}"))
        status = status_lines(Message("rota", lang, {"meeting": meeting, "case_status": (
            message.data.get("case_status", {}).get(meeting.id, {}))}))
        if status and not entry.expected:
            blocks.append(context(status))
        if message.data["is_member"] and not meeting.roles_confirmed:
            blocks.append(_member_buttons(lang, meeting, f"rota_{meeting.id}"))
    return render(lang, "rota.fallback", group=escape(group.name)), blocks[:50]


def meeting_cancelled(message: Message) -> tuple[str, list[dict]]:
    lang, group, meeting = message.language, message.data["group"], message.data["meeting"]
    text = render(lang, "changes.cancelled", date=_when(group, meeting, lang))
    return text, [section(text)]


def meeting_moved(message: Message) -> tuple[str, list[dict]]:
    lang, group, meeting = message.language, message.data["group"], message.data["meeting"]
    zone = group.schedule.timezone
    text = render(lang, "changes.moved", was=date_token(message.data["was"], lang, zone),
                  date=_when(group, meeting, lang))
    return text, [section(text)]


def paused(message: Message) -> tuple[str, list[dict]]:
    lang, group = message.language, message.data["group"]
    text = render(lang, "changes.paused", first=message.data["first_day"].isoformat(),
                  last=message.data["last_day"].isoformat())
    cancelled = message.data["cancelled"]
    detail = render(lang, "changes.paused_dates", dates=", ".join(
        _when(group, m, lang) for m in cancelled)) if cancelled else render(
        lang, "changes.paused_none")
    return text, [section(text), context(detail)]


RENDERERS: dict[str, Callable[[Message], tuple[str, list[dict]]]] = {
    "roles_proposal": roles_proposal, "agenda": agenda, "case_request": case_request,
    "prepare": prepare, "day_before": day_before, "low_attendance": low_attendance,
    "rota": rota, "meeting_cancelled": meeting_cancelled, "meeting_moved": meeting_moved,
    "paused": paused,
}
