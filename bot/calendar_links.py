"""Members' secret calendar addresses: made, shown again, and revoked.

A token is an HMAC of a random nonce under the bot's secret: the database keeps the nonce and
the token's SHA-256 only, so a copy of the database gives no working address, while the bot
can still show a member the address they already have.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from storage.repositories import UnitOfWork

PATH_PREFIX = "/calendar/"
SUFFIX = ".ics"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class CalendarLinks:
    public_url: str  # e.g. https://intervisie.example.org, without a trailing slash
    secret: str

    def _token(self, nonce: str) -> str:
        mac = hmac.new(self.secret.encode(), f"intervisie-calendar:{nonce}".encode(),
                       hashlib.sha256).digest()
        return base64.urlsafe_b64encode(mac).decode().rstrip("=")

    def url(self, token: str) -> str:
        return f"{self.public_url}{PATH_PREFIX}{token}{SUFFIX}"

    def _new(self, work: UnitOfWork, group_id: int, user_id: str, now: datetime) -> str:
        nonce = secrets.token_urlsafe(16)
        token = self._token(nonce)
        work.calendar.add_token(group_id, user_id, nonce, digest(token), now)
        return self.url(token)

    def address(self, work: UnitOfWork, group_id: int, user_id: str, now: datetime) -> str:
        """The person's current address for the group, made on first use."""
        row = work.calendar.current_token(group_id, user_id)
        if row is not None and hmac.compare_digest(row.token_hash,
                                                   digest(self._token(row.nonce))):
            return self.url(self._token(row.nonce))
        if row is not None:
            # Made under another secret: it still works until revoked, but cannot be shown.
            work.calendar.revoke(group_id, user_id, now)
        return self._new(work, group_id, user_id, now)

    def renew(self, work: UnitOfWork, group_id: int, user_id: str, now: datetime) -> str:
        """Revoke the person's addresses for the group and make a new one."""
        work.calendar.revoke(group_id, user_id, now)
        return self._new(work, group_id, user_id, now)
