"""HTTP mode: Bolt's WSGI handler at POST /slack/events plus GET /healthz, on a threaded server.

Socket Mode needs no server of ours; `serve_socket_mode` keeps the connection to Slack open.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.calendar_http import redact

log = logging.getLogger(__name__)
EVENTS_PATH = "/slack/events"


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args) -> None:
        # A calendar address is a secret: never in a log, not even at DEBUG.
        log.debug("%s - %s", self.address_string(), redact(format % args))


def wsgi_app(app: App, mounts: Sequence[tuple[str, Callable]] = ()):
    """Slack's requests, /healthz, and each (path prefix, WSGI app) in `mounts`."""
    slack = SlackRequestHandler(app, path=EVENTS_PATH)

    def application(environ, start_response):
        path = environ.get("PATH_INFO") or ""
        for prefix, mounted in mounts:
            if path.startswith(prefix):
                return mounted(environ, start_response)
        if environ.get("PATH_INFO") == "/healthz" and environ.get("REQUEST_METHOD") == "GET":
            body = json.dumps({"ok": True}).encode()
            start_response("200 OK", [("Content-Type", "application/json"),
                                      ("Content-Length", str(len(body)))])
            return [body]
        return slack(environ, start_response)

    return application


def make_http_server(app: App, port: int, host: str = "0.0.0.0",
                     mounts: Sequence[tuple[str, Callable]] = ()) -> WSGIServer:
    return make_server(host, port, wsgi_app(app, mounts), server_class=_ThreadingServer,
                       handler_class=_QuietHandler)


def serve_http(app: App, port: int, mounts: Sequence[tuple[str, Callable]] = ()) -> None:
    server = make_http_server(app, port, mounts=mounts)
    log.info("listening on port %s (POST %s, GET /healthz)", port, EVENTS_PATH)
    server.serve_forever()


def serve_socket_mode(app: App, app_token: str) -> None:
    log.info("connecting to Slack in Socket Mode")
    SocketModeHandler(app, app_token).start()
