"""Everything stored about one person in a team (the AVG's right of access), as plain data
ready for JSON: their groups, meetings and roles, absences, cases, contributions, actions,
reports, evaluations and check-outs. Nothing another person wrote is included."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from storage.tables import (
    AbsenceRow,
    ActionRow,
    CaseRow,
    CheckoutRow,
    ContributionRow,
    EvaluationRow,
    FollowUpRow,
    GroupRow,
    MeetingPersonRow,
    MeetingRow,
    MembershipRow,
)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _loaded(raw: str | None) -> Any:
    return json.loads(raw) if raw else None


class PersonalDataRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def of(self, team_id: str, user_id: str) -> dict[str, list[dict[str, Any]]]:
        run = self.session.execute
        groups = {row.id: row for row in run(select(GroupRow).where(
            GroupRow.team_id == team_id)).scalars()}
        in_team = list(groups)
        meetings = {row.id: row for row in run(select(MeetingRow).where(
            MeetingRow.group_id.in_(in_team))).scalars()}

        def at(meeting_id: int | None) -> dict[str, Any]:
            meeting = meetings.get(meeting_id or 0)
            if meeting is None:
                return {}
            return {"group": groups[meeting.group_id].name, "meeting": _plain(meeting.start)}

        people = run(select(MeetingPersonRow).where(
            MeetingPersonRow.user_id == user_id,
            MeetingPersonRow.meeting_id.in_(list(meetings)))).scalars().all()
        by_meeting = {p.meeting_id: p for p in people}
        led = [m.id for m in meetings.values() if m.facilitator == user_id]
        return {
            "groups": [{"group": g.name, "channel": g.channel_id, "member": m.is_member,
                        "coordinator": m.is_coordinator}
                       for m in run(select(MembershipRow).where(
                           MembershipRow.user_id == user_id,
                           MembershipRow.group_id.in_(in_team))).scalars()
                       for g in [groups[m.group_id]]],
            "meetings": [{**at(meeting_id), "status": meetings[meeting_id].status,
                          "facilitator": meeting_id in led,
                          "case_bringer": person is not None
                          and person.case_bringer_position is not None,
                          "answer_to_reminder": None if person is None else person.coming,
                          "volunteered": person is not None
                          and person.volunteer_position is not None,
                          "passed": bool(person and person.passed)}
                         for meeting_id in sorted(set(by_meeting) | set(led),
                                                  key=lambda m: meetings[m].start)
                         for person in [by_meeting.get(meeting_id)]],
            "absences": [{"group": groups[a.group_id].name, "from": _plain(a.first_day),
                          "until": _plain(a.last_day)}
                         for a in run(select(AbsenceRow).where(
                             AbsenceRow.user_id == user_id,
                             AbsenceRow.group_id.in_(in_team))).scalars()],
            "cases": [{**at(c.meeting_id), "submitted": _loaded(c.submitted),
                       "draft": _loaded(c.draft), "submitted_at": _plain(c.submitted_at),
                       "shared_at": _plain(c.shared_at)}
                      for c in run(select(CaseRow).where(
                          CaseRow.case_bringer == user_id,
                          CaseRow.group_id.in_(in_team))).scalars()],
            "contributions": [{**at(c.meeting_id), "kind": c.kind, "text": c.text,
                               "at": _plain(c.created_at)}
                              for c in run(select(ContributionRow).where(
                                  ContributionRow.author == user_id,
                                  ContributionRow.group_id.in_(in_team))
                                  .order_by(ContributionRow.id)).scalars()],
            "actions": [{**at(a.meeting_id), "text": a.text, "due": _plain(a.due_date),
                         "status": a.status, "at": _plain(a.created_at)}
                        for a in run(select(ActionRow).where(
                            ActionRow.owner == user_id, ActionRow.group_id.in_(in_team))
                            .order_by(ActionRow.id)).scalars()],
            "reports": [{"action": action.text if action.owner == user_id else None,
                         "answers": _loaded(f.answers),
                         "shared_with_group": f.shared, "at": _plain(f.created_at)}
                        for f, action in run(select(FollowUpRow, ActionRow).join(
                            ActionRow, ActionRow.id == FollowUpRow.action_id).where(
                            FollowUpRow.author == user_id,
                            ActionRow.group_id.in_(in_team)))],
            "evaluations": [{**at(e.meeting_id), "answers": _loaded(e.answers),
                             "at": _plain(e.created_at)}
                            for e in run(select(EvaluationRow).where(
                                EvaluationRow.user_id == user_id,
                                EvaluationRow.meeting_id.in_(list(meetings)))).scalars()],
            "checkouts": [{**at(c.meeting_id), "score": c.score, "takeaway": c.takeaway,
                           "at": _plain(c.created_at)}
                          for c in run(select(CheckoutRow).where(
                              CheckoutRow.user_id == user_id,
                              CheckoutRow.meeting_id.in_(list(meetings)))).scalars()],
        }
