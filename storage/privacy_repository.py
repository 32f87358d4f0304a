"""Deleting intervision material: a group's old meetings (retention) and one person's texts
(forget me). Dates, roles counts and attendance stay, the latter anonymous when asked."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlmodel import Session

from flows.privacy import Forgotten
from storage.outbox import Outbox
from storage.tables import (
    ActionRow,
    CaseRow,
    CheckoutRow,
    ContributionRow,
    EvaluationRow,
    FollowUpRow,
    GroupRow,
    MeetingPersonRow,
    MeetingRow,
)

MIN_WORDS = 3  # characters; see PrivacyRepository._words


class PrivacyRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def purge(self, group_id: int, before: datetime) -> tuple[int, list[str]]:
        """Delete the texts of the group's meetings that started before `before`; returns how
        many rows went, and the keys of the bot's messages about them still in Slack."""
        old = select(MeetingRow.id).where(MeetingRow.group_id == group_id,
                                          MeetingRow.start < before).scalar_subquery()
        meeting_ids = self.session.execute(select(MeetingRow.id).where(
            MeetingRow.group_id == group_id, MeetingRow.start < before)).scalars().all()
        action_ids = self.session.execute(select(ActionRow.id).where(
            ActionRow.meeting_id.in_(old))).scalars().all()
        # The messages that carried case material: the shared case, the meeting's thread,
        # the reports back and the evaluation's written answers.
        prefixes = [p for m in meeting_ids
                    for p in (f"live:{m}:", f"case_shared:{m}:", f"case_thanks:{m}:",
                              f"followup_kept:{m}:")]
        prefixes += [f"followup:{a}:" for a in action_ids]  # the DMs in a public channel
        exact = [f"evaluation_summary:{m}" for m in meeting_ids]
        exact += [f"followup:{a}" for a in action_ids]
        keys = Outbox(self.session).sent_under(prefixes, exact)
        gone = 0
        for table in (ActionRow, ContributionRow, CaseRow, EvaluationRow):
            gone += self.session.execute(delete(table).where(table.meeting_id.in_(old))).rowcount
        gone += self.session.execute(update(CheckoutRow).where(
            CheckoutRow.meeting_id.in_(old), CheckoutRow.takeaway.is_not(None))
            .values(takeaway=None)).rowcount
        return gone, keys

    def forget(self, team_id: str, user_id: str, pseudonym: str, now: datetime) -> Forgotten:
        """Delete what `user_id` wrote in every group of the team — also groups they have
        left; past attendance and roles keep only `pseudonym`. Returns the counts, and what
        the bot must take out of its messages in Slack."""
        groups = select(GroupRow.id).where(GroupRow.team_id == team_id).scalar_subquery()
        meetings = select(MeetingRow.id).where(MeetingRow.group_id.in_(groups))
        past = meetings.where(MeetingRow.start <= now).scalar_subquery()
        meetings = meetings.scalar_subquery()
        run = self.session.execute
        theirs = {
            CaseRow: (CaseRow.case_bringer == user_id, CaseRow.meeting_id.in_(meetings)),
            ContributionRow: (ContributionRow.author == user_id,
                              ContributionRow.meeting_id.in_(meetings)),
            ActionRow: (ActionRow.owner == user_id, ActionRow.group_id.in_(groups)),
            EvaluationRow: (EvaluationRow.user_id == user_id,
                            EvaluationRow.meeting_id.in_(meetings)),
            CheckoutRow: (CheckoutRow.user_id == user_id, CheckoutRow.meeting_id.in_(meetings)),
        }
        words, touched, own_cases = self._words(theirs, user_id)
        action_ids = run(select(ActionRow.id).where(*theirs[ActionRow])).scalars().all()
        messages = self._messages_showing(touched, action_ids)
        case_keys = Outbox(self.session).sent_under(
            [f"{kind}:{m}:{user_id}:" for m in own_cases
             for kind in ("case_shared", "case_thanks")], [])
        run(delete(FollowUpRow).where(FollowUpRow.author == user_id,
                                      FollowUpRow.action_id.in_(select(ActionRow.id).where(
                                          ActionRow.group_id.in_(groups)).scalar_subquery())))
        cases = run(delete(CaseRow).where(*theirs[CaseRow]))
        contributions = run(delete(ContributionRow).where(*theirs[ContributionRow]))
        actions = run(delete(ActionRow).where(*theirs[ActionRow]))
        run(delete(EvaluationRow).where(*theirs[EvaluationRow]))
        run(delete(CheckoutRow).where(*theirs[CheckoutRow], CheckoutRow.meeting_id.not_in(past)))
        run(update(CheckoutRow).where(*theirs[CheckoutRow])
            .values(user_id=pseudonym, takeaway=None))
        attendance = run(update(MeetingPersonRow).where(
            MeetingPersonRow.user_id == user_id,
            MeetingPersonRow.meeting_id.in_(past)).values(user_id=pseudonym))
        run(update(MeetingRow).where(MeetingRow.facilitator == user_id,
                                     MeetingRow.id.in_(past)).values(facilitator=pseudonym))
        return Forgotten(cases=cases.rowcount, contributions=contributions.rowcount,
                         actions=actions.rowcount, attendance=attendance.rowcount,
                         words=tuple(sorted(words, key=len, reverse=True)),
                         messages=tuple(k for k in messages if k not in case_keys),
                         their_cases=tuple(case_keys))

    def _words(self, theirs: dict, user_id: str) -> tuple[set[str], set[int], set[int]]:
        """Everything the person typed (to take out of messages), the meetings it was in,
        and the meetings of their cases."""
        run = self.session.execute
        words: set[str] = set()
        touched: set[int] = set()
        own_cases: set[int] = set()
        for meeting_id, *raw in run(select(CaseRow.meeting_id, CaseRow.submitted,
                                           CaseRow.draft).where(*theirs[CaseRow])):
            own_cases.add(meeting_id)
            words.update(_json_words(raw))
        for meeting_id, text in run(select(ContributionRow.meeting_id, ContributionRow.text)
                                    .where(*theirs[ContributionRow])):
            touched.add(meeting_id)
            words.add(text)
        for meeting_id, text in run(select(ActionRow.meeting_id, ActionRow.text)
                                    .where(*theirs[ActionRow])):
            touched.update([meeting_id] if meeting_id else [])
            words.add(text)
        for meeting_id, text in run(select(CheckoutRow.meeting_id, CheckoutRow.takeaway)
                                    .where(*theirs[CheckoutRow])):
            touched.add(meeting_id)
            words.update([text] if text else [])
        for meeting_id, answers in run(select(EvaluationRow.meeting_id, EvaluationRow.answers)
                                       .where(*theirs[EvaluationRow])):
            touched.add(meeting_id)
            words.update(_json_words([answers]))
        words.update(_json_words(run(select(FollowUpRow.answers).where(
            FollowUpRow.author == user_id)).scalars().all()))
        touched |= own_cases
        # Short answers ("ja", a score) would blank out other people's words as well.
        return {w.strip() for w in words if len(w.strip()) >= MIN_WORDS}, touched, own_cases

    def _messages_showing(self, meetings: set[int], action_ids: list[int]) -> list[str]:
        """Keys of the bot's messages still in Slack that may show the person's words."""
        prefixes = [p for m in sorted(meetings)
                    for p in (f"live:{m}:", f"followup_kept:{m}:", f"evaluation_summary:{m}")]
        prefixes += [f"followup:{a}" for a in action_ids]
        return Outbox(self.session).sent_under(prefixes, [])


def _json_words(raws) -> list[str]:
    """The texts inside JSON objects (a case's fields, a report's or evaluation's answers)."""
    words: list[str] = []
    for raw in raws:
        if raw:
            words += [v for v in json.loads(raw).values() if isinstance(v, str)]
    return words
