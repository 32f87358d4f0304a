"""Use cases of the records and of a person's rights: the attendance register (coordinators),
a member's own record, and everything the bot holds about someone (`my-data`).

Each runs inside the transaction the runtime opened; none talks to Slack. The files go to
the person who asked, in their DM with the bot.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime

from bot.render.files import csv_bytes, xlsx_bytes
from flows import my_data, records
from flows.attendance import AttendanceRequested
from flows.effects import Effect, Message, Reject, SendFile
from flows.group import Group
from flows.methods import load_methods
from flows.texts import render, t
from storage.repositories import UnitOfWork


def _held(work: UnitOfWork, group: Group, language: str) -> list[records.Held]:
    """The group's meetings with the method each was run with (when run in Slack)."""
    methods = load_methods()
    held = []
    for meeting in work.meetings.of_group(group.id or 0):
        live = work.live.get(meeting.id or 0)
        method = methods.get(live[0].method_id) if live else None
        name = method.name.get(language) if method else ""
        if name and live and live[0].written is not None:  # the register shows the tempo
            name = render(language, "written.register", method=name)
        held.append(records.Held(group, meeting, name))
    return held


def _attendance(work: UnitOfWork, event: AttendanceRequested, now: datetime
                ) -> tuple[Effect, ...]:
    group = work.groups.by_channel(event.team_id, event.channel_id)
    if group is None or group.id is None:
        return (Reject(t("group.none_here"), event.user_language),)
    language = group.language
    if not group.is_coordinator(event.user_id):
        return (Reject(t("attendance.only_coordinators"), language),)
    year = records.parse_year(event.year_word or "", group.schedule.local(now).year)
    if year is None:
        return (Reject(t("attendance.bad_year", word=(event.year_word or "").strip()),
                       language),)
    table = records.attendance_register(group, _held(work, group, language), year,
                                        event.names, language, now)
    title = render(language, "records.register_title", name=group.name, year=year)
    comment = Message("text", language, {"text": t("records.register_comment",
                                                   name=group.name, year=year)})
    return (SendFile(f"attendance-{year}.xlsx", title, xlsx_bytes(table, now), comment),
            SendFile(f"attendance-{year}.csv", title, csv_bytes(table, language),
                     Message("text", language, {"text": t("records.csv_comment")})))


def _record(work: UnitOfWork, event: records.RecordRequested, now: datetime
            ) -> tuple[Effect, ...]:
    language = event.user_language
    words = event.words.split()
    with_takeaways = any(w.lower() in records.TAKEAWAY_WORDS for w in words)
    year_words = [w for w in words if w.lower() not in records.TAKEAWAY_WORDS]
    groups = [g for g in work.groups.all() if g.team_id == event.team_id]
    this_year = now.year if not groups else groups[0].schedule.local(now).year
    year = records.parse_year(" ".join(year_words), this_year) if len(year_words) <= 1 else None
    if year is None:
        return (Reject(t("records.bad_record_words", words=event.words), language),)
    held = [h for g in groups for h in _held(work, g, language)
            if event.user_id in h.meeting.coming]
    takeaways: dict[int, str] = {}
    if with_takeaways:
        reflections = work.reflections.of_user(event.user_id,
                                               [h.meeting.id or 0 for h in held])
        for item in held:
            said = [c.takeaway for c in work.flipover.checkouts(item.meeting.id or 0)
                    if c.user_id == event.user_id and c.takeaway]
            mine = reflections.get(item.meeting.id or 0)
            said += [mine.answers["takeaway"]] if mine and mine.answers.get("takeaway") else []
            if said:  # the check-out's take-away and the reflection's, when both were written
                takeaways[item.meeting.id or 0] = " · ".join(dict.fromkeys(said))
    record = records.personal_record(event.user_id, event.name, held, takeaways, year,
                                     with_takeaways, now)
    text = records.record_text(record, language)
    return (SendFile(f"intervisie-record-{year}.md",
                     render(language, "records.record_title", year=year), text.encode("utf-8"),
                     Message("text", language, {"text": t(
                         "records.record_comment", year=year, count=len(record.entries))})),)


def _my_data(work: UnitOfWork, event: my_data.MyDataRequested, now: datetime
             ) -> tuple[Effect, ...]:
    language = event.user_language
    data = work.personal_data.of(event.team_id, event.user_id)
    data = my_data.with_header(data, event.user_id, event.name, now)
    comment = Message("text", language, {"text": t("rights.my_data_comment")})
    return (SendFile("my-data.json", render(language, "rights.my_data_title"),
                     json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"), comment),
            SendFile("my-data.md", render(language, "rights.my_data_title"),
                     my_data.readable(data, language).encode("utf-8"),
                     Message("text", language, {"text": t("rights.my_data_readable")})))


HANDLERS: dict[type, Callable[[UnitOfWork, object, datetime], tuple[Effect, ...]]] = {
    AttendanceRequested: _attendance,
    records.RecordRequested: _record,
    my_data.MyDataRequested: _my_data,
}
