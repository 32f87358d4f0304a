"""Pacing deliveries at Slack's rate, so a storm of due work does not cause 429s.

Slack allows about one message a second per channel (short bursts pass), and each method a
number of calls a minute by its tier. Token buckets on the monotonic clock say how long a
conversation or a method has to wait; the deliverer sends what may go now and waits (on its
own thread, never in a listener's acknowledgement) only when nothing may.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

PER_CHANNEL = (1.0, 3)  # a message a second per channel, bursts of 3
# Calls a minute per tier (Slack's documented minimums), as (seconds per call, burst).
TIER_2, TIER_3, TIER_4 = (3.0, 5), (1.2, 10), (0.6, 20)
METHOD_TIERS = {"update": TIER_3, "delete": TIER_3, "home": TIER_4, "file": TIER_2,
                "dm": TIER_3}  # a DM opens its conversation first (conversations.open)


@dataclass
class _Bucket:
    every: float
    burst: int
    tokens: float = field(init=False)
    at: float = 0.0

    def __post_init__(self) -> None:
        self.tokens = float(self.burst)

    def refill(self, now: float) -> None:
        self.tokens = min(self.burst, self.tokens + (now - self.at) / self.every)
        self.at = now

    def wait(self, now: float) -> float:
        self.refill(now)
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) * self.every


class Pacer:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def _bucket(self, name: str, rate: tuple[float, int]) -> _Bucket:
        found = self._buckets.get(name)
        if found is None:
            found = self._buckets[name] = _Bucket(*rate, at=self.clock())
        return found

    def _buckets_for(self, conversation: str, op: str) -> list[_Bucket]:
        # Slack's per-channel limit is on posting; redraws and deletions count per method.
        buckets = [self._bucket(f"conversation:{conversation}", PER_CHANNEL)] if op in (
            "post", "dm", "file") else []
        if op in METHOD_TIERS:
            buckets.append(self._bucket(f"method:{op}", METHOD_TIERS[op]))
        return buckets

    def wait(self, conversation: str, op: str) -> float:
        """Seconds until a call of `op` in `conversation` may go (0: now)."""
        with self._lock:
            now = self.clock()
            return max((bucket.wait(now) for bucket in self._buckets_for(conversation, op)),
                       default=0.0)

    def take(self, conversation: str, op: str) -> None:
        with self._lock:
            now = self.clock()
            for bucket in self._buckets_for(conversation, op):
                bucket.refill(now)
                bucket.tokens -= 1

    def blocked(self) -> tuple[str, ...]:
        """The conversations that have to wait for their next message."""
        with self._lock:
            now = self.clock()
            return tuple(name.removeprefix("conversation:")
                         for name, bucket in self._buckets.items()
                         if name.startswith("conversation:") and bucket.wait(now) > 0)
