"""Who brings a case and who leads the next meeting: a fair, deterministic role proposal.

Proposes the case bringer(s) (casusinbrenger) and the facilitator (gespreksleider) of an
upcoming meeting from the group's past meetings. Fairness is "longest ago first": whoever did
the role longest ago, or never, is next; ties go by the group's member order, so the same
input always gives the same proposal. The coordinator confirms or changes it; what is already
confirmed comes back in as `keep` and is never overruled.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from flows.meeting import Meeting

CASE_BRINGER_COUNTS = (1, 2)

# Stands in for "never" in sort keys; it is only compared with itself (see `_fair_order`).
_NEVER = datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True)
class RoleHistory:
    """Who held the roles in one earlier meeting (held, or planned before the one proposed)."""

    start: datetime  # aware UTC
    case_bringers: tuple[str, ...] = ()
    facilitator: str | None = None
    cancelled: bool = False  # a cancelled meeting gave nobody a turn

    @classmethod
    def from_meeting(cls, meeting: Meeting) -> RoleHistory:
        return cls(meeting.start, meeting.case_bringers, meeting.facilitator, meeting.cancelled)


@dataclass(frozen=True)
class Proposal:
    """Proposed roles for one meeting, and how many could not be filled."""

    case_bringers: tuple[str, ...] = ()
    facilitator: str | None = None
    short_of_case_bringers: int = 0
    short_of_facilitator: bool = False

    @property
    def complete(self) -> bool:
        return self.short_of_case_bringers == 0 and not self.short_of_facilitator


def _roster(members: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(members))


def _counted(history: Iterable[RoleHistory], before: datetime) -> list[RoleHistory]:
    """The meetings that gave someone a turn, oldest first."""
    return sorted((h for h in history if not h.cancelled and h.start < before),
                  key=lambda h: h.start)


def _last_turns(counted: list[RoleHistory],
                holders: Callable[[RoleHistory], Iterable[str | None]]) -> dict[str, datetime]:
    last: dict[str, datetime] = {}
    for meeting in counted:  # oldest first, so later turns overwrite earlier ones
        for person in holders(meeting):
            if person is not None:
                last[person] = meeting.start
    return last


def _fair_order(roster: tuple[str, ...], last: dict[str, datetime],
                skip: Collection[str]) -> tuple[str, ...]:
    """Never first, then longest ago; ties by member order (the coordinator's order)."""
    position = {person: index for index, person in enumerate(roster)}

    def key(person: str) -> tuple[bool, datetime, int]:
        # The flag sorts "never" apart, so _NEVER is only ever compared with itself and
        # naive or aware starts never meet it.
        return (person in last, last.get(person, _NEVER), position[person])

    return tuple(sorted((p for p in roster if p not in skip), key=key))


def case_bringer_queue(members: Sequence[str], history: Iterable[RoleHistory],
                       before: datetime, *, absent: Collection[str] = (),
                       passes: Collection[str] = (),
                       volunteers: Sequence[str] = ()) -> tuple[str, ...]:
    """Everyone who could bring a case to the meeting starting at `before`, next first.

    Volunteers come first, in the order they volunteered; then the fair order. Absent members
    and those who pass are left out this time only: nothing is recorded for them, so they keep
    their place and are first in line next time. Someone who both volunteers and passes counts
    as passing, so nobody is put forward against their latest word.
    """
    roster = _roster(members)
    last = _last_turns(_counted(history, before), lambda h: h.case_bringers)
    unavailable = set(absent) | set(passes)
    eager = tuple(dict.fromkeys(
        v for v in volunteers if v in roster and v not in unavailable))
    return eager + _fair_order(roster, last, unavailable | set(eager))


def facilitator_queue(members: Sequence[str], history: Iterable[RoleHistory],
                      before: datetime, *, absent: Collection[str] = (),
                      case_bringers: Collection[str] = ()) -> tuple[str, ...]:
    """Everyone who could facilitate the meeting starting at `before`, next first.

    The case bringers of that meeting are left out: one cannot guide the process and bring
    the case at once. Whoever facilitated the previous meeting did it most recently of all, so
    the fair order already puts them last: they are proposed again only when nobody else can.
    A pass is about bringing a case, so someone who passes may still facilitate.
    """
    roster = _roster(members)
    last = _last_turns(_counted(history, before), lambda h: (h.facilitator,))
    return _fair_order(roster, last, set(absent) | set(case_bringers))


def _kept(keep: Proposal | None, roster: tuple[str, ...],
          absent: Collection[str]) -> tuple[tuple[str, ...], str | None]:
    """The confirmed roles that still stand.

    A confirmed person who has since left or reported absent cannot take the role, so that
    role is filled again instead of proposing someone who will not be there.
    """
    if keep is None:
        return (), None
    able = [p for p in roster if p not in absent]
    case_bringers = tuple(p for p in dict.fromkeys(keep.case_bringers) if p in able)
    facilitator = keep.facilitator
    if facilitator not in able or facilitator in case_bringers:
        facilitator = None
    return case_bringers, facilitator


def propose_roles(members: Sequence[str], history: Iterable[RoleHistory], *,
                  before: datetime, case_bringer_count: int = 1,
                  absent: Collection[str] = (), volunteers: Sequence[str] = (),
                  passes: Collection[str] = (), keep: Proposal | None = None) -> Proposal:
    """Propose the roles for the meeting starting at `before` (aware UTC).

    `members` is the group as it is now (people who left are simply not in it) in the
    coordinator's order; only `history` that started before `before` and was not cancelled
    counts. `keep` holds roles the coordinator already confirmed; only the rest is filled.
    Case bringers are filled before the facilitator: without a case there is nothing to
    discuss, while a small group can chair itself. What cannot be filled is reported as short.
    """
    if case_bringer_count not in CASE_BRINGER_COUNTS:
        raise ValueError(f"case_bringer_count must be 1 or 2, not {case_bringer_count}")
    history = tuple(history)  # read twice below; it may be a one-shot iterator
    roster = _roster(members)
    kept_case_bringers, kept_facilitator = _kept(keep, roster, absent)

    queue = case_bringer_queue(roster, history, before, absent=absent, passes=passes,
                               volunteers=volunteers)
    taken = {*kept_case_bringers, kept_facilitator}
    missing = max(0, case_bringer_count - len(kept_case_bringers))
    case_bringers = kept_case_bringers + tuple(p for p in queue if p not in taken)[:missing]

    facilitator = kept_facilitator
    if facilitator is None:
        candidates = facilitator_queue(roster, history, before, absent=absent,
                                       case_bringers=case_bringers)
        facilitator = candidates[0] if candidates else None

    return Proposal(case_bringers=case_bringers, facilitator=facilitator,
                    short_of_case_bringers=max(0, case_bringer_count - len(case_bringers)),
                    short_of_facilitator=facilitator is None)
