"""Meetings and the people in them, as flows' `Meeting`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlmodel import Session, select

from flows.meeting import Meeting, MeetingStatus
from storage.tables import MeetingPersonRow, MeetingRow


def _calendar_fields(row: MeetingRow) -> tuple:
    return (row.start, row.duration_minutes, row.status == MeetingStatus.CANCELLED.value,
            row.location)


class MeetingRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _people(self, meeting_ids: Iterable[int]) -> dict[int, list[MeetingPersonRow]]:
        ids = list(meeting_ids)
        people: dict[int, list[MeetingPersonRow]] = {i: [] for i in ids}
        if ids:
            for row in self.session.exec(select(MeetingPersonRow).where(
                    MeetingPersonRow.meeting_id.in_(ids))).all():
                people[row.meeting_id].append(row)
        return people

    @staticmethod
    def _to_meeting(row: MeetingRow, people: list[MeetingPersonRow]) -> Meeting:
        bringers = sorted((p for p in people if p.case_bringer_position is not None),
                          key=lambda p: p.case_bringer_position or 0)
        volunteers = sorted((p for p in people if p.volunteer_position is not None),
                            key=lambda p: p.volunteer_position or 0)
        return Meeting(
            id=row.id, group_id=row.group_id, occurrence=row.occurrence, start=row.start,
            duration_minutes=row.duration_minutes, status=MeetingStatus(row.status),
            case_bringers=tuple(p.user_id for p in bringers), facilitator=row.facilitator,
            roles_confirmed=row.roles_confirmed,
            coming=frozenset(p.user_id for p in people if p.coming is True),
            not_coming=frozenset(p.user_id for p in people if p.coming is False),
            volunteers=tuple(p.user_id for p in volunteers),
            passes=frozenset(p.user_id for p in people if p.passed),
            case_in_meeting=row.case_in_meeting, unscheduled=row.unscheduled, tempo=row.tempo,
            revision=row.revision, changed_at=row.changed_at, location=row.location,
        )

    def _many(self, rows: list[MeetingRow]) -> list[Meeting]:
        people = self._people(row.id for row in rows if row.id is not None)
        return [self._to_meeting(row, people.get(row.id, [])) for row in rows]

    def by_id(self, meeting_id: int) -> Meeting | None:
        row = self.session.get(MeetingRow, meeting_id)
        return self._many([row])[0] if row else None

    def of_group(self, group_id: int, since: datetime | None = None,
                 until: datetime | None = None) -> list[Meeting]:
        """The group's meetings by start time, optionally only those starting in [since, until)."""
        query = select(MeetingRow).where(MeetingRow.group_id == group_id)
        if since is not None:
            query = query.where(MeetingRow.start >= since)
        if until is not None:
            query = query.where(MeetingRow.start < until)
        return self._many(list(self.session.exec(query.order_by(MeetingRow.start)).all()))

    def delete(self, meeting: Meeting) -> None:
        row = self.session.get(MeetingRow, meeting.id)
        if row is not None:
            self.session.delete(row)
            self.session.flush()

    def count(self) -> int:
        return len(self.session.exec(select(MeetingRow.id)).all())

    def save(self, meeting: Meeting, now: datetime | None = None) -> Meeting:
        """Insert or update the meeting and the facts about its people; returns it with its id.

        A new time, length, place or (un)cancellation counts as a revision, at `now` when given.
        """
        row = self.session.get(MeetingRow, meeting.id) if meeting.id else None
        if row is None:
            row = MeetingRow(group_id=meeting.group_id, occurrence=meeting.occurrence,
                             start=meeting.start, duration_minutes=meeting.duration_minutes,
                             status=meeting.status.value)
        elif _calendar_fields(row) != (meeting.start, meeting.duration_minutes,
                                       meeting.cancelled, meeting.location):
            row.revision += 1
            row.changed_at = now or row.changed_at
        row.start, row.duration_minutes = meeting.start, meeting.duration_minutes
        row.status, row.facilitator = meeting.status.value, meeting.facilitator
        row.roles_confirmed = meeting.roles_confirmed
        row.case_in_meeting, row.unscheduled = meeting.case_in_meeting, meeting.unscheduled
        row.location = meeting.location
        row.tempo = meeting.tempo
        self.session.add(row)
        self.session.flush()
        existing = {p.user_id: p for p in self._people([row.id])[row.id]}
        everyone = (set(existing) | set(meeting.case_bringers) | meeting.coming
                    | meeting.not_coming | set(meeting.volunteers) | meeting.passes)
        for user_id in everyone:
            person = existing.get(user_id) or MeetingPersonRow(meeting_id=row.id,
                                                               user_id=user_id)
            person.case_bringer_position = (meeting.case_bringers.index(user_id)
                                            if user_id in meeting.case_bringers else None)
            person.coming = (True if user_id in meeting.coming else
                             False if user_id in meeting.not_coming else None)
            person.volunteer_position = (meeting.volunteers.index(user_id)
                                         if user_id in meeting.volunteers else None)
            person.passed = user_id in meeting.passes
            self.session.add(person)
        self.session.flush()
        return self._many([row])[0]

