"""The participant's reflection (reflectieformulier) after a meeting: five short answers kept
for that person alone, and optionally one thing they will do by a date — which becomes a
personal action, followed up like every other.

Offered with the check-out (a button on the summary) and later from the Home tab, for the
meetings of the last weeks. Pure: no Slack, no storage, no clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Final

from flows.actions import Action, check_due_date
from flows.effects import DirectMessage, Effect, FormErrors, Message, OpenForm, Reject
from flows.group import Group
from flows.meeting import Meeting
from flows.texts import Text, t

QUESTIONS: Final = ("first_reaction", "questions", "patterns", "suggestions", "takeaway")
TEXT_LIMIT: Final = 1500
PLAN_LIMIT: Final = 600
OFFERED_FOR: Final = timedelta(weeks=6)  # Home offers the meetings of the last six weeks


@dataclass(frozen=True)
class Reflection:
    meeting_id: int
    user_id: str
    answers: Mapping[str, str]
    action_id: int | None = None  # the personal action it led to, if any


@dataclass(frozen=True)
class ReflectionFormRequested:
    user: str
    meeting_id: int


@dataclass(frozen=True)
class ReflectionSubmitted:
    user: str
    meeting_id: int
    values: Mapping[str, str | None]
    plan: str | None = None
    plan_due: date | None = None


@dataclass(frozen=True)
class ReflectionOutcome:
    effects: tuple[Effect, ...]
    reflection: Reflection | None = None
    action: Action | None = None  # new: "what I will do, by when"


def may_reflect(group: Group, meeting: Meeting, user: str, now: datetime) -> bool:
    """A member, on a meeting that has begun and is not cancelled."""
    return group.is_member(user) and not meeting.cancelled and meeting.start <= now


def offered(meetings: list[Meeting], now: datetime) -> list[Meeting]:
    """The meetings Home offers a reflection for: begun in the last weeks, newest first."""
    return sorted((m for m in meetings if not m.cancelled and now - OFFERED_FOR <= m.start <= now),
                  key=lambda m: m.start, reverse=True)


def open_form(group: Group, meeting: Meeting, event: ReflectionFormRequested,
              mine: Reflection | None, action: Action | None, now: datetime
              ) -> tuple[Effect, ...]:
    if not may_reflect(group, meeting, event.user, now):
        return (Reject(t("reflection.not_yours"), group.language),)
    return (OpenForm("reflection", group.language, {
        "group": group, "meeting": meeting, "answers": dict(mine.answers) if mine else {},
        "action": action}),)


def submit(group: Group, meeting: Meeting, event: ReflectionSubmitted, mine: Reflection | None,
           now: datetime) -> ReflectionOutcome:
    language = group.language
    if not may_reflect(group, meeting, event.user, now):
        return ReflectionOutcome((Reject(t("reflection.not_yours"), language),))
    answers = {name: (event.values.get(name) or "").strip() for name in QUESTIONS}
    errors: dict[str, Text] = {name: t("live.error.text_long", count=len(text), most=TEXT_LIMIT)
                               for name, text in answers.items() if len(text) > TEXT_LIMIT}
    plan = (event.plan or "").strip()
    has_action = mine is not None and mine.action_id is not None
    if not any(answers.values()) and not plan:
        errors["first_reaction"] = t("reflection.error.empty")
    if plan and not has_action:
        if len(plan) > PLAN_LIMIT:
            errors["plan"] = t("live.error.text_long", count=len(plan), most=PLAN_LIMIT)
        due_error = check_due_date(event.plan_due, group.schedule.local(now).date())
        if due_error:
            errors["plan_due"] = due_error
    elif event.plan_due is not None and not has_action:
        errors["plan"] = t("reflection.error.plan_missing")
    if errors:
        return ReflectionOutcome((FormErrors(errors, language),))
    action = None
    if plan and not has_action:
        assert event.plan_due is not None
        action = Action(group_id=group.id or 0, meeting_id=meeting.id, owner=event.user,
                        text=plan, due_date=event.plan_due, created_by=event.user)
    reflection = Reflection(meeting.id or 0, event.user, answers,
                            mine.action_id if mine else None)
    thanks = t("reflection.thanks_action", action=plan) if action else t("reflection.thanks")
    return ReflectionOutcome(
        (DirectMessage(event.user, Message("text", language, {"text": thanks})),),
        reflection, action)
