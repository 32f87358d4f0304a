"""Encryption at rest (INTERVISIE_DATA_KEY), on SQLite and PostgreSQL alike: the stored value
never holds the text, rows written without a key stay readable, `rotate-key` re-encrypts
everything with the new key, and a wrong key stops the start with one line."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import text
from sqlmodel import Session

from bot import cli
from storage.repositories import Store
from storage.sealed import DataKeyError, check_keys, rotate, seal_with
from storage.tables import CaseRow, CheckoutRow, ContributionRow, MeetingRow
from tests.storage.test_groups import GROUP, NOW

SECRET = "Mevrouw J. belt elke avond om elf uur"
OLD, NEW, WRONG = (Fernet.generate_key().decode() for _ in range(3))


@pytest.fixture
def sealed(engine) -> Iterator:
    yield engine
    seal_with(engine, None)  # the engine is shared by the other tests


def _meeting(engine) -> tuple[int, int]:
    with Store(engine).unit_of_work() as work:
        group = work.groups.save(GROUP, NOW)
    with Session(engine) as session, session.begin():
        meeting = MeetingRow(group_id=group.id, occurrence=NOW, start=NOW, duration_minutes=120,
                             status="held")
        session.add(meeting)
        session.flush()
        return group.id, meeting.id


def _write(engine, ids: tuple[int, int], words: str, author: str = "U2") -> None:
    group_id, meeting_id = ids
    at = datetime(2027, 1, 7, 14, tzinfo=UTC)
    with Session(engine) as session, session.begin():
        session.add(ContributionRow(meeting_id=meeting_id, group_id=group_id, phase_index=2,
                                    kind="question", author=author, text=words, created_at=at))
        session.add(CaseRow(meeting_id=meeting_id, group_id=group_id, case_bringer=author,
                            submitted=f'{{"title": "{words}"}}', updated_at=at))
        session.add(CheckoutRow(meeting_id=meeting_id, user_id=author, score=4,
                                takeaway=words, created_at=at))


def _stored(engine, sql: str) -> list[str]:
    with engine.connect() as connection:
        return [row[0] for row in connection.execute(text(sql))]


def _read(engine, ids: tuple[int, int]) -> list[str]:
    meeting_id = ids[1]
    with Store(engine).unit_of_work() as work:
        return ([c.text for c in work.flipover.contributions(meeting_id)]
                + [c.takeaway for c in work.flipover.checkouts(meeting_id)]
                + [c.submitted.title for c in work.cases.of_meeting(meeting_id)])


def test_texts_are_stored_encrypted_and_read_back_plain(sealed):
    seal_with(sealed, OLD)
    ids = _meeting(sealed)
    _write(sealed, ids, SECRET)
    for sql in ("SELECT text FROM contributions", "SELECT takeaway FROM checkouts",
                "SELECT submitted FROM cases"):
        (raw,) = _stored(sealed, sql)
        assert raw.startswith("fernet:") and "Mevrouw" not in raw
    assert _read(sealed, ids) == [SECRET, SECRET, SECRET]


def test_rows_written_without_a_key_stay_readable_and_rotation_seals_them(sealed):
    ids = _meeting(sealed)
    _write(sealed, ids, SECRET)  # before a key was set
    assert _stored(sealed, "SELECT text FROM contributions") == [SECRET]
    seal_with(sealed, OLD)
    _write(sealed, ids, "Tweede tekst over grenzen", author="U3")
    assert sorted(_read(sealed, ids)) == sorted([SECRET, "Tweede tekst over grenzen"] * 3)
    check_keys(sealed)
    old_raw = _stored(sealed, "SELECT text FROM contributions ORDER BY id")

    seal_with(sealed, f"{NEW},{OLD}")  # the new key first
    assert rotate(sealed) == 6
    new_raw = _stored(sealed, "SELECT text FROM contributions ORDER BY id")
    assert all(r.startswith("fernet:") for r in new_raw) and not set(new_raw) & set(old_raw)
    seal_with(sealed, NEW)  # the old key dropped: everything still opens
    check_keys(sealed)
    assert sorted(_read(sealed, ids)) == sorted([SECRET, "Tweede tekst over grenzen"] * 3)


def test_a_wrong_or_missing_key_is_one_clear_line(sealed, capsys, monkeypatch):
    seal_with(sealed, OLD)
    _write(sealed, _meeting(sealed), SECRET)
    seal_with(sealed, WRONG)
    with pytest.raises(DataKeyError, match="does not open the texts"):
        check_keys(sealed)
    seal_with(sealed, None)
    with pytest.raises(DataKeyError, match="set INTERVISIE_DATA_KEY"):
        check_keys(sealed)

    url = sealed.url.render_as_string(hide_password=False)
    monkeypatch.setattr(cli, "read_environment", lambda: {
        "DATABASE_URL": url, "INTERVISIE_DATA_KEY": WRONG})
    assert cli.main(["db", "rotate-key"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "INTERVISIE_DATA_KEY does not open" in error
    monkeypatch.setattr(cli, "read_environment", lambda: {
        "DATABASE_URL": url, "INTERVISIE_DATA_KEY": "not-a-key"})
    assert cli.main(["db", "rotate-key"]) == 2
    assert "Fernet keys" in capsys.readouterr().err


def test_the_bot_does_not_start_with_a_wrong_key(sealed):
    from bot.app import build
    from bot.settings import Settings, SettingsError

    seal_with(sealed, OLD)
    _write(sealed, _meeting(sealed), SECRET)
    settings = Settings(bot_token="xoxb-1", signing_secret="s", app_token=None,
                        api_url="http://127.0.0.1:9/", database_url=sealed.url.render_as_string(
                            hide_password=False), port=3000, log_level="INFO", data_key=WRONG)
    with pytest.raises(SettingsError, match="does not open the texts"):
        build(settings, migrate=False)
