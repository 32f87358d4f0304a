"""Changing the plan: cancel or move one meeting, pause the group, mark yourself away.

Each change is checked here (who may, dates that make sense) and returns the meetings to save
and what to tell the group — once. Re-planning the due actions of changed meetings is the
runtime's job, with `flows.planning`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time

from flows.effects import Effect, FormErrors, Message, OpenForm, Post, Reject, Reply
from flows.group import Absence, Group
from flows.location import check_location
from flows.meeting import Meeting, MeetingStatus
from flows.texts import Text, t
from flows.written import TEMPOS

FORMS = ("cancel", "move", "pause", "away")
MAX_PERIOD_DAYS = 366
COORDINATOR_FORMS = ("cancel", "move", "pause")


@dataclass(frozen=True)
class ChangeFormRequested:
    team_id: str
    channel_id: str
    user_id: str
    form: str  # one of FORMS


@dataclass(frozen=True)
class ChangeSubmitted:
    team_id: str
    channel_id: str
    user_id: str
    form: str
    meeting_id: int | None = None
    new_date: date | None = None
    new_time: time | None = None
    first_day: date | None = None
    last_day: date | None = None
    location: str | None = None  # move: the meeting's own place or link; empty: the group's
    tempo: str | None = None  # move: "live" or "written" for this one meeting


@dataclass(frozen=True)
class Outcome:
    meetings: tuple[Meeting, ...] = ()  # to save (and re-plan)
    absence: Absence | None = None
    effects: tuple[Effect, ...] = ()


def open_change_form(event: ChangeFormRequested, group: Group, meetings: list[Meeting],
                     now: datetime) -> tuple[Effect, ...]:
    if event.form in COORDINATOR_FORMS and not group.is_coordinator(event.user_id):
        return (Reject(t("changes.only_coordinator"), group.language),)
    if event.form == "away" and not group.is_member(event.user_id):
        return (Reject(t("roles.not_in_group"), group.language),)
    choices = [m for m in meetings if m.start > now and not m.cancelled]
    if event.form in ("cancel", "move") and not choices:
        return (Reject(t("changes.no_meetings"), group.language),)
    return (OpenForm(f"change_{event.form}", group.language, {
        "group": group, "meetings": choices[:25], "channel_id": group.channel_id}),)


def _period(event: ChangeSubmitted, today: date, errors: dict[str, Text]) -> None:
    if event.first_day is None:
        errors["first_day"] = t("changes.error.day_missing")
    elif event.first_day < today:
        errors["first_day"] = t("changes.error.past")
    if event.last_day is None:
        errors["last_day"] = t("changes.error.day_missing")
    elif event.first_day and event.last_day < event.first_day:
        errors["last_day"] = t("changes.error.before_first")
    elif event.first_day and (event.last_day - event.first_day).days > MAX_PERIOD_DAYS:
        errors["last_day"] = t("changes.error.too_long", days=MAX_PERIOD_DAYS)


def submit_change(event: ChangeSubmitted, group: Group, meetings: list[Meeting],
                  now: datetime) -> Outcome:
    """Apply a submitted change form; field errors come back as `FormErrors`."""
    language = group.language
    if event.form in COORDINATOR_FORMS and not group.is_coordinator(event.user_id):
        return Outcome(effects=(Reject(t("changes.only_coordinator"), language),))
    if event.form == "away" and not group.is_member(event.user_id):
        return Outcome(effects=(Reject(t("roles.not_in_group"), language),))
    today = group.schedule.local(now).date()
    errors: dict[str, Text] = {}
    by_id = {m.id: m for m in meetings}
    meeting = by_id.get(event.meeting_id)
    if event.form in ("cancel", "move") and (
            meeting is None or meeting.cancelled or meeting.start <= now):
        errors["meeting"] = t("changes.error.meeting")
    if event.form == "move":
        new_start = None
        if event.new_date is None or event.new_time is None:
            errors["new_date"] = t("changes.error.day_missing")
        else:
            new_start = group.schedule.to_utc(datetime.combine(event.new_date, event.new_time))
            if new_start <= now:
                errors["new_date"] = t("changes.error.past")
        location, location_error = check_location(event.location)
        if location_error:
            errors["location"] = location_error
        if errors:
            return Outcome(effects=(FormErrors(errors, language),))
        assert meeting is not None and new_start is not None
        # Answers given for the old date say nothing about the new one.
        moved = replace(meeting, start=new_start, coming=frozenset(), not_coming=frozenset(),
                        location=location if location and location != group.location else None,
                        tempo=event.tempo if event.tempo in TEMPOS else meeting.tempo)
        return Outcome(meetings=(moved,), effects=(Post(group.channel_id, Message(
            "meeting_moved", language, {"group": group, "meeting": moved,
                                        "was": meeting.start}),
            key=f"moved:{meeting.id}:{int(new_start.timestamp())}"),))
    if event.form == "cancel":
        if errors:
            return Outcome(effects=(FormErrors(errors, language),))
        assert meeting is not None
        cancelled = replace(meeting, status=MeetingStatus.CANCELLED)
        return Outcome(meetings=(cancelled,), effects=(Post(group.channel_id, Message(
            "meeting_cancelled", language, {"group": group, "meeting": cancelled}),
            key=f"cancelled:{meeting.id}"),))
    _period(event, today, errors)
    if errors:
        return Outcome(effects=(FormErrors(errors, language),))
    assert event.first_day and event.last_day
    if event.form == "away":
        absence = Absence(event.user_id, event.first_day, event.last_day)
        return Outcome(absence=absence, effects=(Reply(Message("text", language, {
            "text": t("changes.away_saved", first=event.first_day.isoformat(),
                      last=event.last_day.isoformat())})),))
    paused = tuple(replace(m, status=MeetingStatus.CANCELLED) for m in meetings
                   if not m.cancelled and m.start > now
                   and event.first_day <= group.schedule.local(m.start).date() <= event.last_day)
    return Outcome(meetings=paused, effects=(Post(group.channel_id, Message("paused", language, {
        "group": group, "first_day": event.first_day, "last_day": event.last_day,
        "cancelled": paused}), key=f"pause:{group.id}:{event.first_day}:{event.last_day}"),))
