"""The flip-over (flap-over): contributions collected in a phase, and what the case bringer
does with them — rate them cold, warm or neutral, mark them, or choose them as actions.

A contribution is intervision material: it is shown only to the group and is deleted with the
group's retention schedule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from flows.texts import Text, t

TEXT_MAX = 500  # a flip-over line, not an essay
# What someone wrote in a phase where they were to stay silent: kept for them alone, offered
# again when they may add, and shown nowhere else (no flip-over, no summary).
HELD = "held"


class Rating(StrEnum):
    """Ten-step method: how close a question comes to the heart of the matter."""

    COLD = "cold"
    WARM = "warm"
    NEUTRAL = "neutral"


@dataclass(frozen=True)
class Contribution:
    """A contribution (bijdrage): a question, redefinition, idea, reflection or take-away."""

    meeting_id: int
    group_id: int
    phase_index: int  # where on the agenda it was added
    case_number: int | None  # which case, when the meeting handles more than one
    kind: str  # one of flows.methods.KINDS
    author: str
    text: str
    factor: str | None = None  # success factors: own_action or environment
    rating: Rating | None = None
    marked: bool = False
    chosen: bool = False
    id: int | None = None


@dataclass(frozen=True)
class Checkout:
    """One member's check-out: how useful the meeting was (1–5) and one take-away."""

    meeting_id: int
    user_id: str
    score: int
    takeaway: str = ""


SCORES = (1, 2, 3, 4, 5)


def check_text(text: str, field_name: str = "text") -> dict[str, Text]:
    """Field errors for one flip-over line (empty when it is fine)."""
    stripped = text.strip()
    if not stripped:
        return {field_name: t("live.error.text_missing")}
    if len(stripped) > TEXT_MAX:
        return {field_name: t("live.error.text_long", count=len(stripped), most=TEXT_MAX)}
    return {}


def held_for(contributions: Iterable[Contribution], user: str) -> tuple[Contribution, ...]:
    """What `user` wrote while silent and has not placed yet, oldest first."""
    return tuple(c for c in contributions if c.kind == HELD and c.author == user)


def of_kind(contributions: Iterable[Contribution], kind: str | None,
            case_number: int | None) -> tuple[Contribution, ...]:
    """The contributions of one kind for one case, in the order they were added."""
    return tuple(c for c in contributions
                 if c.kind == kind and c.case_number == case_number)


def average_score(checkouts: Iterable[Checkout]) -> float | None:
    scores = [c.score for c in checkouts]
    return round(sum(scores) / len(scores), 1) if scores else None
