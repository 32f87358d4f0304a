"""Shared fixtures: a migrated database (SQLite by default, PostgreSQL when asked) and a clock.

Set INTERVISIE_TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/postgres to run
the storage and end-to-end tests on PostgreSQL: a fresh database is created for the run and
dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

from storage.db import make_engine, upgrade
from tests.support.clock import FakeClock

DATABASE_ENV = "INTERVISIE_TEST_DATABASE_URL"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server_url = os.environ.get(DATABASE_ENV, "").strip()
    if not server_url or make_url(server_url).get_backend_name() == "sqlite":
        yield server_url or f"sqlite:///{tmp_path_factory.mktemp('db') / 'intervisie.db'}"
        return
    name = f"intervisie_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(make_engine(server_url).url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_engine(server_url).url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def migrated_engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def engine(migrated_engine: Engine) -> Iterator[Engine]:
    """The migrated database, emptied after each test."""
    yield migrated_engine
    with migrated_engine.begin() as connection:
        for table in reversed(SQLModel.metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()
