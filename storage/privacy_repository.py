"""Deleting intervision material: a group's old meetings (retention) and one person's texts
(forget me). Dates, roles counts and attendance stay, the latter anonymous when asked."""

from __future__ import annotations

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
    GroupRow,
    MeetingPersonRow,
    MeetingRow,
    MembershipRow,
)


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
                    for p in (f"live:{m}:", f"case_shared:{m}:", f"followup_kept:{m}:")]
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
        """Delete what `user_id` wrote in the team's groups; past attendance and roles keep
        only `pseudonym`."""
        groups = select(GroupRow.id).join(MembershipRow, MembershipRow.group_id == GroupRow.id
                                          ).where(GroupRow.team_id == team_id,
                                                  MembershipRow.user_id == user_id)
        meetings = select(MeetingRow.id).where(MeetingRow.group_id.in_(groups.scalar_subquery()))
        past = meetings.where(MeetingRow.start <= now)
        run = self.session.execute
        cases = run(delete(CaseRow).where(CaseRow.case_bringer == user_id,
                                          CaseRow.meeting_id.in_(meetings.scalar_subquery())))
        contributions = run(delete(ContributionRow).where(
            ContributionRow.author == user_id,
            ContributionRow.meeting_id.in_(meetings.scalar_subquery())))
        actions = run(delete(ActionRow).where(ActionRow.owner == user_id,
                                              ActionRow.group_id.in_(groups.scalar_subquery())))
        run(delete(EvaluationRow).where(EvaluationRow.user_id == user_id,
                                        EvaluationRow.meeting_id.in_(meetings.scalar_subquery())))
        run(update(CheckoutRow).where(CheckoutRow.user_id == user_id,
                                      CheckoutRow.meeting_id.in_(past.scalar_subquery()))
            .values(user_id=pseudonym, takeaway=None))
        attendance = run(update(MeetingPersonRow).where(
            MeetingPersonRow.user_id == user_id,
            MeetingPersonRow.meeting_id.in_(past.scalar_subquery())).values(user_id=pseudonym))
        run(update(MeetingRow).where(MeetingRow.facilitator == user_id,
                                     MeetingRow.id.in_(past.scalar_subquery()))
            .values(facilitator=pseudonym))
        return Forgotten(cases=cases.rowcount, contributions=contributions.rowcount,
                         actions=actions.rowcount, attendance=attendance.rowcount)
