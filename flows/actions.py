"""Actions (actiepunten): what someone commits to after a meeting, with an owner and a date.

Chosen by the case bringer in the meeting, or added by anyone; followed up later with nudges.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from flows.group import Group
from flows.texts import Text, t

WITHOUT_NEXT_MEETING = timedelta(weeks=3)  # the sources' default moment to look back
FIELDS = ("did", "changed", "discussed", "need")  # the questions of a report back


class ActionStatus(StrEnum):
    OPEN = "open"
    REPORTED = "reported"
    DROPPED = "dropped"


@dataclass(frozen=True)
class Action:
    group_id: int
    meeting_id: int | None
    owner: str
    text: str
    due_date: date
    created_by: str
    case_number: int | None = None
    contribution_id: int | None = None
    status: ActionStatus = ActionStatus.OPEN
    id: int | None = None


def default_due_date(group: Group, next_start: datetime | None, now: datetime) -> date:
    """One week before the next meeting (in the group's days), so there is something to tell;
    three weeks from now when no meeting is planned. Never before tomorrow."""
    today = group.schedule.local(now).date()
    if next_start is None:
        due = today + WITHOUT_NEXT_MEETING
    else:
        due = group.schedule.local(next_start).date() - timedelta(weeks=1)
    return max(due, today + timedelta(days=1))


def check_due_date(due: date | None, today: date) -> Text | None:
    if due is None:
        return t("live.error.due_missing")
    if due < today:
        return t("live.error.due_past")
    return None


def action_errors(group: Group, owner: str | None, due: date | None, now: datetime
                  ) -> dict[str, Text]:
    """Field errors for an action's owner (someone in the group) and due date (not past)."""
    errors: dict[str, Text] = {}
    if not owner:
        errors["owner"] = t("live.error.owner_missing")
    elif not group.is_member(owner):
        errors["owner"] = t("live.error.owner_not_member")
    due_error = check_due_date(due, group.schedule.local(now).date())
    if due_error:
        errors["due_date"] = due_error
    return errors


@dataclass(frozen=True)
class FollowUp:
    """A report back on an action."""

    action_id: int
    author: str
    did: str
    changed: str = ""
    discussed: str = ""
    need: str = ""
    shared: bool = True  # with the group; else only for the next meeting's facilitator
    id: int | None = None
