"""What an operator can ask from the command line: pending due actions and the bot's status.

Reads the database the bot uses (DATABASE_URL); changes nothing — it never creates or
migrates one: asked in the wrong folder, it says there is no database instead of making an
empty one and reporting zeros.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.engine import make_url

from bot.failures import CONFIGURATION, UNREACHABLE, Failure
from bot.runtime import SWEEP_HEARTBEAT
from storage.db import current_revision, head_revision, knows_revision, make_engine
from storage.repositories import Store

ALIVE_WITHIN = timedelta(minutes=2)


def _store(database_url: str) -> Store:
    """The bot's database as it is, or a Failure saying why it cannot be read."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:") \
            and not Path(url.database).exists():
        raise Failure(f"There is no database at {Path(url.database).resolve()}: run this "
                      "where the bot runs, or set DATABASE_URL to the bot's database.",
                      UNREACHABLE)
    engine = make_engine(database_url)
    revision, head = current_revision(engine), head_revision(engine)
    if revision is None:
        raise Failure("The database has no tables yet: the bot has not run on it (start it "
                      "with intervisie run, or intervisie db upgrade).", UNREACHABLE)
    if revision != head:
        if not knows_revision(engine, revision):
            raise Failure(f"The database has schema revision {revision}, which this version of "
                          "the bot does not know: use the newer version that upgraded it.",
                          CONFIGURATION)
        raise Failure(f"The database is at schema revision {revision}, not {head}: run "
                      "intervisie db upgrade (or start the bot) first.", UNREACHABLE)
    return Store(engine)


def print_due(database_url: str, as_json: bool = False) -> int:
    with _store(database_url).unit_of_work() as work:
        pending = work.due.pending()
        groups = {group.id: group.name for group in work.groups.all()}
    for due in pending:
        row = {"due_at": due.due_at.astimezone(UTC).isoformat(), "kind": due.kind.value,
               "group": groups.get(due.group_id, due.group_id), "group_id": due.group_id,
               "meeting_id": due.meeting_id, "recipient": due.recipient, "key": due.key}
        if as_json:
            print(json.dumps(row))
        else:
            print(f"{row['due_at']}  {due.kind.value:<13} group {row['group']!s:<24} "
                  f"meeting {due.meeting_id!s:<6} {due.recipient or '-'}")
    if not as_json:
        print(f"{len(pending)} pending")
    return 0


def print_status(database_url: str, now: datetime | None = None) -> int:
    now = now or datetime.now(UTC)
    with _store(database_url).unit_of_work() as work:
        groups, meetings = work.groups.count(), work.meetings.count()
        pending, next_due = work.due.count_pending(), work.due.next_due_at()
        swept = work.due.last_beat(SWEEP_HEARTBEAT)
        waiting, refused = work.queue.count_pending(), len(work.queue.failed())
    print(f"groups: {groups}")
    print(f"meetings: {meetings}")
    print(f"due actions pending: {pending}"
          + (f" (next {next_due.astimezone(UTC).isoformat()})" if next_due else ""))
    print(f"messages waiting to be sent: {waiting}; refused by Slack (last 30 days): {refused}")
    if swept is None:
        print("last sweep: never (the bot has not run on this database)")
    else:
        state = "running" if now - swept <= ALIVE_WITHIN else "not running?"
        print(f"last sweep: {swept.astimezone(UTC).isoformat()} ({state})")
    return 0
