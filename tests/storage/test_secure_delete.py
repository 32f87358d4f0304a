"""SQLite overwrites what is deleted, so a forgotten or purged text is not left in the file."""

from __future__ import annotations

import sqlite3

from sqlalchemy import text

from storage.db import make_engine, upgrade

SECRET = "Geheime casus over mevrouw Jansen"


def test_deleted_text_does_not_linger_in_the_sqlite_file(tmp_path, monkeypatch):
    plain_connect = sqlite3.dbapi2.connect

    def connect_as_a_default_build(*args, **kwargs):
        # Debian builds SQLite with secure_delete on; a stock build has it off.
        connection = plain_connect(*args, **kwargs)
        connection.execute("PRAGMA secure_delete=OFF")
        return connection

    monkeypatch.setattr(sqlite3.dbapi2, "connect", connect_as_a_default_build)
    path = tmp_path / "intervisie.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with engine.begin() as connection:
        assert connection.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
        connection.execute(text("CREATE TABLE scratch (body TEXT)"))
        connection.execute(text("INSERT INTO scratch VALUES (:body)"), {"body": SECRET * 20})
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM scratch"))
    engine.dispose()  # the last connection to close writes the WAL back into the file
    assert SECRET.encode() not in path.read_bytes()
    wal = tmp_path / "intervisie.db-wal"
    assert not wal.exists() or SECRET.encode() not in wal.read_bytes()
