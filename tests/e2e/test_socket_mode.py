"""Socket Mode, the default way to run: `python -m bot run` with SLACK_APP_TOKEN connects to
the WebSocket that apps.connections.open hands out, acknowledges a slash command's envelope
and answers it — the same start as in production, against a fake Socket Mode server."""

from __future__ import annotations

import json

from tests.support.fake_socket_mode import FakeSocketMode
from tests.support.process import free_port, get, start_bot, stop, wait_listening


def test_a_slash_command_over_socket_mode_is_acknowledged_and_answered(slack, tmp_path):
    health_port = free_port()
    with FakeSocketMode() as socket_mode:
        slack.socket_mode = socket_mode
        process = start_bot(tmp_path, SLACK_BOT_TOKEN=slack.bot_token,
                            SLACK_APP_TOKEN=slack.app_token, SLACK_SIGNING_SECRET="",
                            SLACK_API_URL=slack.api_url, HEALTH_PORT=str(health_port),
                            DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}")
        try:
            socket_mode.wait_connected()
            envelope = socket_mode.send("slash_commands", {
                "team_id": slack.team_id, "channel_id": "C1", "user_id": "U3",
                "command": "/intervisie", "text": "help", "api_app_id": "A0FAKE",
                "response_url": slack.new_response_url(), "trigger_id": slack.new_trigger_id()})
            assert socket_mode.wait_for_ack(envelope)["envelope_id"] == envelope
            answer = slack.wait_for_call("response_url")
            assert "/intervisie setup" in str(answer.args["blocks"])

            wait_listening(process, health_port)
            status, body = slack.wait_for(lambda: (lambda r: r if r[0] == 200 else None)(
                get(f"http://127.0.0.1:{health_port}/healthz")), timeout=10)
            assert json.loads(body)["socket"] == "connected"
            status, metrics = get(f"http://127.0.0.1:{health_port}/metrics")
            assert status == 200
            assert 'intervisie_requests_total{kind="command",outcome="ok"} 1.0' in \
                metrics.decode()
        finally:
            output = stop(process)
    assert "Traceback" not in output, output
    # Alembic's start-up chatter stays below INFO.
    assert "Context impl" not in output and "Will assume" not in output, output
