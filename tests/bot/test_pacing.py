"""Pacing: about one message a second per channel after a short burst, redraws by their
method's tier, and one channel's backlog does not hold up another."""

from itertools import pairwise

from bot.pacing import Pacer


class Monotonic:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def send_all(pacer: Pacer, clock: Monotonic, conversation: str, op: str, count: int
             ) -> list[float]:
    """When each of `count` calls may go, waiting as the deliverer does."""
    moments = []
    for _ in range(count):
        clock.now += pacer.wait(conversation, op)
        pacer.take(conversation, op)
        moments.append(clock.now)
    return moments


def test_a_burst_then_one_message_a_second_per_channel():
    clock = Monotonic()
    pacer = Pacer(clock)
    moments = send_all(pacer, clock, "C1", "post", 10)
    assert moments[:3] == [0.0, 0.0, 0.0]
    assert moments[-1] >= 6.9  # the other seven at one a second
    assert all(b - a <= 1.0 + 1e-9 for a, b in pairwise(moments))
    assert pacer.blocked() == ("C1",)
    assert pacer.wait("C2", "post") == 0  # another channel goes at once


def test_redraws_are_paced_by_their_tier_not_by_the_channel():
    clock = Monotonic()
    pacer = Pacer(clock)
    send_all(pacer, clock, "C1", "post", 3)
    assert pacer.wait("C1", "update") == 0
    moments = send_all(pacer, clock, "C1", "update", 20)
    assert 11 < moments[-1] < 13  # Tier 3: a burst of ten, then about fifty a minute
