"""A fake Slack Web API server: the test double behind every end-to-end test, and the Slack
stand-in of the sandbox (`intervisie sandbox`), so the two can never drift apart.

FakeSlack serves `POST /api/<method>` on 127.0.0.1 for a real slack_sdk WebClient
(`WebClient(token=fake.bot_token, base_url=fake.api_url)`). It refuses what Slack would refuse
(unknown methods and arguments, missing required arguments, bad tokens, used or stale trigger_ids)
and, on purpose, a little more (Block Kit limits, `text` missing beside `blocks`), records every
request as a `Call`, and keeps a small workspace model (fake_workspace.py, fake_views_files.py)
so answers look real.
It also serves response_urls (what Bolt's `respond()` posts to) and files_upload_v2 upload URLs,
and `apps.connections.open` for the app-level token when a FakeSocketMode is attached
(`fake.socket_mode = FakeSocketMode().start()`, see fake_socket_mode.py).
"""

from __future__ import annotations

import contextlib
import functools
import json
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar, TypeVar
from urllib.parse import parse_qsl, urlsplit

from . import block_kit
from .fake_pins import PIN_HANDLERS, PinsModel
from .fake_teams import TeamsModel
from .fake_views_files import UploadedFile, ViewsFilesModel
from .fake_workspace import BOT_ID, BOT_USER_ID, TEAM_ID, SlackError

__all__ = ["BOT_ID", "BOT_USER_ID", "TEAM_ID", "Call", "FakeSlack", "UploadedFile",
           "all_method_names", "method_scopes", "method_specs"]

DEFAULT_BOT_TOKEN = "xoxb-test-token"
DEFAULT_APP_TOKEN = "xapp-1-test-token"
TRIGGER_TTL_SECONDS = 3.0
MESSAGE_METHODS = frozenset(
    {"chat.postMessage", "chat.postEphemeral", "chat.update", "chat.scheduleMessage"})
VIEW_METHODS = frozenset({"views.open", "views.update", "views.push", "views.publish"})
TRIGGER_METHODS = frozenset({"views.open", "views.push"})
# Arguments Slack takes as JSON; in form bodies slack_sdk sends them as JSON strings.
JSON_ARGS = frozenset({"blocks", "attachments", "view", "metadata", "files", "user_auth_blocks",
                       "outputs", "document_content", "changes", "criteria", "unfurls"})

# Bolt gives each listener's WebClient a default team_id (for org-wide installs), so it goes
# with every call; Slack accepts it on any method.
ALWAYS_ALLOWED_ARGS = frozenset({"team_id"})

T = TypeVar("T")


REFERENCE = Path(__file__).resolve().parent / "reference" / "methods.json"


@functools.cache
def _reference() -> dict:
    return json.loads(REFERENCE.read_text("utf-8"))


def method_specs() -> dict[str, dict]:
    """The carried method specs by name (see reference/README.md; treat as read-only)."""
    return _reference()["methods"]


def all_method_names() -> frozenset[str]:
    """Every Slack Web API method name, carried or not."""
    return frozenset(_reference()["all_methods"])


def method_scopes(name: str) -> set[str]:
    """Bot scopes Slack lists for a method (any one may do for multi-type methods).

    Raises KeyError for a method Slack doesn't have, so a typo can't pass a scope check.
    """
    spec = method_specs()[name]
    return {scope["name"] for scope in spec.get("scopes", {}).get("bot", [])}


@dataclass
class Call:
    """One request the fake received."""

    method: str  # "chat.postMessage", or "response_url" / "file_upload" for those URLs
    args: dict[str, Any]  # token removed, JSON-string arguments decoded
    ok: bool
    error: str | None
    response: dict[str, Any]  # the JSON body the fake answered
    at: float  # the fake's clock when it answered
    ratelimited: bool = False  # refused with HTTP 429 by rate_limit()
    status: int = 200  # HTTP status of the answer
    path: str = ""  # request path, e.g. "/api/chat.postMessage" or "/response/3"
    team: str | None = None  # the workspace whose token made the call (fake_teams.py)


class FakeSlack(TeamsModel, PinsModel, ViewsFilesModel):
    """The fake Web API server plus its workspace; see the module docstring."""

    HANDLERS: ClassVar[dict[str, str]] = {**ViewsFilesModel.HANDLERS, **PIN_HANDLERS}

    def __init__(self, bot_token: str = DEFAULT_BOT_TOKEN, clock: Any = time.monotonic,
                 ts_base: float = 1_700_000_000) -> None:
        """`clock`: a callable giving seconds (default time.monotonic), or an object with
        `now() -> aware datetime` such as tests/support/clock.FakeClock or the sandbox's
        ShiftingClock; with the latter, message ts follow that clock too (so `oldest`/`latest`
        filters line up with it)."""
        self.bot_token = bot_token
        self.app_token = DEFAULT_APP_TOKEN
        self.socket_mode: Any = None  # a FakeSocketMode: apps.connections.open hands out its URL
        self.bot_user_id = BOT_USER_ID
        self.bot_id = BOT_ID
        self.team_id = TEAM_ID
        # The bot token's scopes; None grants every scope. With a set, a method whose scopes
        # it lacks is answered `missing_scope`, as Slack does.
        self.scopes: set[str] | None = None
        if callable(clock):
            self._clock: Callable[[], float] = clock
            wall: Callable[[], float] | None = None
        else:
            self._clock = wall = lambda: clock.now().timestamp()
        # Re-entrant: handlers call public helpers that take the lock too.
        self._lock = threading.RLock()
        self._calls: list[Call] = []
        self._triggers: dict[str, float] = {}
        self._used_triggers: set[str] = set()
        self._rate_limits: dict[str, list[int]] = {}
        self._storms: list[tuple[str, float, int]] = []  # (method prefix, until, Retry-After)
        self._failures: dict[str, list[int]] = {}  # method: [times, HTTP status]
        self.after_accept: Callable[[Call], None] | None = None
        self._response_urls = 0
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._init_workspace(ts_base, wall)
        self._init_teams()

    # -- lifecycle ----------------------------------------------------------------------

    def start(self) -> FakeSlack:
        if self._server is None:
            self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
            self._server.daemon_threads = True
            self._server.fake = self  # type: ignore[attr-defined]
            self._thread = threading.Thread(target=self._server.serve_forever,
                                            kwargs={"poll_interval": 0.01},
                                            name="fake-slack", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            if self._thread is not None:
                self._thread.join(timeout=5)
            self._server = self._thread = None

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("FakeSlack is not started")
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:  # type: ignore[override]
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/"

    # -- method reference ------------------------------------------------------------------

    def method_spec(self, name: str) -> dict | None:
        """The carried spec, None for a name Slack doesn't have. A real Slack method whose
        family the carried reference leaves out is a gap in the test setup, not a refusal."""
        spec = method_specs().get(name)
        if spec is None and name in all_method_names():
            raise LookupError(f"{name} is not in bot/sandbox/slack/reference/methods.json: "
                              "add its family in refresh.py and refresh")
        return spec

    # -- triggers, rate limits, response_urls ------------------------------------------------

    def new_trigger_id(self) -> str:
        """A fresh trigger_id, valid for 3 s of the fake's clock and for one use."""
        with self._lock:
            trigger = f"{secrets.randbelow(90000) + 10000}.{secrets.randbelow(90000) + 10000}." \
                      f"{secrets.token_hex(16)}"
            self._triggers[trigger] = self._clock()
            return trigger

    def expire_all_triggers(self) -> None:
        with self._lock:
            self._triggers = dict.fromkeys(self._triggers, float("-inf"))

    def rate_limit(self, method: str, times: int = 1, retry_after: int = 1) -> None:
        """Answer the next `times` calls to `method` with HTTP 429 and Retry-After."""
        with self._lock:
            self._rate_limits[method] = [times, retry_after]

    def storm(self, prefix: str = "chat.", seconds: float = 20, retry_after: int = 2) -> None:
        """Answer every call to a method starting with `prefix` with HTTP 429 for `seconds`
        of real (monotonic) time, as Slack does under a burst."""
        with self._lock:
            self._storms.append((prefix, time.monotonic() + seconds, retry_after))

    def fail(self, method: str, times: int = 1, status: int = 503) -> None:
        """Answer the next `times` calls to `method` with an HTTP 5xx (nothing done)."""
        with self._lock:
            self._failures[method] = [times, status]

    def new_response_url(self) -> str:
        with self._lock:
            self._response_urls += 1
            return f"{self.base_url}/response/{self._response_urls}"

    # -- recorded calls ---------------------------------------------------------------------

    @property
    def calls(self) -> list[Call]:
        with self._lock:
            return list(self._calls)

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self._calls if c.method == method]

    def reset_calls(self) -> None:
        with self._lock:
            self._calls.clear()

    def wait_for(self, predicate: Callable[[], T], timeout: float = 5.0,
                 interval: float = 0.01) -> T:
        """Poll `predicate()` until it returns something truthy, and return that.

        For apps that answer Slack after the ack, on another thread. Uses real time, not the
        injectable clock (a test may have frozen that). Raises AssertionError on timeout.
        """
        deadline = time.monotonic() + timeout
        while True:
            result = predicate()
            if result:
                return result
            if time.monotonic() >= deadline:
                seen = [c.method for c in self.calls]
                raise AssertionError(f"condition not met within {timeout}s; calls: {seen}")
            time.sleep(interval)

    def wait_for_call(self, method: str, where: Callable[[Call], bool] | None = None,
                      timeout: float = 5.0) -> Call:
        """The first recorded call to `method` (matching `where`), waiting for it if need be."""
        def find() -> Call | None:
            return next((c for c in self.calls_to(method) if where is None or where(c)), None)
        return self.wait_for(find, timeout=timeout)

    # -- request handling (called from the HTTP handler threads) -------------------------------

    def _record(self, method: str, args: dict, body: dict, path: str, status: int = 200,
                ratelimited: bool = False) -> dict:
        self._calls.append(Call(method=method, args=args, ok=bool(body.get("ok")),
                                error=body.get("error"), response=body, at=self._clock(),
                                ratelimited=ratelimited, status=status, path=path,
                                team=self._calling_team))
        return body

    def _api(self, method: str, args: dict, token: str | None,
             path: str, basic: str | None = None) -> tuple[int, dict[str, str], dict]:
        with self._lock:
            body_token = args.pop("token", None)  # legacy: token as an argument
            token = token or body_token
            self._calling_team = self.team_of_token(token)
            if method == "oauth.v2.access":  # the app's credentials, not a token
                try:
                    body = {"ok": True, **self._oauth_v2_access(args, basic)}
                except SlackError as refusal:
                    body = {"ok": False, "error": refusal.error}
                args = {k: v for k, v in args.items() if k != "client_secret"}
                return 200, {}, self._record(method, args, body, path)
            limit = self._rate_limits.get(method)
            storm = next((s for s in self._storms if method.startswith(s[0])
                          and time.monotonic() < s[1]), None)
            if storm and self._calling_team:
                limit = [1, storm[2]]
            if limit and limit[0] > 0 and self.method_spec(method) and self._calling_team:
                limit[0] -= 1
                body = self._record(method, args, {"ok": False, "error": "ratelimited"}, path,
                                    status=429, ratelimited=True)
                return 429, {"Retry-After": str(limit[1])}, body
            failure = self._failures.get(method)
            if failure and failure[0] > 0:
                failure[0] -= 1
                body = self._record(method, args, {"ok": False, "error": "internal_error"},
                                    path, status=failure[1])
                return failure[1], {}, body
            try:
                data = self._checked_call(method, args, token)
                body = {"ok": True, **(data or {})}
            except SlackError as refusal:
                body = {"ok": False, "error": refusal.error, **refusal.extra}
            answer = self._record(method, args, body, path)
            if body["ok"] and self.after_accept is not None:
                self.after_accept(self._calls[-1])  # e.g. kill the bot before it hears back
            return 200, {}, answer

    def _checked_call(self, method: str, args: dict, token: str | None) -> dict | None:
        spec = self.method_spec(method)
        if spec is None:
            raise SlackError("unknown_method")
        if not token:
            raise SlackError("not_authed")
        if method == "apps.connections.open":
            return self._connections_open(token)
        if self._calling_team is None:
            raise SlackError("invalid_auth")
        needed = method_scopes(method)
        if self.scopes is not None and needed and not needed & self.scopes:
            raise SlackError("missing_scope", needed=",".join(sorted(needed)),
                             provided=",".join(sorted(self.scopes)))
        messages = [f"[ERROR] unknown argument '{name}'" for name in args
                    if name not in spec["args"] and name not in ALWAYS_ALLOWED_ARGS]
        messages += [f"[ERROR] missing required argument '{name}'"
                     for name, arg in spec["args"].items()
                     if arg.get("required") and args.get(name) in (None, "")]
        if method in TRIGGER_METHODS and not (args.get("trigger_id")
                                              or args.get("interactivity_pointer")):
            messages.append("[ERROR] missing required argument 'trigger_id'")
        if messages:
            raise SlackError("invalid_arguments", response_metadata={"messages": messages})
        if method in MESSAGE_METHODS:
            _check_message(args)
        if method in VIEW_METHODS:
            problems = block_kit.view_problems(args["view"])
            if problems:
                raise SlackError("invalid_blocks", response_metadata={"messages": problems})
            if block_kit.view_size(args["view"]) > block_kit.VIEW_MAX_BYTES:
                raise SlackError("view_too_large")
        if method in TRIGGER_METHODS and args.get("trigger_id"):
            self._exchange_trigger(args["trigger_id"])
        return self._handle(method, args)

    def _connections_open(self, token: str) -> dict:
        """Socket Mode's one-time WebSocket URL; only an app-level token may ask."""
        if self.team_of_token(token):
            raise SlackError("not_allowed_token_type")
        if token != self.app_token:
            raise SlackError("invalid_auth")
        if self.socket_mode is None:
            raise SlackError("internal_error")  # the test did not attach a FakeSocketMode
        return {"url": self.socket_mode.new_url()}

    def _exchange_trigger(self, trigger: str) -> None:
        issued = self._triggers.get(trigger)
        if issued is None:
            raise SlackError("invalid_trigger_id")
        if trigger in self._used_triggers:
            raise SlackError("exchanged_trigger_id")
        if self._clock() - issued > TRIGGER_TTL_SECONDS:
            raise SlackError("expired_trigger_id")
        self._used_triggers.add(trigger)

    def _respond(self, number: int, payload: Any, path: str) -> tuple[int, dict]:
        with self._lock:
            self._calling_team = None  # a response_url carries no token
            args = payload if isinstance(payload, dict) else {"_body": payload}
            if not 1 <= number <= self._response_urls:
                body = {"ok": False, "error": "unknown_response_url"}
                return 404, self._record("response_url", args, body, path, status=404)
            try:
                _check_message(args)
                body = {"ok": True}
            except SlackError as refusal:
                # Slack answers a bad response_url post with HTTP 400.
                body = {"ok": False, "error": refusal.error, **refusal.extra}
                return 400, self._record("response_url", args, body, path, status=400)
            return 200, self._record("response_url", args, body, path)

    def _upload(self, file_id: str, content: bytes, path: str) -> tuple[int, dict]:
        with self._lock:
            self._calling_team = None  # an upload URL carries no token
            args = {"file_id": file_id, "length": len(content)}
            if not self._receive_upload(file_id, content):
                body = {"ok": False, "error": "file_not_found"}
                return 404, self._record("file_upload", args, body, path, status=404)
            return 200, self._record("file_upload", args, {"ok": True}, path)


def _check_message(args: dict) -> None:
    """Refuse blocks without a top-level text (stricter than Slack) and Block Kit violations."""
    if "blocks" not in args or args["blocks"] in (None, ""):
        return
    if not str(args.get("text") or "").strip():
        raise SlackError("missing_text", response_metadata={
            "messages": ["[ERROR] a top-level text is required beside blocks"]})
    problems = block_kit.message_problems(args["blocks"])
    if problems:
        raise SlackError("invalid_blocks", response_metadata={"messages": problems})


def _decode_args(content_type: str, body: bytes, query: str) -> dict[str, Any]:
    args: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/json" and body:
        data = json.loads(body)
        if not isinstance(data, dict):
            raise ValueError("JSON body must be an object")
        args.update(data)
    elif kind == "application/x-www-form-urlencoded" or (body and not kind):
        args.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    elif body:
        raise ValueError(f"unsupported content type {content_type!r}")
    for key in JSON_ARGS & args.keys():
        if isinstance(args[key], str):
            # Left as a string when it isn't JSON; the Block Kit checks then report it.
            with contextlib.suppress(ValueError):
                args[key] = json.loads(args[key])
    return args


class _Handler(BaseHTTPRequestHandler):
    server: ThreadingHTTPServer

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output clean

    def do_GET(self) -> None:
        self.do_POST()

    def do_POST(self) -> None:
        fake: FakeSlack = self.server.fake  # type: ignore[attr-defined]
        url = urlsplit(self.path)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        content_type = self.headers.get("Content-Type") or ""
        if url.path.startswith("/upload/"):
            status, answer = fake._upload(url.path.removeprefix("/upload/"), body, url.path)
            return self._send(status, {}, answer)
        try:
            if url.path.startswith("/response/"):
                number = url.path.removeprefix("/response/")
                payload = json.loads(body or b"{}")
                status, answer = fake._respond(int(number) if number.isdigit() else 0,
                                               payload, url.path)
                return self._send(status, {}, answer)
            if url.path.startswith("/api/"):
                args = _decode_args(content_type, body, url.query)
                auth = self.headers.get("Authorization") or ""
                token = auth.removeprefix("Bearer ").strip() if auth.startswith("Bearer ") else None
                basic = auth.removeprefix("Basic ").strip() if auth.startswith("Basic ") else None
                status, headers, answer = fake._api(url.path.removeprefix("/api/"), args, token,
                                                    url.path, basic)
                return self._send(status, headers, answer)
        except ValueError as exc:  # includes json.JSONDecodeError
            return self._send(400, {}, {"ok": False, "error": "invalid_json", "detail": str(exc)})
        self._send(404, {}, {"ok": False, "error": "not_found"})

    def _send(self, status: int, headers: dict[str, str], body: dict) -> None:
        raw = json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(raw)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(raw)
