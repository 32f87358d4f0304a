"""The calendar address's own answers, without Slack: malformed paths, a database that is
away, and logs that never show a token."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from sqlalchemy import create_engine

from bot.calendar_http import application, redact
from storage.repositories import Store
from tests.support.clock import FakeClock

TOKEN = "A" * 43


def call(app, path: str, method: str = "GET") -> tuple[str, dict, bytes]:
    seen = {}

    def start_response(status, headers):
        seen["status"], seen["headers"] = status, dict(headers)

    body = b"".join(app({"REQUEST_METHOD": method, "PATH_INFO": path}, start_response))
    return seen["status"], seen["headers"], body


def test_a_database_that_is_away_gets_503_and_one_line(tmp_path, caplog):
    broken = Store(create_engine(f"sqlite:///{tmp_path}/missing/dir/x.db"))
    app = application(broken, FakeClock(datetime(2026, 12, 1, tzinfo=UTC)))
    with caplog.at_level(logging.ERROR):
        status, headers, _ = call(app, f"/calendar/{TOKEN}.ics")
    assert status.startswith("503") and headers["Retry-After"]
    (record,) = caplog.records
    assert "\n" not in record.getMessage() and record.exc_info is None
    assert TOKEN not in caplog.text


def test_only_well_formed_addresses_reach_the_database(tmp_path):
    broken = Store(create_engine(f"sqlite:///{tmp_path}/missing/dir/x.db"))
    app = application(broken, FakeClock(datetime(2026, 12, 1, tzinfo=UTC)))
    for path in ("/calendar/", "/calendar/x.ics", f"/calendar/{TOKEN}", f"/calendar/{TOKEN}.ics/x",
                 "/calendar/" + "é" * 30 + ".ics"):
        assert call(app, path)[0].startswith("404"), path
    assert call(app, f"/calendar/{TOKEN}.ics", "POST")[0].startswith("405")


def test_logs_leave_the_token_out():
    assert redact(f'"GET /calendar/{TOKEN}.ics HTTP/1.1" 200 -') == (
        '"GET /calendar/… HTTP/1.1" 200 -')
