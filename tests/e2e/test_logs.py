"""What the bot writes to its log: never a request body (a case form may be in it), at any
level; LOG_FORMAT=json gives one JSON object a line with the ids but no texts."""

from __future__ import annotations

import io
import json
import logging

import pytest

from bot import logs
from tests.support.harness import SIGNING_SECRET
from tests.support.process import free_port, start_bot, stop, wait_listening
from tests.support.signed import SlackSender

MARKER = "Casus-MARKER-7f3a: mevrouw J. uit kamer 12"


def running_bot(slack, tmp_path, **settings):
    port = free_port()
    process = start_bot(tmp_path, SLACK_BOT_TOKEN=slack.bot_token,
                        SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=slack.api_url,
                        PORT=str(port), DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}",
                        **settings)
    wait_listening(process, port)
    return process, SlackSender(f"http://127.0.0.1:{port}/slack/events", SIGNING_SECRET)


def test_a_stale_case_form_never_reaches_the_log_even_at_debug(slack, tmp_path):
    process, sender = running_bot(slack, tmp_path, LOG_LEVEL="DEBUG")
    try:
        stale = sender.interaction({
            "type": "view_submission", "team": {"id": slack.team_id}, "user": {"id": "U1"},
            "view": {"id": "V1", "callback_id": "case_form", "state": {"values": {
                "case": {"text": {"type": "plain_text_input", "value": MARKER}}}}},
        }, age_seconds=600)  # older than Bolt accepts: rejected, and its body logged
        assert stale.status == 401
        answered = sender.command({"team_id": slack.team_id, "channel_id": "C1",
                                   "user_id": "U3", "command": "/intervisie",
                                   "text": f"help {MARKER}",
                                   "response_url": slack.new_response_url(),
                                   "trigger_id": slack.new_trigger_id()})
        assert answered.status == 200
        slack.wait_for_call("response_url")
    finally:
        output = stop(process)
    assert "Invalid request signature detected" in output  # the line that used to hold it
    assert "DEBUG" in output
    assert "Casus-MARKER" not in output and "kamer 12" not in output


def test_json_lines_with_time_level_logger_and_message(slack, tmp_path):
    process, sender = running_bot(slack, tmp_path, LOG_FORMAT="json", LOG_LEVEL="INFO")
    try:
        sender.interaction({"type": "view_submission", "view": {"id": "V1"}},
                           age_seconds=600)
    finally:
        output = stop(process)
    lines = [json.loads(line) for line in output.splitlines() if line.strip()]
    assert lines, output
    for line in lines:
        assert {"time", "level", "logger", "message"} <= line.keys()
    assert any(line["message"].startswith("listening on port") for line in lines)


def capture(log_format: str):
    logs.configure("INFO", log_format)
    stream = io.StringIO()
    logging.getLogger().handlers[0].setStream(stream)
    return stream


@pytest.fixture(autouse=True)
def restore_logging():
    root, alembic = logging.getLogger(), logging.getLogger("alembic")
    handlers, level, alembic_level = list(root.handlers), root.level, alembic.level
    yield
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)
    alembic.setLevel(alembic_level)


def test_json_carries_group_and_meeting_ids_given_with_the_record():
    stream = capture("json")
    logging.getLogger("bot.runtime").warning("skipped %s", "roles:7",
                                             extra={"group_id": 3, "meeting_id": 7})
    entry = json.loads(stream.getvalue())
    assert entry["group_id"] == 3 and entry["meeting_id"] == 7
    assert entry["message"] == "skipped roles:7" and entry["level"] == "WARNING"


def test_human_readable_by_default_and_bodies_cut_from_any_logger():
    stream = capture("text")
    logging.getLogger("slack_sdk.web.base_client").info(
        "Sending a request - url: x, body_params: {'text': %r}", MARKER)
    logging.getLogger("elsewhere").error("Request body: %s", MARKER)
    try:
        raise ValueError(f"payload: {MARKER}")
    except ValueError:
        logging.getLogger("slack_bolt.App").exception("listener failed")
    text = stream.getvalue()
    assert "Casus-MARKER" not in text
    assert "INFO slack_sdk.web.base_client: Sending a request - url: x," in text
    assert text.count(logs.WITHHELD) == 3 and "ValueError" in text
