"""Keeps the sandbox's Slack side beside its database (`sandbox.db` → `sandbox.db.slack.json`):
the messages, views, files and the clock's offset, so a restart without `--reset` goes on
where it stopped (the bot's plans are in the database; what it posted is here).
"""

from __future__ import annotations

import base64
import itertools
import json
import logging
from dataclasses import asdict
from datetime import timedelta
from pathlib import Path

from bot.sandbox.clock import ShiftingClock
from bot.sandbox.slack.fake_views_files import UploadedFile
from bot.sandbox.stand_in import SandboxSlack

log = logging.getLogger(__name__)
VERSION = 1


def path_for(database: Path) -> Path:
    return database.with_name(database.name + ".slack.json")


def save(slack: SandboxSlack, clock: ShiftingClock, path: Path) -> None:
    with slack._lock:
        next_id = next(slack._ids)
        slack._ids = itertools.count(next_id)
        state = {
            "version": VERSION, "offset_seconds": clock.offset.total_seconds(),
            "next_id": next_id, "ts_micros": slack._ts_micros, "messages": slack._messages,
            "ephemerals": slack.ephemerals, "views": slack.views,
            "home_views": slack.home_views, "modals": slack.modals,
            "files": [{**asdict(f), "content": base64.b64encode(f.content).decode()}
                      for f in slack.files]}
        text = json.dumps(state)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(text, "utf-8")
    temporary.replace(path)


def load(slack: SandboxSlack, clock: ShiftingClock, path: Path) -> bool:
    """Restore what `save` kept; False when there is nothing (or nothing usable) to restore."""
    try:
        state = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(state, dict) or state.get("version") != VERSION:
        log.warning("%s is not a sandbox snapshot this version reads; starting the Slack side "
                    "afresh", path)
        return False
    clock.jump_to(clock.now() + timedelta(seconds=float(state["offset_seconds"])))
    with slack._lock:
        slack._ids = itertools.count(int(state["next_id"]))
        slack._ts_micros = int(state["ts_micros"])
        slack._messages = state["messages"]
        slack.ephemerals = state["ephemerals"]
        slack.views = state["views"]
        slack.home_views = state["home_views"]
        slack.modals = state["modals"]
        slack.files = [UploadedFile(**{**f, "content": base64.b64decode(f["content"])})
                       for f in state["files"]]
    return True
