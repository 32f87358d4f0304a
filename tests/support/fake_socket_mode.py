"""A fake Socket Mode server: the WebSocket end of Slack that a Socket Mode app connects to.

Slack hands a Socket Mode app a one-time `wss://` URL from `apps.connections.open` (the fake
Web API answers with this server's `ws://127.0.0.1:<port>/link/?ticket=…`, see
`FakeSlack.socket_mode`). On connect Slack says `hello`; then it sends envelopes
(`{"envelope_id", "type": "slash_commands" | "interactive" | "events_api", "payload",
"accepts_response_payload"}`), and the app acknowledges each by sending back
`{"envelope_id": …, "payload": …?}` within 3 seconds. This server records those
acknowledgements so a test can wait for them.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import ServerConnection, serve


class FakeSocketMode:
    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._connections: list[ServerConnection] = []
        self.acks: dict[str, dict[str, Any]] = {}
        self.received: list[dict[str, Any]] = []
        self._server = None
        self._thread: threading.Thread | None = None

    def start(self) -> FakeSocketMode:
        self._server = serve(self._serve, "127.0.0.1", 0)
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        name="fake-socket-mode", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            if self._thread is not None:
                self._thread.join(timeout=5)
            self._server = self._thread = None

    def __enter__(self) -> FakeSocketMode:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def new_url(self) -> str:
        """What apps.connections.open answers: a fresh ticket on this server."""
        port = self._server.socket.getsockname()[1]
        return f"ws://127.0.0.1:{port}/link/?ticket={secrets.token_hex(8)}"

    @property
    def connected(self) -> bool:
        with self._lock:
            return bool(self._connections)

    def _serve(self, connection: ServerConnection) -> None:
        connection.send(json.dumps({"type": "hello", "num_connections": 1,
                                    "connection_info": {"app_id": "A0FAKE"},
                                    "debug_info": {"host": "fake-socket-mode"}}))
        with self._lock:
            self._connections.append(connection)
        try:
            for message in connection:
                data = json.loads(message)
                with self._lock:
                    self.received.append(data)
                    if "envelope_id" in data:
                        self.acks[data["envelope_id"]] = data
        except ConnectionClosed:
            pass
        finally:
            with self._lock:
                self._connections.remove(connection)

    def send(self, kind: str, payload: dict[str, Any]) -> str:
        """Send one envelope to the connected app; returns its envelope_id."""
        envelope_id = secrets.token_hex(12)
        with self._lock:
            if not self._connections:
                raise AssertionError("no Socket Mode app is connected")
            connection = self._connections[-1]
        connection.send(json.dumps({"envelope_id": envelope_id, "type": kind,
                                    "accepts_response_payload": kind != "events_api",
                                    "payload": payload}))
        return envelope_id

    def wait_for_ack(self, envelope_id: str, timeout: float = 5.0) -> dict[str, Any]:
        return self._wait(lambda: self.acks.get(envelope_id), timeout,
                          f"envelope {envelope_id} was not acknowledged")

    def wait_connected(self, timeout: float = 30.0) -> None:
        self._wait(lambda: self.connected, timeout, "no Socket Mode app connected")

    def _wait(self, found, timeout: float, failure: str):
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                result = found()
            if result:
                return result
            if time.monotonic() >= deadline:
                raise AssertionError(failure)
            time.sleep(0.02)
