"""Requests to the bot signed the way Slack signs them (v0 HMAC-SHA256 over timestamp and body).

Used by end-to-end tests to drive the real Bolt app over HTTP with request verification on.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Response:
    status: int
    body: str

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


def signature(secret: str, timestamp: str, body: bytes) -> str:
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


class SlackSender:
    """Posts slash commands, interactions and events to the bot as Slack would."""

    def __init__(self, url: str, signing_secret: str) -> None:
        self.url = url
        self.secret = signing_secret

    def _post(self, body: bytes, content_type: str, headers: dict[str, str] | None = None,
              secret: str | None = None, age_seconds: int = 0) -> Response:
        timestamp = str(int(time.time()) - age_seconds)
        request = urllib.request.Request(self.url, data=body, method="POST", headers={
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": signature(secret or self.secret, timestamp, body),
            **(headers or {}),
        })
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                return Response(answer.status, answer.read().decode())
        except urllib.error.HTTPError as error:
            return Response(error.code, error.read().decode())

    def command(self, fields: dict[str, str], **options: Any) -> Response:
        body = urllib.parse.urlencode(fields).encode()
        return self._post(body, "application/x-www-form-urlencoded", **options)

    def interaction(self, payload: dict[str, Any], **options: Any) -> Response:
        body = urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()
        return self._post(body, "application/x-www-form-urlencoded", **options)

    def event(self, envelope: dict[str, Any], retry: int | None = None,
              **options: Any) -> Response:
        headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} if (
            retry) else None
        return self._post(json.dumps(envelope).encode(), "application/json", headers=headers,
                          **options)
