"""Contributions, actions and check-outs of meetings, as flows' dataclasses."""

from __future__ import annotations

import json
from datetime import datetime

from sqlmodel import Session, select

from flows.actions import FIELDS, Action, ActionStatus, FollowUp
from flows.flipover import Checkout, Contribution, Rating
from storage.tables import ActionRow, CheckoutRow, ContributionRow, FollowUpRow, MeetingRow


def _contribution(row: ContributionRow) -> Contribution:
    return Contribution(id=row.id, meeting_id=row.meeting_id, group_id=row.group_id,
                        phase_index=row.phase_index, case_number=row.case_number, kind=row.kind,
                        author=row.author, text=row.text, factor=row.factor,
                        rating=Rating(row.rating) if row.rating else None, marked=row.marked,
                        chosen=row.chosen)


def _action(row: ActionRow) -> Action:
    return Action(id=row.id, group_id=row.group_id, meeting_id=row.meeting_id, owner=row.owner,
                  text=row.text, due_date=row.due_date, created_by=row.created_by,
                  case_number=row.case_number, contribution_id=row.contribution_id,
                  status=ActionStatus(row.status))


class FlipoverRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def contributions(self, meeting_id: int) -> list[Contribution]:
        rows = self.session.exec(select(ContributionRow).where(
            ContributionRow.meeting_id == meeting_id).order_by(ContributionRow.id)).all()
        return [_contribution(row) for row in rows]

    def save_contribution(self, contribution: Contribution, now: datetime) -> Contribution:
        row = self.session.get(ContributionRow, contribution.id) if contribution.id else None
        if row is None:
            row = ContributionRow(meeting_id=contribution.meeting_id,
                                  group_id=contribution.group_id, created_at=now,
                                  phase_index=0, kind="", author="", text="")
        row.phase_index, row.case_number = contribution.phase_index, contribution.case_number
        row.kind, row.author, row.text = contribution.kind, contribution.author, contribution.text
        row.factor = contribution.factor
        row.rating = contribution.rating.value if contribution.rating else None
        row.marked, row.chosen = contribution.marked, contribution.chosen
        self.session.add(row)
        self.session.flush()
        return _contribution(row)

    def actions(self, meeting_id: int) -> list[Action]:
        rows = self.session.exec(select(ActionRow).where(ActionRow.meeting_id == meeting_id)
                                 .order_by(ActionRow.id)).all()
        return [_action(row) for row in rows]

    def save_action(self, action: Action, now: datetime) -> Action:
        row = self.session.get(ActionRow, action.id) if action.id else None
        if row is None:
            row = ActionRow(group_id=action.group_id, meeting_id=action.meeting_id,
                            created_by=action.created_by, created_at=now, owner="", text="",
                            due_date=action.due_date, status="")
        row.owner, row.text, row.due_date = action.owner, action.text, action.due_date
        row.case_number, row.contribution_id = action.case_number, action.contribution_id
        row.status = action.status.value
        self.session.add(row)
        self.session.flush()
        return _action(row)

    def checkouts(self, meeting_id: int) -> list[Checkout]:
        rows = self.session.exec(select(CheckoutRow).where(CheckoutRow.meeting_id == meeting_id)
                                 .order_by(CheckoutRow.id)).all()
        return [Checkout(row.meeting_id, row.user_id, row.score, row.takeaway or "")
                for row in rows]

    def save_checkout(self, checkout: Checkout, now: datetime) -> None:
        row = self.session.exec(select(CheckoutRow).where(
            CheckoutRow.meeting_id == checkout.meeting_id,
            CheckoutRow.user_id == checkout.user_id)).first()
        row = row or CheckoutRow(meeting_id=checkout.meeting_id, user_id=checkout.user_id,
                                 score=0, created_at=now)
        row.score, row.takeaway = checkout.score, checkout.takeaway or None
        self.session.add(row)
        self.session.flush()

    def open_actions(self, group_id: int) -> list[Action]:
        """The group's actions nobody reported back on or dropped yet, soonest due first."""
        rows = self.session.exec(select(ActionRow).where(
            ActionRow.group_id == group_id, ActionRow.status == ActionStatus.OPEN.value)
            .order_by(ActionRow.due_date, ActionRow.id)).all()
        return [_action(row) for row in rows]

    def last_meeting_with_actions(self, group_id: int, before: datetime) -> int | None:
        """The group's latest meeting before `before` that has actions (for the look back)."""
        return self.session.exec(
            select(ActionRow.meeting_id).join(MeetingRow, MeetingRow.id == ActionRow.meeting_id)
            .where(ActionRow.group_id == group_id, MeetingRow.start < before)
            .order_by(MeetingRow.start.desc()).limit(1)).first()

    def action(self, action_id: int) -> Action | None:
        row = self.session.get(ActionRow, action_id)
        return _action(row) if row else None

    def save_follow_up(self, follow_up: FollowUp, now: datetime) -> None:
        answers = {name: getattr(follow_up, name) for name in FIELDS}
        self.session.add(FollowUpRow(action_id=follow_up.action_id, author=follow_up.author,
                                     answers=json.dumps(answers, ensure_ascii=False),
                                     shared=follow_up.shared, created_at=now))
        self.session.flush()

    def follow_ups(self, action_ids: list[int]) -> dict[int, FollowUp]:
        """The newest report back per action."""
        rows = self.session.exec(select(FollowUpRow).where(FollowUpRow.action_id.in_(action_ids))
                                 .order_by(FollowUpRow.id)).all()
        return {row.action_id: FollowUp(row.action_id, row.author, shared=row.shared,
                                        id=row.id, **json.loads(row.answers)) for row in rows}
