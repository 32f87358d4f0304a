"""What the running meeting's decisions need and return: the context loaded by the shell, the
outcome it saves, the message keys, and the messages that show the meeting.

Every message of a running meeting has a key, so a retried event or a restarted bot never
posts twice; the opening and each phase's message are later updated through the same key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime

from flows.actions import Action, FollowUp
from flows.cases import Case
from flows.effects import Effect, Message, Post, Reject, Update
from flows.flipover import Checkout, Contribution
from flows.group import Group
from flows.live import LiveMeeting, TimerPlanned
from flows.meeting import Meeting
from flows.texts import t


@dataclass(frozen=True)
class Cards:
    """The shuffled order of every deck for this meeting, and what was drawn so far."""

    orders: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    drawn: tuple[tuple[str, str], ...] = ()  # (deck, card id) in the order they were drawn

    def drawn_from(self, deck: str) -> tuple[str, ...]:
        return tuple(card for d, card in self.drawn if d == deck)


@dataclass(frozen=True)
class LiveContext:
    """A meeting with its running state and everything collected in it."""

    group: Group
    meeting: Meeting
    live: LiveMeeting | None  # None until the opening was posted
    cards: Cards = Cards()
    cases: tuple[Case, ...] = ()
    contributions: tuple[Contribution, ...] = ()
    actions: tuple[Action, ...] = ()
    checkouts: tuple[Checkout, ...] = ()
    next_meeting: Meeting | None = None
    # The actions of the previous meeting with their report back (or None): the look back.
    looking_back: tuple[tuple[Action, FollowUp | None], ...] = ()
    previous_meeting: Meeting | None = None
    revision: int = 0  # grows with every change shown in Slack; orders message updates

    @property
    def language(self) -> str:
        return self.group.language

    @property
    def meeting_id(self) -> int:
        assert self.meeting.id is not None
        return self.meeting.id

    @property
    def may_control(self) -> frozenset[str]:
        """The facilitator and the coordinators run the clock."""
        facilitator = {self.meeting.facilitator} if self.meeting.facilitator else set()
        return frozenset(self.group.coordinators) | facilitator

    def case_bringer(self, case_number: int | None) -> str | None:
        bringers = self.meeting.case_bringers
        position = (case_number or 1) - 1
        return bringers[position] if position < len(bringers) else None

    def case_of(self, user: str | None) -> Case | None:
        return next((c for c in self.cases if c.case_bringer == user), None)


@dataclass(frozen=True)
class LiveOutcome:
    """What to save and what to send after one event of a running meeting."""

    effects: tuple[Effect, ...] = ()
    live: LiveMeeting | None = None  # the new running state, when it changed
    cards: Cards | None = None
    meeting: Meeting | None = None
    contributions: tuple[Contribution, ...] = ()  # new or changed
    actions: tuple[Action, ...] = ()
    checkout: Checkout | None = None
    timers: tuple[TimerPlanned, ...] = ()
    cancel_timers: bool = False

    def then(self, other: LiveOutcome) -> LiveOutcome:
        """This outcome followed by `other` (whose saved state wins)."""
        return LiveOutcome(
            effects=self.effects + other.effects, live=other.live or self.live,
            cards=other.cards or self.cards, meeting=other.meeting or self.meeting,
            contributions=self.contributions + other.contributions,
            actions=self.actions + other.actions, checkout=other.checkout or self.checkout,
            timers=other.timers if other.cancel_timers else self.timers + other.timers,
            cancel_timers=self.cancel_timers or other.cancel_timers)


def opening_key(meeting_id: int) -> str:
    return f"live:{meeting_id}:opening"


def phase_key(meeting_id: int, entry_version: int) -> str:
    return f"live:{meeting_id}:phase:{entry_version}"


def summary_key(meeting_id: int) -> str:
    return f"live:{meeting_id}:summary"


def refuse(context: LiveContext, key: str, **params: object) -> LiveOutcome:
    return LiveOutcome(effects=(Reject(t(key, **params), context.language),))


def live_message(kind: str, context: LiveContext, now: datetime | None, **extra: object
                 ) -> Message:
    """A message of the running meeting; bot/render/live draws it from the whole context."""
    return Message(kind, context.language, {"context": context, "now": now, **extra})


def in_thread(context: LiveContext, message: Message, key: str) -> Post:
    return Post(context.group.channel_id, message, key=key,
                thread_key=opening_key(context.meeting_id))


def update_opening(context: LiveContext, now: datetime) -> Update:
    return Update(opening_key(context.meeting_id), live_message("live_opening", context, now),
                  revision=context.revision)


def update_phase(context: LiveContext, entry_version: int, index: int, now: datetime
                 ) -> Update:
    """Redraw a phase's message: its flip-over, and buttons only while it is the current one."""
    live = context.live
    current = bool(live and live.entry_version == entry_version and live.index == index
                   and live.status.value in ("running", "paused"))
    return Update(phase_key(context.meeting_id, entry_version),
                  live_message("live_phase", context, now, index=index, current=current,
                               entry_version=entry_version),
                  revision=context.revision)


def bumped(context: LiveContext, **changes: object) -> LiveContext:
    """The context after a change that Slack will show: one revision further."""
    return replace(context, revision=context.revision + 1, **changes)
