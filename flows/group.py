"""The intervision group (intervisiegroep): who is in it, who coordinates, and its rhythm.

Validates what a coordinator typed in the setup form and turns it into a `Group`. Field
errors are `Text`s keyed by form field, so the shell can show them next to what was typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from typing import Final
from zoneinfo import ZoneInfo

from flows import library
from flows.location import check_location
from flows.recurrence import (
    LAST,
    Rhythm,
    RhythmKind,
    Schedule,
    is_last_weekday_of_month,
    nth_weekday_of_month,
    zone_exists,
)
from flows.texts import LANGUAGES, Text, t
from flows.written import check_settings

RECOMMENDED_SIZE: Final = (3, 8)
DURATION_RANGE: Final = (60, 240)
INTERVAL_RANGE: Final = (2, 12)
NAME_MAX: Final = 80


@dataclass(frozen=True)
class Timeline:
    """How many days before a meeting each preparation step happens (per group)."""

    roles_days: int = 28  # the coordinator confirms case bringer(s) and facilitator
    agenda_days: int = 14  # agenda to the channel, case requested from the case bringer
    prepare_days: int = 3  # what to prepare
    reminder_days: int = 1  # reminder to every member, with Coming / Can't come

    def as_tuple(self) -> tuple[int, int, int, int]:
        return (self.roles_days, self.agenda_days, self.prepare_days, self.reminder_days)


TIMELINE_FIELDS: Final = ("roles_days", "agenda_days", "prepare_days", "reminder_days")
TIMELINE_RANGE: Final = (1, 90)
# At least a month (the follow-up needs the texts), at most ten years.
RETENTION_RANGE: Final = (30, 3650)
EVALUATION_RANGE: Final = (2, 12)  # every 2nd to every 12th meeting


@dataclass(frozen=True)
class Group:
    """A standing intervision group in one channel."""

    team_id: str
    channel_id: str
    name: str
    members: tuple[str, ...]
    coordinators: tuple[str, ...]
    language: str
    schedule: Schedule
    timeline: Timeline = Timeline()
    cases_per_meeting: int = 1
    channel_private: bool = True  # decides whether a case may be shared in the channel
    method_id: str = "ten_step"  # the default method (methode) of a meeting
    auto_advance: bool = False  # the next phase starts by itself when time is up
    retention_days: int = 180  # case texts, contributions and reports are deleted after this
    evaluation_every: int = 4  # members evaluate the group after every this many meetings
    location: str = ""  # a place in words or a video link (flows.location)
    # The written tempo (flows.written): the default of a meeting, its length in working days
    # and the group's working week (days 0 = Monday, hours in the group's zone).
    tempo: str = "live"
    written_days: int = 10
    work_days: tuple[int, ...] = (0, 1, 2, 3, 4)
    work_start: time = time(9)
    work_end: time = time(17)
    rehearsal: bool = False  # a stand-in for `/intervisie rehearse`: counts for nothing
    id: int | None = None

    def is_coordinator(self, user_id: str) -> bool:
        return user_id in self.coordinators

    def is_member(self, user_id: str) -> bool:
        return user_id in self.members or user_id in self.coordinators

    @property
    def rhythm(self) -> Rhythm:
        return Rhythm.from_rrule(self.schedule.rrule)

    @property
    def size_is_recommended(self) -> bool:
        low, high = RECOMMENDED_SIZE
        return low <= len(self.members) <= high


@dataclass(frozen=True)
class Absence:
    """A member away for a period (inclusive days, in the group's zone)."""

    user_id: str
    first_day: date
    last_day: date

    def covers(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day


def away_on(absences: tuple[Absence, ...] | list[Absence], day: date) -> frozenset[str]:
    """Who is away on `day`."""
    return frozenset(a.user_id for a in absences if a.covers(day))


@dataclass(frozen=True)
class GroupForm:
    """What the setup form held when it was submitted; any field may be missing."""

    name: str = ""
    members: tuple[str, ...] = ()
    coordinators: tuple[str, ...] = ()
    language: str | None = None
    timezone: str = ""
    rhythm: str | None = None
    interval: str = ""
    nth: str | None = None
    first_date: date | None = None
    start_time: time | None = None
    duration: str = ""
    cases_per_meeting: str | None = "1"
    method_id: str | None = None
    auto_advance: str | None = "no"
    retention_days: str = "180"
    evaluation_every: str = "4"
    location: str = ""
    # The written tempo (flows.written.check_settings): default tempo, days, working week.
    tempo: str | None = "live"
    written_days: str = "10"
    work_days: tuple[str, ...] = ("0", "1", "2", "3", "4")
    work_start: time | None = time(9)
    work_end: time | None = time(17)
    roles_days: str = "28"
    agenda_days: str = "14"
    prepare_days: str = "3"
    reminder_days: str = "1"


@dataclass(frozen=True)
class FormResult:
    """A valid group, or the errors per field (never both)."""

    group: Group | None = None
    errors: dict[str, Text] = field(default_factory=dict)


def _whole_number(raw: str) -> int | None:
    raw = raw.strip()
    return int(raw) if raw.isdigit() else None


def _rhythm(form: GroupForm, errors: dict[str, Text]) -> Rhythm | None:
    if form.rhythm not in {kind.value for kind in RhythmKind}:
        errors["rhythm"] = t("setup.error.rhythm_missing")
        return None
    kind = RhythmKind(form.rhythm)
    if kind is RhythmKind.EVERY_N_WEEKS:
        low, high = INTERVAL_RANGE
        interval = _whole_number(form.interval)
        if interval is None or not low <= interval <= high:
            errors["interval"] = t("setup.error.interval", low=low, high=high)
            return None
        return Rhythm(kind, interval=interval)
    if kind is RhythmKind.MONTHLY_NTH_WEEKDAY:
        if form.nth not in {"1", "2", "3", "4", str(LAST)}:
            errors["nth"] = t("setup.error.nth_missing")
            return None
        return Rhythm(kind, nth=int(form.nth))
    return Rhythm(kind)


def _check_first_date(form: GroupForm, rhythm: Rhythm | None, errors: dict[str, Text],
                      today: date) -> None:
    if form.first_date is None:
        errors["first_date"] = t("setup.error.first_date_missing")
    elif form.first_date < today:
        errors["first_date"] = t("setup.error.first_date_past")
    elif rhythm is not None and rhythm.kind is RhythmKind.MONTHLY_NTH_WEEKDAY:
        day = form.first_date
        fits = is_last_weekday_of_month(day) if rhythm.nth == LAST else (
            nth_weekday_of_month(day) == rhythm.nth)
        if not fits:
            errors["first_date"] = t("setup.error.first_date_not_nth", nth=t(f"nth.{rhythm.nth}"),
                                     weekday=t(f"weekday.{day.weekday()}"))


def _timeline(form: GroupForm, errors: dict[str, Text]) -> Timeline | None:
    low, high = TIMELINE_RANGE
    days: list[int] = []
    for name in TIMELINE_FIELDS:
        value = _whole_number(getattr(form, name))
        if value is None or not low <= value <= high:
            errors[name] = t("setup.error.days", low=low, high=high)
            return None
        if days and value >= days[-1]:
            errors[name] = t("setup.error.days_order", previous=days[-1])
            return None
        days.append(value)
    return Timeline(*days)


def validate_group_form(form: GroupForm, *, team_id: str, channel_id: str, now: datetime,
                        existing: Group | None = None, channel_private: bool = True
                        ) -> FormResult:
    """Check the setup form; `now` (aware UTC) decides what "in the past" means locally."""
    errors: dict[str, Text] = {}
    name = " ".join(form.name.split())
    if not name:
        errors["name"] = t("setup.error.name_missing")
    elif len(name) > NAME_MAX:
        errors["name"] = t("setup.error.name_long", max=NAME_MAX)
    if not form.members:
        errors["members"] = t("setup.error.members_missing")
    if not form.coordinators:
        errors["coordinators"] = t("setup.error.coordinators_missing")
    if form.language not in LANGUAGES:
        errors["language"] = t("setup.error.language_missing")
    zone = form.timezone.strip()
    if not zone_exists(zone):
        errors["timezone"] = t("setup.error.timezone_unknown", zone=zone or "—")
    rhythm = _rhythm(form, errors)
    local_today = (now.astimezone(ZoneInfo(zone)) if "timezone" not in errors else now).date()
    _check_first_date(form, rhythm, errors, local_today)
    if form.start_time is None:
        errors["start_time"] = t("setup.error.start_time_missing")
    low, high = DURATION_RANGE
    duration = _whole_number(form.duration)
    if duration is None or not low <= duration <= high:
        errors["duration"] = t("setup.error.duration", low=low, high=high)
    if form.cases_per_meeting not in ("1", "2"):
        errors["cases_per_meeting"] = t("setup.error.cases_per_meeting")
    retention = _whole_number(form.retention_days)
    low_keep, high_keep = RETENTION_RANGE
    if retention is None or not low_keep <= retention <= high_keep:
        errors["retention_days"] = t("setup.error.retention", low=low_keep, high=high_keep)
    every = _whole_number(form.evaluation_every)
    if every is None or not EVALUATION_RANGE[0] <= every <= EVALUATION_RANGE[1]:
        errors["evaluation_every"] = t("setup.error.evaluation", low=EVALUATION_RANGE[0],
                                       high=EVALUATION_RANGE[1])
    if form.method_id is not None and form.method_id not in library.methods():
        errors["method"] = t("setup.error.method")
    timeline = _timeline(form, errors)
    location, location_error = check_location(form.location)
    if location_error:
        errors["location"] = location_error
    tempo = check_settings(form.tempo, form.written_days, form.work_days, form.work_start,
                           form.work_end, errors)
    if errors:
        return FormResult(errors=errors)
    assert rhythm and form.first_date and form.start_time and duration and form.language
    assert timeline and form.cases_per_meeting
    schedule = Schedule(rhythm.rrule(form.first_date.weekday()), form.first_date,
                        form.start_time, zone, duration)
    group = Group(team_id=team_id, channel_id=channel_id, name=name,
                  members=tuple(dict.fromkeys(form.members)),
                  coordinators=tuple(dict.fromkeys(form.coordinators)),
                  language=form.language, schedule=schedule, timeline=timeline,
                  cases_per_meeting=int(form.cases_per_meeting),
                  channel_private=channel_private,
                  method_id=form.method_id or library.DEFAULT_METHOD,
                  auto_advance=form.auto_advance == "yes",
                  retention_days=retention or 180, evaluation_every=every or 4,
                  location=location,
                  **tempo)  # type: ignore[arg-type]
    return FormResult(group=replace(group, id=existing.id) if existing else group)
