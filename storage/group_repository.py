"""Groups and their memberships, as flows' `Group`."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import delete
from sqlmodel import Session, select

from flows.group import Absence, Group, Timeline
from flows.recurrence import Schedule
from storage.tables import AbsenceRow, GroupRow, MembershipRow


class GroupRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
        # Set for the work of one workspace's event (UnitOfWork.for_team): a group of another
        # workspace is then not found, whatever id a payload names.
        self.team_id: str | None = None

    def _to_group(self, row: GroupRow) -> Group:
        memberships = self.session.exec(
            select(MembershipRow).where(MembershipRow.group_id == row.id)
            .order_by(MembershipRow.position)).all()
        return Group(
            id=row.id, team_id=row.team_id, channel_id=row.channel_id, name=row.name,
            members=tuple(m.user_id for m in memberships if m.is_member),
            coordinators=tuple(m.user_id for m in memberships if m.is_coordinator),
            language=row.language,
            schedule=Schedule(row.rrule, row.first_date, row.start_time, row.timezone,
                              row.duration_minutes),
            timeline=Timeline(row.roles_days, row.agenda_days, row.prepare_days,
                              row.reminder_days),
            cases_per_meeting=row.cases_per_meeting,
            channel_private=row.channel_private,
            method_id=row.method_id,
            auto_advance=row.auto_advance,
            retention_days=row.retention_days,
            evaluation_every=row.evaluation_every,
            location=row.location,
            tempo=row.tempo, written_days=row.written_days,
            work_days=tuple(int(day) for day in row.work_days.split(",") if day),
            work_start=row.work_start, work_end=row.work_end, rehearsal=row.rehearsal,
        )

    def by_channel(self, team_id: str, channel_id: str) -> Group | None:
        row = self.session.exec(select(GroupRow).where(
            GroupRow.team_id == team_id, GroupRow.channel_id == channel_id)).first()
        return self._to_group(row) if row else None

    def by_id(self, group_id: int) -> Group | None:
        row = self.session.get(GroupRow, group_id)
        if row is None or (self.team_id and row.team_id != self.team_id):
            return None
        return self._to_group(row)

    def for_user(self, team_id: str, user_id: str) -> list[Group]:
        """Groups where the person is a member or a coordinator."""
        rows = self.session.exec(select(GroupRow).join(
            MembershipRow, MembershipRow.group_id == GroupRow.id).where(
            GroupRow.team_id == team_id, MembershipRow.user_id == user_id,
            GroupRow.rehearsal == sa.false())).all()
        return [self._to_group(row) for row in rows]

    def all(self) -> list[Group]:
        """Every real group (rehearsals are nobody's group and are planned for nothing) of a
        workspace that has the app installed."""
        query = select(GroupRow).where(GroupRow.rehearsal == sa.false(),
                                       GroupRow.team_left_at.is_(None))
        if self.team_id:
            query = query.where(GroupRow.team_id == self.team_id)
        return [self._to_group(row) for row in self.session.exec(query).all()]

    def of_departed_teams(self) -> list[Group]:
        """Groups whose workspace uninstalled the app: kept (and purged) as retention says."""
        return [self._to_group(row) for row in self.session.exec(
            select(GroupRow).where(GroupRow.team_left_at.is_not(None))).all()]

    def team_left(self, team_id: str, now: datetime) -> list[int]:
        """Mark the workspace's groups as left; their ids."""
        rows = self.session.exec(select(GroupRow).where(GroupRow.team_id == team_id)).all()
        for row in rows:
            row.team_left_at = row.team_left_at or now
            self.session.add(row)
        self.session.flush()
        return [row.id for row in rows if row.id is not None]

    def team_back(self, team_id: str) -> int:
        """The workspace installed the app again: its groups are planned for again."""
        result = self.session.execute(sa.update(GroupRow).where(
            GroupRow.team_id == team_id, GroupRow.team_left_at.is_not(None)).values(
            team_left_at=None))
        return result.rowcount

    def delete_rehearsal(self, group_id: int) -> None:
        """A rehearsal is over: its group and (by cascade) everything in it go."""
        row = self.session.get(GroupRow, group_id)
        if row is not None and row.rehearsal:
            self.session.delete(row)
            self.session.flush()

    def count(self) -> int:
        return len(self.session.exec(select(GroupRow.id)).all())

    def save(self, group: Group, now: datetime) -> Group:
        """Insert or update the group and replace its memberships; returns it with its id."""
        row = self.session.get(GroupRow, group.id) if group.id else None
        if row is None:
            row = GroupRow(team_id=group.team_id, channel_id=group.channel_id, created_at=now,
                           name="", language="", timezone="", rrule="",
                           first_date=group.schedule.first_date,
                           start_time=group.schedule.start_time, duration_minutes=0,
                           updated_at=now)
        schedule = group.schedule
        row.name, row.language = group.name, group.language
        row.timezone, row.rrule = schedule.timezone, schedule.rrule
        row.first_date, row.start_time = schedule.first_date, schedule.start_time
        row.duration_minutes, row.updated_at = schedule.duration_minutes, now
        row.cases_per_meeting = group.cases_per_meeting
        row.channel_private = group.channel_private
        row.method_id, row.auto_advance = group.method_id, group.auto_advance
        row.retention_days, row.evaluation_every = group.retention_days, group.evaluation_every
        row.location = group.location
        row.tempo, row.written_days = group.tempo, group.written_days
        row.work_days = ",".join(str(day) for day in group.work_days)
        row.work_start, row.work_end = group.work_start, group.work_end
        row.rehearsal = group.rehearsal
        (row.roles_days, row.agenda_days, row.prepare_days,
         row.reminder_days) = group.timeline.as_tuple()
        self.session.add(row)
        self.session.flush()
        self.session.execute(delete(MembershipRow).where(MembershipRow.group_id == row.id))
        people = dict.fromkeys(group.members + group.coordinators)
        for position, user_id in enumerate(people):
            self.session.add(MembershipRow(
                group_id=row.id, user_id=user_id, position=position,
                is_member=user_id in group.members,
                is_coordinator=user_id in group.coordinators))
        self.session.flush()
        return self._to_group(row)

    def absences(self, group_id: int) -> list[Absence]:
        rows = self.session.exec(select(AbsenceRow).where(AbsenceRow.group_id == group_id)
                                 .order_by(AbsenceRow.first_day)).all()
        return [Absence(row.user_id, row.first_day, row.last_day) for row in rows]

    def add_absence(self, group_id: int, absence: Absence) -> None:
        self.session.add(AbsenceRow(group_id=group_id, user_id=absence.user_id,
                                    first_day=absence.first_day, last_day=absence.last_day))
        self.session.flush()
