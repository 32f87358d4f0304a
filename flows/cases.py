"""The case (casus / inbreng): what the case bringer writes down before the meeting.

Checks the intake form, keeps drafts, and decides who may open the form and who gets to read
the case. A case is intervision material: it goes only to the group's members — in the
group's channel when that is private, otherwise by direct message — and, when the case
bringer asks, only its title goes out before the meeting.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Final

from flows.effects import (
    DirectMessage,
    Effect,
    FormErrors,
    Message,
    OpenForm,
    Post,
    PostToGroupOnly,
    Reject,
)
from flows.group import Group
from flows.meeting import Meeting
from flows.texts import Text, t

FIELDS: Final = ("title", "description", "background", "question", "tried", "hope")
LIMITS: Final = {"title": 100, "description": 2500, "background": 1500, "question": 500,
                 "tried": 1200, "hope": 800}
REQUIRED: Final = ("title", "description", "question")


@dataclass(frozen=True)
class CaseText:
    """What the form holds: the six texts, the preferred method, and how to share."""

    title: str = ""
    description: str = ""
    background: str = ""
    question: str = ""
    tried: str = ""
    hope: str = ""
    method: str | None = None
    share_before: bool = True


@dataclass(frozen=True)
class Case:
    meeting_id: int
    group_id: int
    case_bringer: str
    submitted: CaseText | None = None  # what the group gets to read
    draft: CaseText | None = None  # typed but not submitted (kept when the form is closed)
    submitted_at: datetime | None = None
    shared_at: datetime | None = None  # when the submitted version went to the group
    id: int | None = None

    @property
    def is_in(self) -> bool:
        return self.submitted is not None

    @property
    def for_form(self) -> CaseText:
        """What the form opens with: the draft if there is one, else the submitted case."""
        return self.draft or self.submitted or CaseText()


@dataclass(frozen=True)
class CaseFormRequested:
    team_id: str
    user_id: str
    meeting_id: int | None  # None: the next meeting where this person brings a case
    user_language: str = "en"


@dataclass(frozen=True)
class CaseFormSubmitted:
    team_id: str
    user_id: str
    meeting_id: int
    text: CaseText
    closed: bool = False  # the form was closed, not submitted: keep it as a draft
    language: str = "en"


@dataclass(frozen=True)
class CaseOutcome:
    case: Case | None = None
    effects: tuple[Effect, ...] = field(default_factory=tuple)


def case_status(meeting: Meeting, cases: tuple[Case, ...] | list[Case]) -> dict[str, bool]:
    """Per case bringer: is the case in?"""
    submitted = {case.case_bringer for case in cases if case.is_in}
    return {user: user in submitted for user in meeting.case_bringers}


def request_form(event: CaseFormRequested, group: Group, meeting: Meeting, case: Case | None,
                 method_names: dict[str, str], now: datetime) -> tuple[Effect, ...]:
    """Only the meeting's case bringer opens its form; nobody else learns anything of it."""
    if not group.is_member(event.user_id):
        return (Reject(t("roles.not_in_group"), group.language),)
    if meeting.cancelled or meeting.start <= now:
        return (Reject(t("roles.passed"), group.language),)
    if event.user_id not in meeting.case_bringers:
        return (Reject(t("case.not_case_bringer"), group.language),)
    return (OpenForm("case_form", group.language, {
        "group": group, "meeting": meeting, "text": case.for_form if case else CaseText(),
        "methods": method_names, "submitted": bool(case and case.is_in)}),)


def validate(text: CaseText) -> dict[str, Text]:
    errors: dict[str, Text] = {}
    for name in FIELDS:
        value = getattr(text, name).strip()
        if name in REQUIRED and not value:
            errors[name] = t(f"case.error.{name}_missing")
        elif len(value) > LIMITS[name]:
            errors[name] = t("case.error.too_long", max=LIMITS[name], length=len(value))
    if "question" not in errors and "?" not in text.question:
        errors["question"] = t("case.error.not_a_question")
    return errors


def submit(event: CaseFormSubmitted, group: Group, meeting: Meeting, existing: Case | None,
           now: datetime, prepare_at: datetime, channel_private: bool) -> CaseOutcome:
    """A submitted form (or a closed one, kept as a draft)."""
    language = event.language
    if not group.is_member(event.user_id) or event.user_id not in meeting.case_bringers:
        return CaseOutcome(effects=(Reject(t("case.not_case_bringer"), language),))
    if meeting.cancelled or meeting.start <= now:
        return CaseOutcome(effects=(Reject(t("case.too_late"), language),))
    base = existing or Case(meeting.id or 0, group.id or 0, event.user_id)
    if event.closed:
        return CaseOutcome(case=replace(base, draft=event.text))
    errors = validate(event.text)
    if errors:
        return CaseOutcome(effects=(FormErrors(errors, language),))
    cleaned = replace(event.text, **{name: getattr(event.text, name).strip() for name in FIELDS})
    if existing is not None and existing.submitted == cleaned and existing.draft is None:
        return CaseOutcome()  # the same submission again (delivered twice): nothing changes
    case = replace(base, submitted=cleaned, draft=None, submitted_at=now)
    effects: list[Effect] = [DirectMessage(event.user_id, Message("text", language, {
        "text": t("case.thanks_shared_now" if now >= prepare_at else "case.thanks",
                  title=cleaned.title)}),
        # Keyed, so forget-me can find it again; a new version is a new key.
        key=f"case_thanks:{meeting.id}:{event.user_id}:{int(now.timestamp())}")]
    if now >= prepare_at:
        # The sharing moment has passed: the group gets this version now.
        case = replace(case, shared_at=now)
        effects += share(group, meeting, case, channel_private)
    return CaseOutcome(case=case, effects=tuple(effects))


def share_key(meeting_id: int, case: Case) -> str:
    """The key of the shared case's post in the channel (`:<member>` added for each DM)."""
    version = int(case.submitted_at.timestamp()) if case.submitted_at else 0
    return f"case_shared:{meeting_id}:{case.case_bringer}:{version}"


def share(group: Group, meeting: Meeting, case: Case, channel_private: bool
          ) -> tuple[Effect, ...]:
    """The submitted case to the group's members only: the private channel, or DMs."""
    if case.submitted is None or case.submitted_at is None:
        return ()
    message = Message("case_shared", group.language, {
        "group": group, "meeting": meeting, "case": case,
        "full": case.submitted.share_before})
    key = share_key(meeting.id or 0, case)
    by_dm = tuple(DirectMessage(user, message, key=f"{key}:{user}")
                  for user in group.members if user != case.case_bringer)
    if channel_private:
        # Someone outside the group may have been added to the channel since the setup.
        return (PostToGroupOnly(Post(group.channel_id, message, key=key),
                                frozenset(group.members + group.coordinators), by_dm,
                                group.coordinators, group.language),)
    return by_dm
