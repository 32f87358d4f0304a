"""The sandbox's clock: the real time plus an offset that only grows, so the page can jump to
the next planned moment (or a day ahead) while everything in between keeps ticking normally."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta


class ShiftingClock:
    def __init__(self, offset: timedelta = timedelta(0)) -> None:
        self._offset = offset
        self._lock = threading.Lock()

    @property
    def offset(self) -> timedelta:
        with self._lock:
            return self._offset

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def jump_to(self, moment: datetime) -> datetime:
        """Move to `moment` (aware); never backwards — time in a sandbox still only goes on."""
        if moment.tzinfo is None:
            raise ValueError("use an aware datetime")
        with self._lock:
            self._offset = max(self._offset, moment - datetime.now(UTC))
            return datetime.now(UTC) + self._offset

    def advance(self, delta: timedelta) -> datetime:
        with self._lock:
            self._offset += max(delta, timedelta(0))
            return datetime.now(UTC) + self._offset
