"""A running meeting survives a round trip through the database: its fitted agenda (with the
break of a long meeting) is rebuilt the same, and the facilitator's choice of signals is kept."""

from dataclasses import replace
from datetime import UTC, datetime

from flows import library
from flows.live import LiveStatus, plan_agenda, start_live
from flows.live_context import Cards
from flows.meeting import Meeting
from storage.repositories import Store
from tests.storage.test_groups import GROUP, NOW

START = datetime(2026, 12, 3, 13, 0, tzinfo=UTC)


def test_a_live_meeting_loads_back_with_its_agenda_and_signals(engine):
    store = Store(engine)
    with store.unit_of_work() as work:
        group = work.groups.save(GROUP, NOW)
        meeting = work.meetings.save(Meeting(group_id=group.id, occurrence=START, start=START,
                                             duration_minutes=120))
    for method, minutes, cases in (("houvast", 90, 2), ("ten_step", 120, 1),
                                   ("gossip", 150, 2)):
        agenda = plan_agenda(library.method(method), library.frame(), minutes, cases)
        live = replace(start_live(meeting.id, method, agenda), private_signals=False,
                       status=LiveStatus.RUNNING, index=3, version=4, entry_version=4)
        with store.unit_of_work() as work:
            work.live.save(group.id, live, Cards(), 7, NOW)
        with store.unit_of_work() as work:
            loaded, _, revision = work.live.get(meeting.id)
        assert loaded == live and revision == 7, method
