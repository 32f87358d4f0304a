"""GET /healthz and GET /metrics: what a load balancer, Docker or Prometheus asks the bot.

/healthz answers 200 when the database answers, this process's due-action sweep ran within
twice its interval and (in Socket Mode) the connection to Slack is up; otherwise 503, with the
failing part named. In HTTP mode both paths are served beside POST /slack/events; in Socket
Mode there is no server of ours, so `serve_ops` serves them on HEALTH_PORT when that is set.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterable
from datetime import timedelta
from wsgiref.simple_server import WSGIServer, make_server

from bot.clock import Clock
from bot.metrics import CONTENT_TYPE, Metrics
from bot.runtime import Runtime
from bot.scheduler import SWEEP_SECONDS

log = logging.getLogger(__name__)
OPS_PATHS = ("/healthz", "/metrics")


class Health:
    def __init__(self, runtime: Runtime, clock: Clock, sweep_seconds: int = SWEEP_SECONDS
                 ) -> None:
        self.runtime = runtime
        self.clock = clock
        self.sweep_within = timedelta(seconds=2 * sweep_seconds)
        # Set in Socket Mode: whether the WebSocket to Slack is open.
        self.socket_connected: Callable[[], bool] | None = None

    def check(self) -> tuple[bool, dict]:
        report: dict = {}
        failing = []
        try:
            # A raw connection: SQLAlchemy's begin (BEGIN IMMEDIATE on SQLite) would queue the
            # health check behind writers for a lock it does not need.
            connection = self.runtime.store.engine.raw_connection()
            try:
                cursor = connection.cursor()
                cursor.execute("SELECT 1")
                cursor.close()
            finally:
                connection.close()
            report["db"] = "ok"
        except Exception as error:  # any failure to answer is "down" for a health check
            log.debug("health check: database did not answer", exc_info=error)
            report["db"] = "unreachable"
            failing.append("db")
        swept = self.runtime.last_sweep_at
        ago = None if swept is None else (self.clock.now() - swept)
        report["last_sweep_seconds_ago"] = None if ago is None else int(ago.total_seconds())
        if ago is None or ago > self.sweep_within:
            failing.append("sweep")
        if self.socket_connected is not None:
            report["socket"] = "connected" if self.socket_connected() else "disconnected"
            if report["socket"] != "connected":
                failing.append("socket")
        if failing:
            report["failing"] = failing
        return not failing, report


class OpsEndpoints:
    """The WSGI side of /healthz and /metrics."""

    def __init__(self, health: Health, metrics: Metrics) -> None:
        self.health = health
        self.metrics = metrics

    def handles(self, environ: dict) -> bool:
        return environ.get("REQUEST_METHOD") == "GET" and environ.get("PATH_INFO") in OPS_PATHS

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/metrics":
            return _answer(start_response, "200 OK", CONTENT_TYPE, self.metrics.render())
        healthy, report = self.health.check()
        return _answer(start_response, "200 OK" if healthy else "503 Service Unavailable",
                       "application/json", json.dumps(report).encode())


def _answer(start_response: Callable, status: str, content_type: str, body: bytes
            ) -> list[bytes]:
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))])
    return [body]


def serve_ops(ops: OpsEndpoints, port: int, host: str = "0.0.0.0") -> WSGIServer:
    """Serve /healthz and /metrics alone on `port`, in a background thread (Socket Mode)."""
    from bot.server import quiet_threading_server

    def application(environ, start_response):
        if ops.handles(environ):
            return ops(environ, start_response)
        return _answer(start_response, "404 Not Found", "text/plain", b"not found")

    server = make_server(host, port, application, **quiet_threading_server())
    threading.Thread(target=server.serve_forever, name="health", daemon=True).start()
    log.info("health check and metrics on port %s (GET /healthz, GET /metrics)",
             server.server_port)
    return server
