"""The sandbox page's web server (standard library only): the page and its script, the JSON
state one person sees, the gestures they make, the clock controls, and the files the bot sent.

Everything the page does goes to the bot through the Slack stand-in, as in Slack; this server
never touches the database. Answers are JSON; a bad request gets a 400, never a traceback.
"""

from __future__ import annotations

import json
import logging
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from bot.sandbox.page import PageView

log = logging.getLogger(__name__)
STATIC = {"/": ("index.html", "text/html; charset=utf-8"),
          "/sandbox.css": ("sandbox.css", "text/css; charset=utf-8"),
          "/sandbox.js": ("sandbox.js", "text/javascript; charset=utf-8")}
MAX_BODY = 1_000_000
POST_PATHS = frozenset({"/api/send", "/api/action", "/api/submit", "/api/close", "/api/home",
                        "/api/clock"})


def make_web_server(sandbox, host: str, port: int) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer((host, port), _Handler)
    server.daemon_threads = True
    server.sandbox = sandbox  # type: ignore[attr-defined]
    return server


class _Handler(BaseHTTPRequestHandler):
    server: ThreadingHTTPServer

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s - %s", self.address_string(), format % args)

    @property
    def sandbox(self):
        return self.server.sandbox  # type: ignore[attr-defined]

    def do_GET(self) -> None:
        try:
            self._get()
        except Exception:  # a bug in the sandbox: say so, never leave the page hanging
            log.exception("sandbox page: GET %s failed", urlsplit(self.path).path)
            self._json(500, {"ok": False, "error": "the sandbox failed; see its output"})

    def _get(self) -> None:
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if url.path in STATIC:
            name, kind = STATIC[url.path]
            body = resources.files("bot.sandbox").joinpath("static", name).read_bytes()
            return self._send(200, body, kind)
        if url.path == "/api/state":
            user = query.get("as") or self.sandbox.demo.people[0].id
            channel = query.get("conv") or self.sandbox.demo.channel_id
            view = PageView(self.sandbox, user)
            state = view.state(channel, query.get("thread") or None)
            state["people"] = [{"id": p.id, "name": p.real_name, "role": p.role}
                               for p in self.sandbox.demo.people]
            state["team"] = self.sandbox.demo.team_name
            return self._json(200, state)
        if url.path.startswith("/files/"):
            file_id = url.path.removeprefix("/files/")
            shared = next((f for f in self.sandbox.slack.files if f.id == file_id), None)
            if shared is None:
                return self._json(404, {"ok": False, "error": "file_not_found"})
            kind = "text/calendar" if shared.filename.endswith(".ics") else (
                "text/csv" if shared.filename.endswith(".csv") else "application/octet-stream")
            return self._send(200, shared.content, kind, {
                "Content-Disposition": f"attachment; filename*=UTF-8''{quote(shared.filename)}"})
        self._json(404, {"ok": False, "error": "not_found"})

    def do_POST(self) -> None:
        try:
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                return self._json(413, {"ok": False, "error": "too large"})
            data = json.loads(self.rfile.read(length) or b"{}")
            if not isinstance(data, dict):
                raise ValueError("expected an object")
            answer = self._post(urlsplit(self.path).path, data)
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            return self._json(400, {"ok": False, "error": f"bad request: {error}"})
        except Exception:  # a bug in the sandbox: say so, never leave the page hanging
            log.exception("sandbox page: POST %s failed", urlsplit(self.path).path)
            return self._json(500, {"ok": False, "error": "the sandbox failed; see its output"})
        if answer is None:
            return self._json(404, {"ok": False, "error": "not_found"})
        self._json(200, answer)

    def _post(self, path: str, data: dict) -> dict | None:
        sandbox = self.sandbox
        gestures = sandbox.gestures
        user = str(data.get("as") or "")
        if path not in POST_PATHS:
            return None
        if path != "/api/clock" and sandbox.demo.person(user) is None:
            raise ValueError("unknown person")
        if path == "/api/send":
            text = str(data.get("text") or "").strip()
            channel = str(data.get("conv") or sandbox.demo.channel_id)
            thread = data.get("thread") or None
            if text.startswith("/"):
                status, _ = gestures.command(user, channel, text, thread)
                return {"ok": status == 200, "status": status}
            if text:
                sandbox.slack.post_as(user, channel, text, thread)
            return {"ok": True}
        if path == "/api/action":
            status, _ = gestures.action(user, data["where"], str(data.get("block_id", "")),
                                           str(data["action_id"]), data.get("value"),
                                           list(data.get("state") or []))
            return {"ok": status == 200, "status": status}
        if path == "/api/submit":
            return gestures.submit(user, list(data.get("state") or []))
        if path == "/api/close":
            return gestures.close(user, list(data.get("state") or []))
        if path == "/api/home":
            status, _ = gestures.home_opened(user)
            return {"ok": status == 200}
        if path == "/api/clock":
            return self._clock(data)
        return None

    def _clock(self, data: dict) -> dict:
        sandbox = self.sandbox
        op = data.get("op")
        if op == "next":
            due = sandbox.jump_to_next()
            return {"ok": True, "jumped": due.isoformat() if due else None}
        if op == "day":
            sandbox.advance(timedelta(days=1))
            return {"ok": True}
        if op == "speed":
            speed = float(data.get("speed", 1))
            if not 0 < speed <= 3600:
                raise ValueError("speed must be above 0 and at most 3600")
            sandbox.set_speed(speed)
            return {"ok": True}
        raise ValueError("op must be next, day or speed")

    # -- answers ---------------------------------------------------------------------------

    def _json(self, status: int, body: dict) -> None:
        self._send(status, json.dumps(body).encode(), "application/json; charset=utf-8")

    def _send(self, status: int, body: bytes, kind: str,
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)
