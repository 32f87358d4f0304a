"""Periodic evaluation (evaluatie): after every N meetings each member looks back on their own
learning, on the group and on the process; the group sees only the anonymous summary."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from flows.due import DueKind, PlanDue
from flows.effects import DirectMessage, Effect, FormErrors, Message, OpenForm, Post, Reject
from flows.evaluation_proposals import Proposal, propose
from flows.group import Group
from flows.meeting import Meeting
from flows.texts import t

SCALES: Final = ("room", "agreements", "methods", "roles", "preparation")  # each 1–5
FREQUENCY: Final = ("too_often", "right", "too_rare")
ROLES: Final = ("case_bringer", "facilitator", "question_asker", "reflector", "note_taker",
                "participant")
TEXTS: Final = ("learned", "role_experience", "differently", "tensions", "remarks")
TEXT_LIMIT: Final = 1000
ANSWER_TIME = timedelta(days=7)  # the summary is posted a week after the request
MIN_ANSWERS = 3  # with fewer, a summary could point at someone


@dataclass(frozen=True)
class Evaluation:
    meeting_id: int
    user_id: str
    answers: Mapping[str, str | int]


@dataclass(frozen=True)
class EvaluationFormRequested:
    user: str
    meeting_id: int


@dataclass(frozen=True)
class EvaluationSubmitted:
    user: str
    meeting_id: int
    values: Mapping[str, str | None]


def is_due(group: Group, held_count: int) -> bool:
    """True after the group's Nth, 2Nth, … meeting."""
    return held_count > 0 and held_count % group.evaluation_every == 0


def request(group: Group, meeting: Meeting, now: datetime, agreements: tuple[str, ...] = ()
            ) -> tuple[tuple[Effect, ...], PlanDue]:
    """A DM to every member (with the group's agreements to look back on), and the moment
    the summary goes to the group."""
    assert meeting.id is not None
    message = Message("evaluation_request", group.language, {
        "group": group, "meeting": meeting, "agreements": agreements})
    asks = tuple(DirectMessage(user, message, key=f"evaluation:{meeting.id}:{user}")
                 for user in dict.fromkeys(group.members + group.coordinators))
    summary = PlanDue(key=f"evaluation_summary:{meeting.id}", kind=DueKind.EVALUATION_SUMMARY,
                      due_at=now + ANSWER_TIME, group_id=group.id or 0, meeting_id=meeting.id)
    return asks, summary


def open_form(group: Group, meeting: Meeting, event: EvaluationFormRequested,
              mine: Evaluation | None, agreements: tuple[str, ...] = ()) -> tuple[Effect, ...]:
    if not group.is_member(event.user):
        return (Reject(t("roles.not_in_group"), group.language),)
    return (OpenForm("evaluation", group.language, {
        "group": group, "meeting": meeting, "answers": mine.answers if mine else {},
        "agreements": agreements}),)


def submit(group: Group, meeting: Meeting, event: EvaluationSubmitted
           ) -> tuple[Evaluation | None, tuple[Effect, ...]]:
    if not group.is_member(event.user):
        return None, (Reject(t("roles.not_in_group"), group.language),)
    values, errors = event.values, {}
    answers: dict[str, str | int] = {}
    for scale in SCALES:
        raw = values.get(scale)
        if raw not in ("1", "2", "3", "4", "5"):
            errors[scale] = t("evaluation.error.scale")
        else:
            answers[scale] = int(raw)
    for name, choices in (("frequency", FREQUENCY), ("role", ROLES)):
        if values.get(name) not in choices:
            errors[name] = t("evaluation.error.choose")
        else:
            answers[name] = values[name] or ""
    for name in TEXTS:
        text = (values.get(name) or "").strip()
        if len(text) > TEXT_LIMIT:
            errors[name] = t("live.error.text_long", count=len(text), most=TEXT_LIMIT)
        answers[name] = text
    if errors:
        return None, (FormErrors(errors, group.language),)
    thanks = DirectMessage(event.user, Message("text", group.language,
                                               {"text": t("evaluation.thanks")}))
    return Evaluation(meeting.id or 0, event.user, answers), (thanks,)


def tally(evaluations: list[Evaluation]) -> dict[str, object]:
    """Averages per scale and counts per choice (only with enough answers to stay anonymous)."""
    count = len(evaluations)
    if count < MIN_ANSWERS:
        return {}
    return {
        "averages": {scale: round(sum(int(e.answers[scale]) for e in evaluations) / count, 1)
                     for scale in SCALES},
        "frequency": {f: sum(1 for e in evaluations if e.answers["frequency"] == f)
                      for f in FREQUENCY},
        "roles": {r: sum(1 for e in evaluations if e.answers["role"] == r) for r in ROLES}}


def proposals(evaluations: list[Evaluation]) -> tuple[Proposal, ...]:
    counted = tally(evaluations)
    if not counted:
        return ()
    return propose(counted["averages"], counted["frequency"], len(evaluations))  # type: ignore[arg-type]


def summary(group: Group, meeting: Meeting, evaluations: list[Evaluation],
            agreements: tuple[str, ...] = ()) -> Post:
    """The anonymous result: averages and counts; written answers only in a private channel
    and only when enough people answered that none can be traced; the group actions the
    answers suggest; and the group's agreements to look back on."""
    count = len(evaluations)
    data: dict[str, object] = {"group": group, "meeting": meeting, "count": count,
                               "enough": count >= MIN_ANSWERS, "agreements": agreements}
    if count >= MIN_ANSWERS:
        data.update(tally(evaluations))
        data["texts"] = {name: sorted(str(e.answers[name]) for e in evaluations
                                      if e.answers.get(name)) for name in TEXTS
                         } if group.channel_private else {}
        data["proposals"] = proposals(evaluations)
    return Post(group.channel_id, Message("evaluation_summary", group.language, data),
                key=f"evaluation_summary:{meeting.id}")
