"""Use cases of the periodic evaluation: the form, an answer, and the summary when it is due."""

from __future__ import annotations

from datetime import datetime

from bot.charts_use_cases import charts_of
from flows import charts, evaluation
from flows.attendance import took_place
from flows.due import DueAction
from flows.effects import Effect, Reject
from flows.group import Group
from flows.texts import t
from storage.repositories import UnitOfWork


def _place(work: UnitOfWork, meeting_id: int):
    found = work.meeting_and_group(meeting_id)
    return (found[1], found[0]) if found else (None, None)


def _form(work: UnitOfWork, event: evaluation.EvaluationFormRequested, now: datetime
          ) -> tuple[Effect, ...]:
    group, meeting = _place(work, event.meeting_id)
    if group is None:
        return (Reject(t("roles.gone"), "en"),)
    mine = next((e for e in work.evaluations.of_meeting(event.meeting_id)
                 if e.user_id == event.user), None)
    return evaluation.open_form(group, meeting, event, mine)


def _submitted(work: UnitOfWork, event: evaluation.EvaluationSubmitted, now: datetime
               ) -> tuple[Effect, ...]:
    group, meeting = _place(work, event.meeting_id)
    if group is None:
        return (Reject(t("roles.gone"), "en"),)
    answer, effects = evaluation.submit(group, meeting, event)
    if answer is not None:
        work.evaluations.save(answer, now)
    return effects


def fire(work: UnitOfWork, due: DueAction, now: datetime) -> tuple[Effect, ...]:
    group, meeting = _place(work, due.meeting_id or 0)
    if group is None:
        return ()
    pictures = charts.for_coordinators(group, charts_of(work, group, now),
                                       key=f"evaluation_charts:{meeting.id}")
    return (evaluation.summary(group, meeting, work.evaluations.of_meeting(meeting.id)),
            *pictures)


def catch_up(work: UnitOfWork, group: Group, now: datetime) -> tuple[Effect, ...]:
    """After the group's Nth, 2Nth … meeting: ask every member, once.

    Called when a meeting ends in Slack, and hourly for groups that meet outside it. The
    summary's due action is the mark: planning its key again does nothing, so nobody is asked
    twice.
    """
    took = [m for m in work.meetings.of_group(group.id or 0) if took_place(m, now)]
    effects: tuple[Effect, ...] = ()
    for position, meeting in enumerate(took, start=1):
        if not evaluation.is_due(group, position) or now - meeting.end > evaluation.ANSWER_TIME:
            continue
        asks, summary_due = evaluation.request(group, meeting, now)
        if work.due.plan(summary_due, now):  # the first time for this meeting
            effects += asks
    return effects


HANDLERS = {
    evaluation.EvaluationFormRequested: _form,
    evaluation.EvaluationSubmitted: _submitted,
}
