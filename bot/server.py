"""HTTP mode: Bolt's WSGI handler at POST /slack/events plus GET /healthz, on a threaded server.

Socket Mode needs no server of ours; `serve_socket_mode` keeps the connection to Slack open.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.wsgi import SlackRequestHandler

log = logging.getLogger(__name__)
EVENTS_PATH = "/slack/events"


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args) -> None:
        log.debug("%s - %s", self.address_string(), format % args)


def wsgi_app(app: App, charts: Callable | None = None):
    slack = SlackRequestHandler(app, path=EVENTS_PATH)

    def application(environ, start_response):
        if charts is not None and (environ.get("PATH_INFO") or "").startswith("/charts/"):
            return charts(environ, start_response)
        if environ.get("PATH_INFO") == "/healthz" and environ.get("REQUEST_METHOD") == "GET":
            body = json.dumps({"ok": True}).encode()
            start_response("200 OK", [("Content-Type", "application/json"),
                                      ("Content-Length", str(len(body)))])
            return [body]
        return slack(environ, start_response)

    return application


def make_http_server(app: App, port: int, host: str = "0.0.0.0",
                     charts: Callable | None = None) -> WSGIServer:
    return make_server(host, port, wsgi_app(app, charts), server_class=_ThreadingServer,
                       handler_class=_QuietHandler)


def serve_http(app: App, port: int, charts: Callable | None = None) -> None:
    server = make_http_server(app, port, charts=charts)
    log.info("listening on port %s (POST %s, GET /healthz)", port, EVENTS_PATH)
    server.serve_forever()


def serve_socket_mode(app: App, app_token: str) -> None:
    log.info("connecting to Slack in Socket Mode")
    SocketModeHandler(app, app_token).start()
