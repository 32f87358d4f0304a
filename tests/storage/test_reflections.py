"""Reflections in the database: sealed at rest, one per member and meeting, and gone with the
group's retention and with forget-me."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from cryptography.fernet import Fernet
from sqlalchemy import text
from sqlmodel import Session

from flows.reflection import Reflection
from storage.repositories import Store
from storage.sealed import seal_with
from storage.tables import MeetingRow
from tests.storage.test_groups import GROUP, NOW

WORDS = "Ik merk dat ik te snel met oplossingen kom"


def _meeting(engine, start: datetime = NOW) -> tuple[int, int]:
    with Store(engine).unit_of_work() as work:
        group = work.groups.by_channel(GROUP.team_id, GROUP.channel_id) or work.groups.save(
            GROUP, NOW)
    with Session(engine) as session, session.begin():
        meeting = MeetingRow(group_id=group.id, occurrence=start, start=start,
                             duration_minutes=120, status="held")
        session.add(meeting)
        session.flush()
        return group.id, meeting.id


def _reflect(engine, ids: tuple[int, int], user: str = "U2", words: str = WORDS) -> None:
    group_id, meeting_id = ids
    with Store(engine).unit_of_work() as work:
        work.reflections.save(Reflection(meeting_id, user, {"takeaway": words}), group_id, NOW)


def _count(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(text("SELECT count(*) FROM reflections")).scalar()


def test_sealed_at_rest_and_a_second_answer_replaces_the_first(engine):
    try:
        seal_with(engine, Fernet.generate_key().decode())
        ids = _meeting(engine)
        _reflect(engine, ids, words="eerste versie")
        _reflect(engine, ids)
        with engine.connect() as connection:
            (raw,) = connection.execute(text("SELECT answers FROM reflections")).scalars()
        assert raw.startswith("fernet:") and "oplossingen" not in raw
        with Store(engine).unit_of_work() as work:
            assert work.reflections.of(ids[1], "U2").answers == {"takeaway": WORDS}
            assert work.reflections.of(ids[1], "U3") is None
    finally:
        seal_with(engine, None)


def test_retention_and_forget_me_delete_them(engine):
    old = _meeting(engine, NOW - timedelta(days=400))
    recent = _meeting(engine, NOW)
    _reflect(engine, old)
    _reflect(engine, recent)
    _reflect(engine, recent, user="U3")
    with Store(engine).unit_of_work() as work:
        work.privacy.purge(old[0], NOW - timedelta(days=180))
    assert _count(engine) == 2
    with Store(engine).unit_of_work() as work:
        assert [r["answers"]["takeaway"] for r in work.personal_data.of(
            GROUP.team_id, "U2")["reflections"]] == [WORDS]
        work.privacy.forget(GROUP.team_id, "U2", "anon-1", datetime(2030, 1, 1, tzinfo=UTC))
    assert _count(engine) == 1  # U3's stays
