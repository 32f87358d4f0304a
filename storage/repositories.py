"""The unit of work: one session, one transaction, and the repositories that work inside it.

`Store.unit_of_work()` is the only way in: it commits when the block ends and rolls back on
an exception.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlmodel import Session

from flows.group import Group
from flows.meeting import Meeting
from storage.agreements_repository import AgreementsRepository
from storage.calendar_repository import CalendarRepository
from storage.canvas_repository import CanvasRepository
from storage.case_repository import CaseRepository
from storage.due_repository import DueRepository
from storage.evaluation_repository import EvaluationRepository
from storage.event_log import EventLog
from storage.flipover_repository import FlipoverRepository
from storage.group_repository import GroupRepository
from storage.live_repository import LiveRepository
from storage.meeting_repository import MeetingRepository
from storage.outbox import Outbox
from storage.outbox_queue import OutboxQueue
from storage.personal_data import PersonalDataRepository
from storage.privacy_repository import PrivacyRepository
from storage.reflection_repository import ReflectionRepository


class UnitOfWork:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.groups = GroupRepository(session)
        self.meetings = MeetingRepository(session)
        self.due = DueRepository(session)
        self.cases = CaseRepository(session)
        self.events = EventLog(session)
        self.outbox = Outbox(session)
        self.queue = OutboxQueue(session)
        self.live = LiveRepository(session)
        self.flipover = FlipoverRepository(session)
        self.privacy = PrivacyRepository(session)
        self.evaluations = EvaluationRepository(session)
        self.calendar = CalendarRepository(session)
        self.personal_data = PersonalDataRepository(session)
        self.canvases = CanvasRepository(session)
        self.reflections = ReflectionRepository(session)
        self.agreements = AgreementsRepository(session)

    def for_team(self, team_id: str | None) -> UnitOfWork:
        """Scope look-ups by id to one workspace (the event's): a meeting or group of another
        workspace is then as good as gone."""
        self.groups.team_id = team_id or None
        return self

    def meeting_and_group(self, meeting_id: int) -> tuple[Meeting, Group] | None:
        """A meeting with its group, or None when either is gone."""
        meeting = self.meetings.by_id(meeting_id)
        group = self.groups.by_id(meeting.group_id) if meeting else None
        if meeting is None or group is None or group.id is None:
            return None
        return meeting, group


class Store:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @contextmanager
    def unit_of_work(self) -> Iterator[UnitOfWork]:
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield UnitOfWork(session)
