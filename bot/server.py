"""HTTP mode: Bolt's WSGI handler at POST /slack/events plus GET /healthz and GET /metrics,
on a threaded server.

Whatever arrives is answered, and never with a 500: a request too large or not parseable gets
400, one with a timestamp that is not a number 401 (Bolt checks the signature and its age), and
anything Bolt could not handle 200 — acknowledged and ignored, said once in the log without the
body. Socket Mode needs no server of ours; `serve_socket_mode` keeps the connection to Slack
open (and serves /healthz and /metrics on HEALTH_PORT when that is set).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.calendar_http import redact
from bot.health import OpsEndpoints, serve_ops

log = logging.getLogger(__name__)
EVENTS_PATH = "/slack/events"
MAX_BODY = 1_000_000  # Slack's payloads are far smaller; a bigger one is not Slack's


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args) -> None:
        # A calendar address is a secret: never in a log, not even at DEBUG.
        log.debug("%s - %s", self.address_string(), redact(format % args))


def quiet_threading_server() -> dict:
    return {"server_class": _ThreadingServer, "handler_class": _QuietHandler}


def _answer(start_response, status: str, body: bytes = b"",
            content_type: str = "text/plain; charset=utf-8") -> list[bytes]:
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))])
    return [body]


def _refusal(environ) -> str | None:
    """A status for a request not worth handing to Bolt (None: hand it over)."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return "400 Bad Request"
    if length > MAX_BODY or length < 0:
        return "400 Bad Request"
    timestamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP")
    if timestamp is not None and not timestamp.strip().isdigit():
        return "401 Unauthorized"
    return None


def wsgi_app(app: App, ops: OpsEndpoints | None = None,
             mounts: Sequence[tuple[str, Callable]] = ()) -> Callable:
    """Slack's requests, /healthz and /metrics, and each (path prefix, WSGI app) in `mounts`."""
    slack = SlackRequestHandler(app, path=EVENTS_PATH)
    flow = app.oauth_flow
    oauth_paths = {flow.install_path, flow.redirect_uri_path} if flow else set()

    def application(environ, start_response):
        if ops is not None and ops.handles(environ):
            return ops(environ, start_response)
        path = environ.get("PATH_INFO") or ""
        for prefix, mounted in mounts:
            if path.startswith(prefix):
                return mounted(environ, start_response)
        if path in oauth_paths and environ.get("REQUEST_METHOD") == "GET":
            return slack(environ, start_response)  # install from a link (Bolt's OAuth flow)
        if path != EVENTS_PATH or environ.get("REQUEST_METHOD") != "POST":
            return _answer(start_response, "404 Not Found")
        refusal = _refusal(environ)
        if refusal is not None:
            log.warning("refused a request: %s", refusal)
            return _answer(start_response, refusal)
        answered: list = []

        def capture(status, headers, exc_info=None):
            answered[:] = [status, headers]

        try:
            body = slack(environ, capture)
        except Exception as error:  # a body Bolt could not even parse
            log.warning("refused a request Bolt could not read: %s", type(error).__name__)
            return _answer(start_response, "400 Bad Request")
        status = answered[0] if answered else "500"
        if status.startswith(("500", "404")):  # a listener failed, or none took it
            log.warning("acknowledged a request that could not be handled (%s)",
                        status.split()[0])
            return _answer(start_response, "200 OK")
        start_response(*answered)
        return body

    return application


def make_http_server(app: App, port: int, host: str = "0.0.0.0",
                     ops: OpsEndpoints | None = None,
                     mounts: Sequence[tuple[str, Callable]] = ()) -> WSGIServer:
    return make_server(host, port, wsgi_app(app, ops, mounts), **quiet_threading_server())


def serve_http(app: App, port: int, ops: OpsEndpoints | None = None,
               mounts: Sequence[tuple[str, Callable]] = ()) -> None:
    server = make_http_server(app, port, ops=ops, mounts=mounts)
    log.info("listening on port %s (POST %s, GET /healthz, GET /metrics)", port, EVENTS_PATH)
    server.serve_forever()


def serve_socket_mode(app: App, app_token: str, ops: OpsEndpoints | None = None,
                      health_port: int | None = None) -> None:
    handler = SocketModeHandler(app, app_token)
    if ops is not None:
        ops.health.socket_connected = handler.client.is_connected
        if health_port:
            serve_ops(ops, health_port)
    log.info("connecting to Slack in Socket Mode")
    handler.start()
