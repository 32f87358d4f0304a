"""Presses in a running meeting: Start, the method menu, the facilitator's controls, Draw a
card, and the flip-over's buttons (which open small forms within the trigger's 3 seconds).

Presses are acknowledged at once; the version in a button's value lets flows refuse a press
from an older moment, so a double click or two facilitators at once move the meeting once.
"""

from __future__ import annotations

import logging
import re

from slack_bolt import Ack, App

from bot import ids
from bot.listeners.actions import actor_of
from bot.services import Services
from flows.advice import MethodAdviceRequested
from flows.attendance import AttendanceFormRequested
from flows.collecting import FlipoverFormRequested
from flows.facilitating import PanelRequested
from flows.running import (
    CardRequested,
    ControlPressed,
    MethodChosen,
    StartRequested,
)
from flows.written_opening import WrittenChosen

log = logging.getLogger(__name__)


def _numbers(value: str | None) -> tuple[int, int] | None:
    """"<meeting>:<version>" (or a bare meeting id, version 0)."""
    match = re.fullmatch(r"(\d+)(?::(\d+))?", value or "")
    if match is None:
        return None
    return int(match.group(1)), int(match.group(2) or 0)


def register(app: App, services: Services) -> None:
    def run(body: dict, event: object) -> None:
        actor = actor_of(body)
        services.effects.run(services.runtime.handle(event, actor), actor)

    def pressed(body: dict, action: dict) -> tuple[str, int, int] | None:
        found = _numbers(action.get("value"))
        if found is None:
            log.warning("unexpected value in %s", action.get("action_id"))
            return None
        return body["user"]["id"], *found

    @app.action(ids.LIVE_START)
    def on_start(ack: Ack, body: dict, action: dict) -> None:
        ack()
        if found := pressed(body, action):
            run(body, StartRequested(found[0], found[1]))

    @app.action(ids.LIVE_PANEL)
    def on_panel(ack: Ack, body: dict, action: dict) -> None:
        ack()
        if found := pressed(body, action):
            run(body, PanelRequested(found[0], found[1]))

    @app.action(ids.LIVE_ADVICE)
    def on_advice(ack: Ack, body: dict, action: dict) -> None:
        ack()
        if found := pressed(body, action):
            run(body, MethodAdviceRequested(found[0], found[1]))

    @app.action(re.compile(r"^live\.advice\.(answer_\d+|all)$"))
    def on_advice_answer(ack: Ack, body: dict, action: dict) -> None:
        ack()  # "<meeting>:<answers so far>" (digits), or the full list
        if found := pressed(body, action):
            full = action["action_id"] == ids.LIVE_ADVICE_ALL
            answers = "" if full or not found[2] else str(found[2])
            run(body, MethodAdviceRequested(found[0], found[1], answers, full=full))

    @app.action(ids.ATTENDANCE_CORRECT)
    def on_attendance(ack: Ack, body: dict, action: dict) -> None:
        ack()  # then the form, within the trigger's 3 seconds
        if found := pressed(body, action):
            run(body, AttendanceFormRequested(found[0], found[1]))

    @app.action(ids.WRITTEN_CHOOSE)
    def on_written(ack: Ack, body: dict, action: dict) -> None:
        ack()
        if found := pressed(body, action):
            run(body, WrittenChosen(found[0], found[1]))

    @app.action(ids.LIVE_CARD)
    def on_card(ack: Ack, body: dict, action: dict) -> None:
        ack()
        if found := pressed(body, action):
            run(body, CardRequested(found[0], found[1]))

    @app.action(ids.LIVE_METHOD)
    def on_method(ack: Ack, body: dict, action: dict) -> None:
        ack()
        match = re.fullmatch(r"method_(\d+)", action.get("block_id", ""))
        option = action.get("selected_option") or {}
        if match and option.get("value"):
            run(body, MethodChosen(body["user"]["id"], int(match.group(1)), option["value"]))

    @app.action(re.compile(r"^live\.control\."))
    def on_control(ack: Ack, body: dict, action: dict) -> None:
        ack()
        control = action["action_id"].removeprefix("live.control.")
        if control in ids.LIVE_CONTROL and (found := pressed(body, action)):
            run(body, ControlPressed(found[0], found[1], control, found[2]))

    @app.action(re.compile(r"^live\.form\."))
    def on_form(ack: Ack, body: dict, action: dict) -> None:
        ack()  # then open the form within the trigger's 3 seconds
        form = action["action_id"].removeprefix("live.form.")
        if form in ids.LIVE_FORM and (found := pressed(body, action)):
            run(body, FlipoverFormRequested(found[0], found[1], form, found[2]))
