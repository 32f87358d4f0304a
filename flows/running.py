"""The running meeting in the channel: the opening, Start, the facilitator's controls, the
phase timers, the method choice and the card draws.

Wraps the phase clock (flows.live) with who may do what, and turns each change into the
messages that show it: the opening kept current, one message per phase in its thread.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import datetime

from flows import library
from flows.cards import Deck, draw, shuffled_order
from flows.effects import DirectMessage, Message, Post, UpdateOrigin
from flows.facilitating import not_heard_note, signal
from flows.live import (
    AgendaPhase,
    BackRequested,
    Begun,
    EndRequested,
    Extended,
    ExtendRequested,
    Halfway,
    HeadsUp,
    LiveMeeting,
    LiveStatus,
    MeetingEnded,
    NextRequested,
    Nudged,
    Paused,
    PauseRequested,
    PhaseChanged,
    Refusal,
    Resumed,
    ResumeRequested,
    SkipRequested,
    Started,
    TimeIsUp,
    TimerFired,
    TimerKind,
    TimerPlanned,
    TimersCancelled,
    plan_agenda,
    start_live,
    step,
)
from flows.live_context import (
    Cards,
    LiveContext,
    LiveOutcome,
    bumped,
    in_thread,
    live_message,
    opening_key,
    phase_key,
    refuse,
    update_opening,
    update_phase,
)
from flows.meeting import MeetingStatus
from flows.methods import Method
from flows.summary import closing
from flows.written import WRITTEN, plan_for, tempo_of, written_agenda
from flows.written_round import nudges, written_attendance
from flows.written_round import opened as written_opened

CONTROLS = {"next": NextRequested, "back": BackRequested, "extend": ExtendRequested,
            "pause": PauseRequested, "resume": ResumeRequested, "skip": SkipRequested,
            "end": EndRequested}
SIGNALS = "signals"  # the panel's switch: the clock's signals by direct message, or not


@dataclass(frozen=True)
class OpeningDue:
    """The meeting's start time came: post the opening with its Start button."""

    meeting_id: int


@dataclass(frozen=True)
class StartRequested:
    """The Start button, or `/intervisie start` (the shell found or made the meeting)."""

    user: str
    meeting_id: int


@dataclass(frozen=True)
class ControlPressed:
    user: str
    meeting_id: int
    control: str  # a key of CONTROLS
    version: int  # of the state the button was drawn with


@dataclass(frozen=True)
class MethodChosen:
    user: str
    meeting_id: int
    method_id: str


@dataclass(frozen=True)
class LiveTimerDue:
    meeting_id: int
    kind: TimerKind
    phase_index: int
    version: int


@dataclass(frozen=True)
class CardRequested:
    """The Draw a card button, or `/intervisie card [theme]`."""

    user: str
    meeting_id: int
    theme_word: str | None = None


def preferred_method(context: LiveContext) -> Method:
    """The case bringer's preference from the intake form, else the group's default."""
    methods = library.methods()
    for user in context.meeting.case_bringers:
        case = context.case_of(user)
        if case and case.submitted and case.submitted.method in methods:
            return methods[case.submitted.method]
    return library.method(context.group.method_id)


def agenda_for(method: Method, context: LiveContext, speed: float) -> tuple[AgendaPhase, ...]:
    """The method in the frame, fitted to the meeting; a meeting too short for even the
    minimum minutes runs at those minimums (it will overrun, and the clock says so)."""
    frame = library.frame()
    cases = max(1, len(context.meeting.case_bringers))
    try:
        return plan_agenda(method, frame, context.meeting.duration_minutes, cases, speed)
    except ValueError:
        runs = max(method.cases_per_meeting, cases)
        floor = (sum(p.min_minutes for p in frame.phases)
                 + runs * sum(p.min_minutes for p in method.phases))
        return plan_agenda(method, frame, floor, cases, speed)


def open_meeting(context: LiveContext, now: datetime, speed: float,
                 rng: random.Random) -> tuple[LiveContext, LiveOutcome]:
    """Post the opening (once): method, agenda, roles and the Start button."""
    if context.live is not None or context.meeting.cancelled:
        return context, LiveOutcome()
    method = preferred_method(context)
    live = start_live(context.meeting_id, method.id, agenda_for(method, context, speed),
                      speed=speed, auto_advance=context.group.auto_advance)
    written = tempo_of(context.group, context.meeting) == WRITTEN
    if written:  # the same agenda, its minutes turned into shares of the working days
        plan = plan_for(context.group)
        live = replace(live, written=plan, agenda=written_agenda(live.agenda, plan))
    cards = Cards(orders={deck_id: shuffled_order(deck, rng)
                          for deck_id, deck in sorted(library.decks().items())})
    opened = bumped(context, live=live, cards=cards)
    # Over days nobody presses Start: a written meeting's first phase opens with it (and its
    # opening is drawn as running from the first).
    begun = begin(opened, now) if written else None
    if begun is not None:
        opened = replace(opened, live=begun.live, revision=opened.revision + 1)
    post = Post(context.group.channel_id, live_message("live_opening", opened, now),
                key=opening_key(context.meeting_id))
    outcome = LiveOutcome(effects=(post,), live=live, cards=cards)
    return opened, outcome.then(begun) if begun is not None else outcome


def begin(context: LiveContext, now: datetime) -> LiveOutcome:
    """A written meeting's first phase opens by itself (and its members hear of it)."""
    return _step(context, Begun(), now)


def start(context: LiveContext, event: StartRequested, now: datetime, speed: float,
          rng: random.Random) -> LiveOutcome:
    if not context.group.is_member(event.user):
        return refuse(context, "roles.not_in_group")
    if context.meeting.cancelled:
        return refuse(context, "live.refused.cancelled")
    if context.live is not None and context.live.status is not LiveStatus.NOT_STARTED:
        return refuse(context, "live.refused.already_started")
    opened, outcome = open_meeting(context, now, speed, rng)
    meeting = opened.meeting
    if meeting.facilitator is None:  # nobody was asked: whoever starts, leads
        meeting = replace(meeting, facilitator=event.user)
        opened = replace(opened, meeting=meeting)
        outcome = replace(outcome, meeting=meeting)
    begun = opened.live is not None and opened.live.status is not LiveStatus.NOT_STARTED
    stepped = outcome if begun else outcome.then(_step(opened, Started(event.user), now))
    if stepped.live is None or stepped.live.status is not LiveStatus.RUNNING:
        return stepped
    return replace(stepped, effects=stepped.effects + _kept_reports(opened))


def _kept_reports(context: LiveContext) -> tuple[DirectMessage, ...]:
    """Reports back meant for this meeting's facilitator only, sent as the meeting starts."""
    facilitator, previous = context.meeting.facilitator, context.previous_meeting
    if facilitator is None or previous is None:
        return ()
    return tuple(
        DirectMessage(facilitator, Message("follow_up", context.language, {
            "group": context.group, "meeting": previous, "action": action,
            "follow_up": report}), key=f"followup_kept:{context.meeting_id}:{action.id}")
        for action, report in context.looking_back if report and not report.shared)


def press(context: LiveContext, event: ControlPressed, now: datetime) -> LiveOutcome:
    if not context.group.is_member(event.user):
        return refuse(context, "roles.not_in_group")
    live = context.live
    if live is None or (event.control not in CONTROLS and event.control != SIGNALS):
        return refuse(context, "live.refused.not_running")
    if event.control == SIGNALS:
        if event.user not in context.may_control:
            return refuse(context, "live.refused.only_facilitator")
        switched = replace(live, private_signals=not live.private_signals)
        after = bumped(context, live=switched)
        return LiveOutcome(effects=(UpdateOrigin(live_message("live_panel", after, now)),),
                           live=switched)
    outcome = _step(context, CONTROLS[event.control](event.user, event.version), now)
    if outcome.live is None:  # refused: the panel stays as it is
        return outcome
    # The panel the facilitator pressed in follows the meeting, so its next press is current.
    after = replace(context, live=outcome.live, meeting=outcome.meeting or context.meeting)
    return replace(outcome, effects=(*outcome.effects,
                                     UpdateOrigin(live_message("live_panel", after, now))))


def timer_due(context: LiveContext, event: LiveTimerDue, now: datetime) -> LiveOutcome:
    if context.live is None:
        return LiveOutcome()
    return _step(context, TimerFired(event.kind, event.phase_index, event.version), now)


def method_open(live: LiveMeeting | None) -> bool:
    """The method can change until its first phase begins (the frame's opening part runs
    before it)."""
    if live is None or live.status is LiveStatus.ENDED:
        return False
    return live.status is LiveStatus.NOT_STARTED or live.index < len(library.frame().before)


def choose_method(context: LiveContext, event: MethodChosen, now: datetime) -> LiveOutcome:
    live = context.live
    if event.user not in context.may_control:
        return refuse(context, "live.refused.only_facilitator")
    if live is None or not method_open(live):
        return refuse(context, "live.refused.method_fixed")
    method = library.method(event.method_id)
    # Before the start a press from the old opening is stale; once running, the panel's
    # buttons keep their version (the clock did not move).
    chosen = replace(live, method_id=method.id, agenda=agenda_for(method, context, live.speed),
                     version=live.version + (live.status is LiveStatus.NOT_STARTED))
    after = bumped(context, live=chosen)
    return LiveOutcome(effects=(update_opening(after, now),), live=chosen)


def _deck_and_themes(context: LiveContext, word: str | None
                     ) -> tuple[Deck, tuple[str, ...]] | None:
    """The deck and themes to draw from: the typed theme, else what the phase uses."""
    decks = library.decks()
    if word:
        wanted = word.strip().lower()
        themes = [(deck, theme, {theme.id.lower(), theme.name.nl.lower(), theme.name.en.lower()})
                  for deck in decks.values() for theme in deck.themes]
        # An exact name first, then the start of a name, then a word inside one.
        for fits in (lambda name: name == wanted, lambda name: name.startswith(wanted),
                     lambda name: wanted in name):
            for deck, theme, names in themes:
                if any(fits(name) for name in names):
                    return deck, (theme.id,)
        return None
    live = context.live
    phase = live.phase.phase if live else None
    if phase is not None and phase.deck:
        return decks[phase.deck], phase.deck_themes
    return decks[library.DEFAULT_DECK], ()


def draw_card(context: LiveContext, event: CardRequested, now: datetime) -> LiveOutcome:
    live = context.live
    if not context.group.is_member(event.user):
        return refuse(context, "roles.not_in_group")
    if live is None or live.status in (LiveStatus.NOT_STARTED, LiveStatus.ENDED):
        return refuse(context, "live.refused.not_running")
    found = _deck_and_themes(context, event.theme_word)
    if found is None:
        themes = ", ".join(theme.name.get(context.language) for deck in library.decks().values()
                           for theme in deck.themes)
        return refuse(context, "live.refused.unknown_theme", word=event.theme_word or "",
                      themes=themes)
    deck, themes = found
    drawn = draw(deck, context.cards.orders.get(deck.id, ()), context.cards.drawn_from(deck.id),
                 themes or None)
    kept = tuple(pair for pair in context.cards.drawn
                 if pair[0] != deck.id or pair[1] in drawn.drawn_ids)
    cards = replace(context.cards, drawn=(*kept, (deck.id, drawn.card.id)))
    message = live_message("live_card", context, now, deck=deck, card=drawn.card,
                           user=event.user, reshuffled=drawn.reshuffled)
    key = f"live:{context.meeting_id}:card:{len(context.cards.drawn)}"
    return LiveOutcome(effects=(in_thread(context, message, key),), cards=cards)


def _step(context: LiveContext, event: object, now: datetime) -> LiveOutcome:
    """One event through the phase clock, and the messages its effects call for."""
    before = context.live
    assert before is not None
    after, changes = step(before, event, context.may_control, now)  # type: ignore[arg-type]
    refusals = [change for change in changes if isinstance(change, Refusal)]
    if refusals:
        reason = refusals[0].reason
        return refuse(context, reason if "." in reason else f"live.refused.{reason}")
    if not changes:
        return LiveOutcome()
    if all(isinstance(change, Nudged) for change in changes):  # reminders by DM only
        return LiveOutcome(effects=tuple(effect for change in changes
                                         for effect in nudges(context, change.phase_index, now)))
    if all(isinstance(change, Halfway) for change in changes):  # a private note, no redraw
        return LiveOutcome(effects=tuple(
            effect for change in changes for effect in not_heard_note(
                context, now, change.phase_index, f"halfway:{change.phase_index}:"
                                                  f"{after.version}")))
    ctx = bumped(context, live=after)
    meeting_id, effects, timers = context.meeting_id, [], []
    outcome_meeting = None
    for change in changes:
        match change:
            case TimersCancelled():
                pass
            case TimerPlanned():
                timers.append(change)
            case PhaseChanged(index=index):
                if before.status is not LiveStatus.NOT_STARTED:
                    effects.append(update_phase(ctx, before.entry_version, before.index, now))
                effects.append(in_thread(ctx, live_message(
                    "live_phase", ctx, now, index=index, current=True,
                    entry_version=after.entry_version), phase_key(meeting_id, after.entry_version)))
                if after.written is not None:  # each who must act hears it where they work
                    effects += written_opened(ctx, index, now)
            case HeadsUp(phase_index=index, seconds_left=seconds):
                # The phase message shows the time left; only the facilitator is told.
                effects += [update_phase(ctx, after.entry_version, index, now),
                            *signal(ctx, now, "heads_up", index, seconds,
                                     f"heads_up:{index}:{after.version}")]
            case TimeIsUp(phase_index=index):
                effects.append(update_phase(ctx, before.entry_version, index, now))
                if after.written is None:  # a written phase just closes: no signal over days
                    effects += signal(ctx, now, "time_up", index, 0,
                                      f"time_up:{index}:{before.version}")
            case Paused(index=index) | Extended(index=index) | Resumed(index=index):
                effects.append(update_phase(ctx, after.entry_version, index, now))
            case MeetingEnded():
                if before.status is not LiveStatus.NOT_STARTED:
                    effects.append(update_phase(ctx, before.entry_version, before.index, now))
                outcome_meeting = replace(ctx.meeting, status=MeetingStatus.HELD)
                if after.written is not None:  # present: who took part in writing
                    outcome_meeting = written_attendance(ctx, outcome_meeting)
                ctx = replace(ctx, meeting=outcome_meeting)
                effects += closing(ctx, now)
    effects.append(update_opening(ctx, now))
    return LiveOutcome(effects=tuple(effects), live=after, meeting=outcome_meeting,
                       timers=tuple(timers),
                       cancel_timers=any(isinstance(c, TimersCancelled) for c in changes))
