"""The sandbox put together, without a browser: a gesture reaches the real bot as Slack would
send it, the clock jumps to the next planned moment and it happens, and a restart without
--reset goes on with the same messages and clock."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from datetime import timedelta

from bot.sandbox.runner import Options, Sandbox

ANNA = "U0ANNA"


def start(tmp_path, reset=False) -> Sandbox:
    return Sandbox(Options(host="127.0.0.1", port=0, database=tmp_path / "sandbox.db",
                           reset=reset)).start()


def texts(sandbox) -> list[str]:
    return [m.get("text", "") for m in sandbox.slack.messages(sandbox.demo.channel_id)]


def set_up_group(sandbox) -> None:
    slack = sandbox.slack
    channel = sandbox.demo.channel_id
    assert sandbox.gestures.command(ANNA, channel, "/intervisie setup")[0] == 200
    view = slack.wait_for(lambda: slack.top_modal(ANNA))
    assert view["callback_id"]
    first = (sandbox.clock.now() + timedelta(days=40)).date().isoformat()
    answer = sandbox.gestures.submit(ANNA, [
        {"block_id": "name", "action_id": "value", "value": "Wijkteam Noord"},
        {"block_id": "members", "action_id": "value",
         "value": [p.id for p in sandbox.demo.people[:5]]},
        {"block_id": "rhythm", "action_id": "value", "value": "weekly"},
        {"block_id": "first_date", "action_id": "value", "value": first},
    ] + [{"block_id": b["block_id"], "action_id": "value",
          "value": (b["element"].get("initial_option") or {}).get("value")
          or [o["value"] for o in b["element"].get("initial_options") or []]
          or b["element"].get("initial_value") or b["element"].get("initial_time")}
         for b in view["blocks"] if b["type"] == "input" and b["block_id"] not in (
             "name", "members", "rhythm", "first_date", "coordinators")]
      + [{"block_id": "coordinators", "action_id": "value", "value": [ANNA]}])
    assert answer == {"ok": True, "response_action": None}, slack.view_errors
    assert slack.top_modal(ANNA) is None
    slack.wait_for(lambda: any("Wijkteam Noord" in t for t in texts(sandbox)))


def test_a_command_opens_the_form_for_the_person_who_typed_it_only(tmp_path):
    sandbox = start(tmp_path, reset=True)
    try:
        sandbox.gestures.command(ANNA, sandbox.demo.channel_id, "/intervisie setup")
        sandbox.slack.wait_for(lambda: sandbox.slack.top_modal(ANNA))
        assert sandbox.slack.top_modal("U0BRAM") is None
        assert sandbox.gestures.close(ANNA, []) == {"ok": True}
        assert sandbox.slack.top_modal(ANNA) is None
    finally:
        sandbox.stop()


def test_the_next_planned_moment_happens_and_a_restart_goes_on(tmp_path):
    sandbox = start(tmp_path, reset=True)
    try:
        set_up_group(sandbox)
        due = sandbox.next_planned()
        assert due is not None and due > sandbox.clock.now()
        before = len(sandbox.slack.calls_to("chat.postMessage"))
        assert sandbox.jump_to_next() == due
        assert sandbox.clock.now() >= due
        assert len(sandbox.slack.calls_to("chat.postMessage")) > before  # it happened
        assert sandbox.next_planned() != due
        moment = sandbox.clock.now()
        seen = texts(sandbox)
    finally:
        sandbox.stop()

    again = start(tmp_path)
    try:
        assert texts(again) == seen
        assert again.clock.now() >= moment
        assert not any("/intervisie setup" in t for t in texts(again)[len(seen):])
    finally:
        again.stop()


def test_a_day_passes_with_everything_planned_in_it_on_the_way(tmp_path):
    sandbox = start(tmp_path, reset=True)
    try:
        set_up_group(sandbox)
        start_at = sandbox.clock.now()
        sandbox.advance(timedelta(days=10))
        assert sandbox.clock.now() - start_at >= timedelta(days=10)
        next_due = sandbox.next_planned()
        assert next_due is None or next_due > sandbox.clock.now()
    finally:
        sandbox.stop()


def post(sandbox, path: str, body: bytes) -> tuple[int, dict]:
    request = urllib.request.Request(sandbox.url + path, data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, json.load(answer)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def test_the_page_api_answers_bad_requests_politely_and_sets_the_rehearsal_speed(tmp_path):
    sandbox = start(tmp_path, reset=True)
    try:
        assert post(sandbox, "/api/send", b"{not json")[0] == 400
        assert post(sandbox, "/api/send", b'{"as": "U0NOBODY", "text": "hi"}')[0] == 400
        status, answer = post(sandbox, "/api/action", b'{"as": "U0ANNA", "where": "x"}')
        assert status == 400 and answer["ok"] is False
        assert post(sandbox, "/api/clock", b'{"op": "speed", "speed": 0}')[0] == 400
        assert post(sandbox, "/api/clock", b'{"op": "speed", "speed": 60}') == (200, {"ok": True})
        assert sandbox.runtime.speed == 60
        assert post(sandbox, "/api/nothing", b"{}")[0] == 404
    finally:
        sandbox.stop()
