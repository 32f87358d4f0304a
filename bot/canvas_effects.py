"""Carrying out a `DrawCanvas` outbox row: the bot's one canvas per owner (the group's
logbook) in its channel, created once and then replaced whole with every newer drawing.

Idempotent: the canvas id is stored, drawings older than the one Slack has are skipped, and a
creation that may have succeeded before a crash is recognised as the channel's canvas instead
of made twice. Where Slack will not have a canvas, the effect's notices go out (keyed: once)
and the bot carries on.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from slack_sdk.errors import SlackApiError

if TYPE_CHECKING:
    from bot.sender import Sender

log = logging.getLogger(__name__)
# Slack will not have this canvas here; asking again would get the same answer.
REFUSED = frozenset({
    "not_allowed", "missing_scope", "not_allowed_token_type", "no_permission",
    "restricted_action", "channel_canvas_already_exists", "free_team_canvas_tab_already_exists",
    "team_tier_cannot_create_channel_canvases", "canvas_disabled_user_team",
    "not_in_channel", "channel_not_found", "is_archived"})
GONE = frozenset({"canvas_not_found", "canvas_deleted"})
# Drawings of one canvas go one at a time, so an older one never overtakes a newer.
_drawing = threading.Lock()


def draw_canvas(runner: Sender, drawing: dict) -> str | None:
    """`drawing`: the row's payload (owner, channel, revision, title, markdown, and the DMs
    to send `if_refused`). Returns the channel, for pacing."""
    with _drawing:
        with runner.store.unit_of_work() as work:
            state = work.canvases.state(drawing["owner"])
        if state is None or drawing["revision"] <= state.drawn:
            log.info("canvas %s: nothing newer to draw (revision %s)", drawing["owner"],
                     drawing["revision"])
            return None
        content = {"type": "markdown", "markdown": drawing["markdown"]}
        canvas_id = state.canvas_id
        if canvas_id is not None and not _replace(runner, canvas_id, content):
            with runner.store.unit_of_work() as work:
                work.canvases.lost(drawing["owner"], runner.clock.now())
            canvas_id = None
        if canvas_id is None:
            canvas_id = _create(runner, drawing, content, state.create_started)
        if canvas_id is None:
            return None
        with runner.store.unit_of_work() as work:
            work.canvases.drawn(drawing["owner"], drawing["revision"], runner.clock.now())
        return drawing["channel"]


def _replace(runner: Sender, canvas_id: str, content: dict) -> bool:
    """Replace the whole canvas; False when it is gone from Slack."""
    try:
        runner.client.canvases_edit(canvas_id=canvas_id, changes=[
            {"operation": "replace", "document_content": content}])
    except SlackApiError as error:
        if error.response.get("error") in GONE:
            log.info("canvas %s is gone from Slack; making a new one", canvas_id)
            return False
        raise
    return True


def _create(runner: Sender, drawing: dict, content: dict, tried_before: bool) -> str | None:
    owner = drawing["owner"]
    with runner.store.unit_of_work() as work:
        work.canvases.create_started(owner, runner.clock.now())
    try:
        answer = runner.client.conversations_canvases_create(
            channel_id=drawing["channel"], title=drawing["title"], document_content=content)
        canvas_id = answer["canvas_id"]
    except SlackApiError as error:
        reason = str(error.response.get("error"))
        canvas_id = None
        if reason == "channel_canvas_already_exists" and tried_before:
            # The bot stopped while Slack was creating it: that canvas is ours.
            canvas_id = _channel_canvas(runner, drawing["channel"])
            if canvas_id and not _replace(runner, canvas_id, content):
                canvas_id = None
        if canvas_id is None:
            with runner.store.unit_of_work() as work:
                if reason in REFUSED:
                    work.canvases.refused(owner, reason, drawing["revision"],
                                          runner.clock.now())
                else:  # Slack answered, so nothing was made: the next attempt starts clean
                    work.canvases.lost(owner, runner.clock.now())
            if reason not in REFUSED:
                raise
            log.warning("canvas %s refused by Slack: %s", owner, reason)
            for notice in drawing["if_refused"]:  # keyed DMs: each goes once
                runner.perform(notice)
            return None
    with runner.store.unit_of_work() as work:
        work.canvases.created(owner, canvas_id, runner.clock.now())
    return canvas_id


def _channel_canvas(runner: Sender, channel: str) -> str | None:
    info = runner.client.conversations_info(channel=channel)
    canvas = ((info.get("channel") or {}).get("properties") or {}).get("canvas") or {}
    return canvas.get("file_id")
