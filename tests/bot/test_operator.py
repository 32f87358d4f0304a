"""`intervisie due` and `intervisie status`: what an operator sees of the planned work."""

import json
from datetime import UTC, date, datetime, time, timedelta

from bot.cli import main
from bot.operator import print_status
from bot.planner import materialize
from flows.group import Group
from flows.recurrence import Schedule
from storage.repositories import Store

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def seed(engine):
    group = Group(team_id="T1", channel_id="C1", name="Noord", members=("U1", "U2", "U3"),
                  coordinators=("U1",), language="nl",
                  schedule=Schedule("FREQ=MONTHLY;BYDAY=+1TH", date(2027, 1, 7), time(14, 0),
                                    "Europe/Amsterdam", 120))
    with Store(engine).unit_of_work() as work:
        group = work.groups.save(group, NOW)
        materialize(work, group, NOW)


def test_due_lists_pending_actions_as_json(engine, database_url, monkeypatch, capsys):
    seed(engine)
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert main(["due", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    first = rows[0]
    assert first == {"due_at": "2026-12-10T13:00:00+00:00", "kind": "roles", "group": "Noord",
                     "group_id": first["group_id"], "meeting_id": first["meeting_id"],
                     "recipient": None, "key": f"roles:{first['meeting_id']}"}
    assert [r["recipient"] for r in rows if r["kind"] == "day_before"][:3] == ["U1", "U2", "U3"]
    assert rows == sorted(rows, key=lambda r: r["due_at"])


def test_due_in_plain_text(engine, database_url, monkeypatch, capsys):
    seed(engine)
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert main(["due"]) == 0
    out = capsys.readouterr().out
    assert "2026-12-10T13:00:00+00:00  roles" in out and out.rstrip().endswith("pending")


def test_status_counts_and_the_last_sweep(engine, database_url, capsys):
    seed(engine)
    assert print_status(database_url, now=NOW) == 0
    out = capsys.readouterr().out
    assert "groups: 1" in out and "meetings: 2" in out
    assert "last sweep: never" in out
    with Store(engine).unit_of_work() as work:
        work.due.beat("sweep", NOW)
    print_status(database_url, now=NOW + timedelta(seconds=40))
    assert "(running)" in capsys.readouterr().out
    print_status(database_url, now=NOW + timedelta(hours=1))
    assert "not running?" in capsys.readouterr().out
