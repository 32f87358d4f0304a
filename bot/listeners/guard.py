"""No request can crash or hang the bot: checked before any listener sees it.

Every payload is signed by Slack, but a payload can still be one we don't expect: another
workspace's, a kind we never asked for, a field missing or of the wrong type, an id we don't
know, the same interaction delivered again. Those are acknowledged (200) and ignored with one
log line that names the kind and the reason, never the body (it may hold case text).

Interactions are de-duplicated by their `trigger_id` (unique per press, submission and
command), like events by their `event_id`, so a replay within the signing window acts once.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import traceback
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltResponse

from bot.services import Services

log = logging.getLogger(__name__)
INTERACTIONS = ("block_actions", "view_submission", "view_closed")
KINDS = (*INTERACTIONS, "event_callback", "url_verification", "shortcut", "message_action",
         "block_suggestion")


def _text(value: Any) -> bool:
    return isinstance(value, str) and 0 < len(value) <= 255


def _dict(value: Any) -> bool:
    return isinstance(value, dict)


def _state_ok(view: dict) -> bool:
    state = view.get("state", {})
    if not _dict(state) or not _dict(state.get("values", {})):
        return False
    for block in state.get("values", {}).values():
        if not _dict(block) or not all(_dict(element) for element in block.values()):
            return False
    return isinstance(view.get("private_metadata", ""), str)


def problem(body: Any) -> str | None:
    """Why this payload is not one the listeners can work with (None: it is)."""
    if not _dict(body):
        return "not an object"
    if "command" in body:
        if not all(_text(body.get(name)) for name in ("command", "user_id", "team_id")):
            return "a command without its user or team"
        if not isinstance(body.get("text", ""), str) or not isinstance(
                body.get("channel_id", ""), str):
            return "a command with fields of the wrong type"
        return None
    kind = body.get("type")
    if kind == "event_callback":
        event = body.get("event")
        if not _dict(event) or not _text(event.get("type")) or not _text(body.get("event_id")):
            return "an event without its event"
        if not _text(body.get("team_id")):
            return "an event without its team"
        if any(name in event and not isinstance(event[name], str)
               for name in ("user", "channel", "inviter", "tab")):
            return "an event with fields of the wrong type"
        return None
    if kind not in INTERACTIONS:
        return "a kind of payload the bot does not handle"
    user, team = body.get("user"), body.get("team")
    if not _dict(user) or not _text(user.get("id")):
        return f"{kind} without its user"
    if not (_dict(team) and _text(team.get("id"))) and not (
            _dict(body.get("view")) and _text(body["view"].get("team_id"))):
        return f"{kind} without its team"
    if any(name in body and body[name] is not None and not _dict(body[name])
           for name in ("channel", "container", "message")):
        return f"{kind} with fields of the wrong type"
    if kind == "block_actions":
        actions = body.get("actions")
        if not isinstance(actions, list) or not actions or not all(
                _dict(a) and _text(a.get("action_id")) for a in actions):
            return "block_actions without its actions"
        for action in actions:
            if any(name in action and action[name] is not None and not isinstance(
                    action[name], str) for name in ("value", "block_id", "selected_user")):
                return "an action with fields of the wrong type"
            if "selected_option" in action and not _dict(action["selected_option"] or {}):
                return "an action with fields of the wrong type"
        return None
    view = body.get("view")
    if not _dict(view) or not _text(view.get("callback_id")) or not _state_ok(view):
        return f"{kind} without a proper view"
    return None


def team_of(body: dict) -> str | None:
    if "command" in body or body.get("type") == "event_callback":
        return body.get("team_id")
    team = body.get("team")
    if _dict(team) and team.get("id"):
        return team["id"]
    view = body.get("view")
    return view.get("team_id") if _dict(view) else None


def ignored(kind: str, reason: str) -> BoltResponse:
    log.warning("ignored a request (%s): %s", kind, reason)
    return BoltResponse(status=200, body="")


def register(app: App, services: Services) -> None:
    """First middleware and the error handler; `register_fallbacks` goes last."""

    @app.middleware
    def well_formed(body: Any, context, next) -> BoltResponse | None:
        kind = "command" if _dict(body) and "command" in body else (
            body.get("type") if _dict(body) and body.get("type") in KINDS else "other")
        reason = problem(body)
        if reason is not None:
            return ignored(kind, reason)
        ours = context.authorize_result.team_id if context.authorize_result else None
        theirs = team_of(body)
        if ours and theirs != ours:
            return ignored(kind, "from another workspace")
        trigger = body.get("trigger_id")
        if isinstance(trigger, str) and trigger:
            digest = hashlib.sha1(trigger.encode()).hexdigest()
            if not services.runtime.first_delivery(f"trigger:{digest}"):
                return ignored(kind, "delivered before (same trigger)")
        return next()

    @app.error
    def on_error(error: Exception, response: BoltResponse | None) -> BoltResponse | None:
        _failed(error)
        if response is None:  # already acknowledged
            return None
        return BoltResponse(status=200, body="")


def _failed(error: BaseException) -> None:
    # Where it happened, not what it said: a message may quote the payload.
    frame = traceback.extract_tb(error.__traceback__)[-1:] if error.__traceback__ else []
    where = f"{frame[0].filename.rsplit('/', 1)[-1]}:{frame[0].lineno}" if frame else "?"
    log.error("a request could not be handled: %s at %s", type(error).__name__, where)


def _shielded(function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)  # Bolt reads the wrapped function's argument names
    def listener(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except Exception as error:
            _failed(error)
            ack = kwargs.get("ack")
            if ack is not None and ack.response is None:
                ack()  # acknowledged and ignored
            return None
    listener.shielded = True  # type: ignore[attr-defined]
    return listener


def shield(app: App) -> None:
    """No listener raises. Bolt (1.x, HTTP mode) answers a listener that raises *after*
    acknowledging by erasing that acknowledgement, so the request waits out its 3 seconds and
    Slack sees a timeout; so every listener catches what it raises, says it in one line, and
    acknowledges if it had not."""
    for registered in app._listeners:  # Bolt keeps no public list of its listeners
        function = getattr(registered, "ack_function", None)
        if function is not None and not getattr(function, "shielded", False):
            registered.ack_function = _shielded(function)


def register_fallbacks(app: App) -> None:
    """Anything no listener took: acknowledged, and said once, without the body. Then every
    listener is shielded (`shield`)."""
    anything = re.compile(".*")

    @app.action(anything)
    def unknown_action(ack: Ack, action: dict) -> None:
        ack()
        log.warning("ignored an unknown action %s", str(action.get("action_id"))[:60])

    @app.view(anything)
    def unknown_view(ack: Ack, view: dict) -> None:
        ack()
        log.warning("ignored an unknown form %s", str(view.get("callback_id"))[:60])

    @app.view_closed(anything)
    def unknown_closed(ack: Ack) -> None:
        ack()

    @app.command(anything)
    def unknown_command(ack: Ack, command: dict) -> None:
        ack()
        log.warning("ignored an unknown command %s", str(command.get("command"))[:40])

    @app.event(anything)
    def unknown_event() -> None:
        pass  # events are acknowledged by Bolt; the bot subscribes to more than it acts on

    shield(app)
