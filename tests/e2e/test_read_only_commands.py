"""`intervisie due` and `intervisie status` read; they never create or migrate a database.

Asked in the wrong folder they used to create an empty database and report zeros: now a
missing or un-migrated database is one line and exit status 1, and nothing is written.
"""

from __future__ import annotations

import sqlite3

import pytest

from storage.db import make_engine, upgrade
from tests.support.process import run_cli


def tables(path) -> set[str]:
    with sqlite3.connect(path) as connection:
        return {row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}


@pytest.mark.parametrize("command", [["status"], ["due"], ["due", "--json"]])
def test_no_database_file_is_said_and_not_made(command, tmp_path):
    result = run_cli(command, tmp_path, DATABASE_URL="sqlite:///intervisie.db")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [
        f"intervisie: There is no database at {tmp_path / 'intervisie.db'}: run this where the "
        "bot runs, or set DATABASE_URL to the bot's database."]
    assert not (tmp_path / "intervisie.db").exists()


@pytest.mark.parametrize("command", [["status"], ["due"]])
def test_an_empty_database_is_not_migrated(command, tmp_path):
    sqlite3.connect(tmp_path / "empty.db").close()
    result = run_cli(command, tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'empty.db'}")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert "has no tables yet" in result.stderr and "intervisie db upgrade" in result.stderr
    assert tables(tmp_path / "empty.db") == set()


def test_an_older_schema_is_not_upgraded_by_status(tmp_path):
    path = tmp_path / "old.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine, "0006")
    engine.dispose()
    result = run_cli(["status"], tmp_path, DATABASE_URL=f"sqlite:///{path}")
    assert result.returncode == 1 and len(result.stderr.splitlines()) == 1
    assert "revision 0006" in result.stderr and "intervisie db upgrade" in result.stderr
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [
            ("0006",)]


def test_after_db_upgrade_status_reads(tmp_path):
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    upgraded = run_cli(["db", "upgrade"], tmp_path, DATABASE_URL=url)
    assert upgraded.returncode == 0 and upgraded.stderr == ""  # no Alembic chatter
    result = run_cli(["status"], tmp_path, DATABASE_URL=url)
    assert result.returncode == 0 and result.stderr == ""
    assert "groups: 0" in result.stdout
