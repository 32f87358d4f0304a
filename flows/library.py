"""The content library: methods, the meeting frame and the decks, loaded and checked once.

Content files never change while the bot runs, so one validated copy serves every meeting.
"""

from __future__ import annotations

from functools import cache

from flows.cards import Deck, load_decks
from flows.methods import Frame, Method, load_frame, load_methods

DEFAULT_METHOD = "ten_step"  # clear steps: the sources advise it for groups that start out
DEFAULT_DECK = "reflection"  # what `/intervisie card` draws from outside a phase with a deck


@cache
def decks() -> dict[str, Deck]:
    return load_decks()


@cache
def methods() -> dict[str, Method]:
    return load_methods(decks())


@cache
def frame() -> Frame:
    return load_frame(decks())


def method(method_id: str | None) -> Method:
    """The method with this id, or the default one when it is unknown (content removed)."""
    return methods().get(method_id or "", methods()[DEFAULT_METHOD])
