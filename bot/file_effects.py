"""Carrying out a `DirectFile` outbox row: a file drawn at send time (the group's charts) in
someone's direct messages through files_upload_v2, once per key.

The row carries the numbers (`document_data`, `document_from`); the picture is drawn here, when
it is sent, so none is rendered inside a database transaction. A file share carries no message
metadata to look for after a crash, so a key reserved but never marked is sent again: a second
copy of a picture harms no one.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING

from slack_sdk.errors import SlackApiError

from bot.render.charts import FILES
from flows.charts import GroupCharts, MeetingPoint
from flows.effects import DirectFile, Message
from storage.outbox import Reservation

if TYPE_CHECKING:
    from bot.sender import Sender

log = logging.getLogger(__name__)


def document_data(document: Message) -> dict:
    """What a row keeps of a file's document: its kind, language and numbers, as JSON."""
    charts: GroupCharts = document.data["charts"]
    return {"kind": document.kind, "language": document.language, "charts": {
        "group_id": charts.group_id, "group_name": charts.group_name,
        "timezone": charts.timezone, "methods": [list(m) for m in charts.methods],
        "points": [[p.start.isoformat(), p.attendance, p.usefulness] for p in charts.points]}}


def document_from(data: dict) -> Message:
    charts = data["charts"]
    return Message(data["kind"], data["language"], {"charts": GroupCharts(
        group_id=charts["group_id"], group_name=charts["group_name"],
        timezone=charts["timezone"], methods=tuple(tuple(m) for m in charts["methods"]),
        points=tuple(MeetingPoint(datetime.fromisoformat(start), attendance, usefulness)
                     for start, attendance, usefulness in charts["points"]))})


def send_direct_file(runner: Sender, effect: DirectFile) -> str | None:
    with runner.store.unit_of_work() as work:
        reservation = work.outbox.reserve(effect.key, runner.clock.now())
    if reservation is Reservation.SENT:
        log.info("file %s was sent before; not again", effect.key)
        return None
    filename, title, content, comment, alt_text = FILES[effect.document.kind](effect.document)
    channel = runner.client.conversations_open(users=effect.user)["channel"]["id"]
    try:
        runner.client.files_upload_v2(channel=channel, filename=filename, title=title,
                                      content=content, initial_comment=comment,
                                      alt_txt=alt_text)
    except SlackApiError:
        with runner.store.unit_of_work() as work:
            work.outbox.release(effect.key)
        raise
    with runner.store.unit_of_work() as work:
        work.outbox.mark_sent(effect.key, runner.clock.now(), channel, None)
    return channel
