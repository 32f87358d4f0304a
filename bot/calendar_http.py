"""GET /calendar/<token>.ics: a member's calendar, built from the database on every request.

Served next to Slack's requests in HTTP mode (see `bot.server`). An unknown, revoked or
malformed address gets 404 — the same answer, so addresses cannot be probed. The feed's bytes
only change when something in it does, so its ETag lets calendar clients poll cheaply (304).
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable

from bot.calendar_links import PATH_PREFIX, SUFFIX
from bot.calendar_use_cases import member_feed
from bot.clock import Clock
from storage.repositories import Store

log = logging.getLogger(__name__)
ADDRESS = re.compile(rf"^{re.escape(PATH_PREFIX)}([A-Za-z0-9_-]{{20,100}}){re.escape(SUFFIX)}$")
# Private: the address is personal. Outlook and Google poll every few hours anyway.
CACHE_CONTROL = "private, max-age=900"


def redact(path: str) -> str:
    """The path with its secret token left out, for logs."""
    return re.sub(rf"{re.escape(PATH_PREFIX)}[^/?\s]+", f"{PATH_PREFIX}…", path)


def _plain(start_response, status: str, text: str, headers: list | None = None) -> list[bytes]:
    body = text.encode()
    start_response(status, [("Content-Type", "text/plain; charset=utf-8"),
                            ("Content-Length", str(len(body))), *(headers or [])])
    return [body]


def _etag_matches(header: str, etag: str) -> bool:
    tags = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return etag in tags or "*" in tags


def application(store: Store, clock: Clock) -> Callable:
    def serve(environ, start_response):
        method = environ.get("REQUEST_METHOD", "GET")
        if method not in ("GET", "HEAD"):
            return _plain(start_response, "405 Method Not Allowed", "GET only\n",
                          [("Allow", "GET, HEAD")])
        match = ADDRESS.match(environ.get("PATH_INFO") or "")
        if match is None:
            return _plain(start_response, "404 Not Found", "No such calendar\n")
        try:
            with store.unit_of_work() as work:
                body = member_feed(work, match[1], clock.now())
        except Exception as error:  # the database is away: say so in one line, not a trace
            log.error("calendar address: could not read the database (%s)",
                      type(error).__name__)
            return _plain(start_response, "503 Service Unavailable", "Try again later\n",
                          [("Retry-After", "300")])
        if body is None:
            return _plain(start_response, "404 Not Found", "No such calendar\n")
        etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
        cache = [("ETag", etag), ("Cache-Control", CACHE_CONTROL)]
        if _etag_matches(environ.get("HTTP_IF_NONE_MATCH", ""), etag):
            start_response("304 Not Modified", cache)
            return [b""]
        start_response("200 OK", [("Content-Type", "text/calendar; charset=utf-8"),
                                  ("Content-Length", str(len(body))),
                                  ("Content-Disposition", 'inline; filename="intervisie.ics"'),
                                  *cache])
        return [b""] if method == "HEAD" else [body]

    return serve
