"""Records an accreditor accepts: the group's attendance register (one row per member per
meeting, with hours, method and role) and a member's own intervision record for
re-registration (BIG, SKJ, beroepsregisters).

Only the tables are decided here; bot/render/files turns them into .csv and .xlsx bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from flows.attendance import took_place
from flows.group import Group
from flows.meeting import Meeting
from flows.texts import render

Cell = str | int | float


@dataclass(frozen=True)
class Table:
    """A sheet: a title, its column names and rows (text or numbers, never formulas)."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class Held:
    """A meeting that took place, with what the register shows about it."""

    group: Group
    meeting: Meeting
    method: str  # the method's name in the reader's language; "" when not run in Slack


@dataclass(frozen=True)
class RecordRequested:
    """`/intervisie record [year] [takeaways]`: a member's own record, in their DM."""

    team_id: str
    user_id: str
    words: str
    user_language: str
    name: str = ""


@dataclass(frozen=True)
class RecordEntry:
    held: Held
    takeaway: str | None = None


@dataclass(frozen=True)
class PersonalRecord:
    user: str
    name: str
    year: int
    entries: tuple[RecordEntry, ...] = field(default_factory=tuple)
    with_takeaways: bool = False


TAKEAWAY_WORDS = {"takeaways", "take-aways", "with-takeaways", "inzichten", "met-inzichten",
                  "meenemen"}


def parse_year(word: str, this_year: int) -> int | None:
    """The year typed (2000 up to next year), this year when nothing was typed; None: bad."""
    word = word.strip()
    if not word:
        return this_year
    if word.isdigit() and 2000 <= int(word) <= this_year + 1:
        return int(word)
    return None


def role(meeting: Meeting, user: str) -> str:
    if meeting.facilitator == user:
        return "facilitator"
    if user in meeting.case_bringers:
        return "case_bringer"
    return "participant"


def hours(meeting: Meeting) -> float:
    return round(meeting.duration_minutes / 60, 2)


def _local(held: Held) -> datetime:
    return held.group.schedule.local(held.meeting.start)


def _yes_no(language: str, value: bool) -> str:
    return render(language, "records.yes" if value else "records.no")


def attendance_register(group: Group, held: list[Held], year: int, names: Mapping[str, str],
                        language: str, now: datetime) -> Table:
    """One row per member per meeting of `year` that took place, then each member's total of
    hours attended. Former members and anonymous people appear for the meetings they
    attended."""
    meetings = sorted((h for h in held if took_place(h.meeting, now)
                       and _local(h).year == year), key=lambda h: h.meeting.start)
    people = dict.fromkeys(group.members)
    for item in meetings:
        people.update(dict.fromkeys(sorted(item.meeting.coming)))

    def name(user: str) -> str:
        if user.startswith("gone-"):  # forgotten at their request
            return render(language, "attendance.anonymous")
        return names.get(user, user)

    rows: list[tuple[Cell, ...]] = []
    for user in sorted(people, key=lambda u: (name(u).lower(), u)):
        slack_id = "" if user.startswith("gone-") else user
        total = 0.0
        attended_count = 0
        for item in meetings:
            attended = user in item.meeting.coming
            if not attended and user not in group.members:
                continue
            local = _local(item)
            rows.append((name(user), slack_id, local.date().isoformat(),
                         local.strftime("%H:%M"), hours(item.meeting), item.method,
                         render(language, f"records.role.{role(item.meeting, user)}"),
                         _yes_no(language, attended)))
            if attended:
                total += hours(item.meeting)
                attended_count += 1
        rows.append((name(user), slack_id, render(language, "records.total"), "",
                     round(total, 2), "", "", attended_count))
    columns = ("member", "slack_id", "date", "start", "hours", "method", "role", "attended")
    return Table(render(language, "records.register_sheet"),
                 tuple(render(language, f"records.column.{c}") for c in columns), tuple(rows))


def personal_record(user: str, name: str, held: list[Held], takeaways: Mapping[int, str],
                    year: int, with_takeaways: bool, now: datetime) -> PersonalRecord:
    """The meetings of `year` the person attended, in any group, oldest first."""
    mine = sorted((h for h in held if took_place(h.meeting, now) and user in h.meeting.coming
                   and _local(h).year == year), key=lambda h: h.meeting.start)
    entries = tuple(RecordEntry(h, takeaways.get(h.meeting.id or 0) if with_takeaways else None)
                    for h in mine)
    return PersonalRecord(user=user, name=name, year=year, entries=entries,
                          with_takeaways=with_takeaways)


def record_text(record: PersonalRecord, language: str) -> str:
    """The record as plain text (Markdown), to hand to a register or keep."""
    entries = record.entries
    total = round(sum(hours(e.held.meeting) for e in entries), 2)
    lines = [f"# {render(language, 'records.record_title', year=record.year)}", "",
             render(language, "records.record_person", name=record.name or "—"),
             render(language, "records.record_totals", count=len(entries),
                    hours=_number(total, language)), ""]
    by_role: dict[str, int] = {}
    for entry in entries:
        held = entry.held
        local = _local(held)
        what = render(language, f"records.role.{role(held.meeting, record.user)}")
        by_role[what] = by_role.get(what, 0) + 1
        line = render(language, "records.record_line", date=local.date().isoformat(),
                      start=local.strftime("%H:%M"), group=held.group.name,
                      hours=_number(hours(held.meeting), language), role=what,
                      method=held.method or "—")
        lines.append(f"- {line}")
        if entry.takeaway:
            lines.append(f"  - {render(language, 'records.record_takeaway')} {entry.takeaway}")
    if not entries:
        lines.append(render(language, "records.record_none"))
    if by_role:
        lines += ["", render(language, "records.record_roles"),
                  *(f"- {what}: {count}" for what, count in sorted(by_role.items()))]
    if not record.with_takeaways:
        lines += ["", render(language, "records.record_takeaways_hint", year=record.year)]
    return "\n".join(lines) + "\n"


def _number(value: float, language: str) -> str:
    text = f"{value:g}"
    return text.replace(".", ",") if language == "nl" else text
