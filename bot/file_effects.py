"""Carrying out `DirectFile`: a file drawn at send time (the group's charts) in someone's direct
messages through files_upload_v2, once per key.

Drawn here rather than in the use case, so no picture is rendered inside a database
transaction. A file share carries no message metadata to look for after a crash, so a key
reserved but never marked is sent again: a second copy of a picture harms no one.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from slack_sdk.errors import SlackApiError

from bot.render.charts import FILES
from flows.effects import DirectFile
from storage.outbox import Reservation

if TYPE_CHECKING:
    from bot.effects import EffectRunner

log = logging.getLogger(__name__)


def send_direct_file(runner: EffectRunner, effect: DirectFile) -> None:
    with runner.store.unit_of_work() as work:
        reservation = work.outbox.reserve(effect.key, runner.clock.now())
    if reservation is Reservation.SENT:
        log.info("file %s was sent before; not again", effect.key)
        return
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
