"""Use cases of the running meeting: load its context (locking its row), let flows decide,
save the outcome, and turn the phase timers into due-action rows.

Each runs inside the transaction the runtime opened; none talks to Slack.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from bot import evaluation_use_cases, followup_use_cases, logbook_use_cases, rehearsal_wipe
from flows import (
    advice,
    attendance,
    collecting,
    facilitating,
    running,
    written_opening,
    written_round,
)
from flows.due import LIVE_TIMERS, CancelDue, DueAction, DueKind, PlanDue
from flows.effects import Effect, Reject, Update
from flows.group import Group
from flows.live import LiveStatus, TimerKind, TimerPlanned
from flows.live_context import Cards, LiveContext, LiveOutcome
from flows.meeting import Meeting, MeetingStatus
from flows.texts import t
from storage.repositories import UnitOfWork

# The halfway note is a short-lived signal like the heads-up, so it shares its due kind; the
# row's key names the timer's own kind.
TIMER_KINDS = {TimerKind.HEADS_UP: DueKind.LIVE_HEADS_UP, TimerKind.TIME_UP: DueKind.LIVE_TIME_UP,
               TimerKind.HALFWAY: DueKind.LIVE_HEADS_UP}
# A written meeting's timers run over days, with their own grace after a restart.
WRITTEN_TIMER_KINDS = {TimerKind.TIME_UP: DueKind.WRITTEN_DEADLINE,
                       TimerKind.NUDGE: DueKind.WRITTEN_NUDGE}
# `/intervisie start` picks a meeting of today: one that began up to this long ago …
STARTED_AGO = timedelta(hours=12)
START_EARLY = timedelta(hours=1)  # … or begins within the hour


@dataclass(frozen=True)
class StartCommand:
    """`/intervisie start` in a channel: the meeting of now, or an unscheduled one."""

    team_id: str
    channel_id: str
    user: str
    user_language: str = "en"


@dataclass(frozen=True)
class CardCommand:
    """`/intervisie card [theme]` in a channel with a running meeting."""

    team_id: str
    channel_id: str
    user: str
    theme_word: str | None
    user_language: str = "en"


def timer_key(meeting_id: int, timer: TimerPlanned) -> str:
    return f"live:{meeting_id}:{timer.kind.value}:{timer.phase_index}:{timer.version}"


def _timer_of(due: DueAction) -> running.LiveTimerDue | None:
    """The timer a due row stands for; its key holds the phase and the version."""
    try:
        _, meeting, kind, index, version = due.key.split(":")
        return running.LiveTimerDue(int(meeting), TimerKind(kind), int(index), int(version))
    except ValueError:
        return None


def live_context(work: UnitOfWork, meeting_id: int) -> LiveContext | None:
    place = work.meeting_and_group(meeting_id)
    if place is None:
        return None
    meeting, group = place
    assert group.id is not None
    found = work.live.get(meeting_id, lock=True)
    live, cards, revision = found if found else (None, Cards(), 0)
    later = [m for m in work.meetings.of_group(group.id, since=meeting.start)
             if m.id != meeting.id and not m.cancelled and not m.unscheduled]
    previous_id = work.flipover.last_meeting_with_actions(group.id, meeting.start)
    previous = work.meetings.by_id(previous_id) if previous_id else None
    looked_back = work.flipover.actions(previous_id) if previous_id else []
    reports = work.flipover.follow_ups([a.id for a in looked_back if a.id is not None])
    return LiveContext(
        group=group, meeting=meeting, live=live, cards=cards,
        looking_back=tuple((a, reports.get(a.id or 0)) for a in looked_back),
        previous_meeting=previous,
        cases=tuple(work.cases.of_meeting(meeting_id)),
        contributions=tuple(work.flipover.contributions(meeting_id)),
        actions=tuple(work.flipover.actions(meeting_id)),
        checkouts=tuple(work.flipover.checkouts(meeting_id)),
        next_meeting=later[0] if later else None, revision=revision)


def save(work: UnitOfWork, context: LiveContext, outcome: LiveOutcome, now: datetime
         ) -> tuple[Effect, ...]:
    """Keep what the outcome changed; returns its effects for the shell."""
    meeting_id, group_id = context.meeting_id, context.group.id or 0
    effects = outcome.effects
    rehearsing = context.group.rehearsal  # counts for nothing, and is wiped after its end
    if outcome.meeting is not None:
        work.meetings.save(outcome.meeting)
        # Its end may be an evaluation point (a rehearsal's never is).
        if outcome.meeting.status is MeetingStatus.HELD and not rehearsing:
            effects += evaluation_use_cases.catch_up(work, context.group, now)
    revision = max([context.revision] + [e.revision for e in outcome.effects
                                         if isinstance(e, Update)])
    live = outcome.live or context.live
    if live is not None and (outcome.live or outcome.cards or revision != context.revision):
        work.live.save(group_id, live, outcome.cards or context.cards, revision, now)
    for contribution in outcome.contributions:
        work.flipover.save_contribution(contribution, now)
    saved = [work.flipover.save_action(action, now) for action in outcome.actions]
    if not rehearsing:
        followup_use_cases.new_actions(work, saved, now)
    if outcome.checkout is not None:
        work.flipover.save_checkout(outcome.checkout, now)
    if outcome.cancel_timers:
        work.due.cancel(CancelDue(meeting_id, kinds=LIVE_TIMERS), now)
    kinds = WRITTEN_TIMER_KINDS if live is not None and live.written else TIMER_KINDS
    for timer in outcome.timers:
        work.due.plan(PlanDue(key=timer_key(meeting_id, timer), kind=kinds[timer.kind],
                              due_at=timer.due_at, group_id=group_id, meeting_id=meeting_id),
                      now)
    held = (outcome.meeting or context.meeting).status is MeetingStatus.HELD
    if rehearsing and outcome.meeting is not None and held:  # after the timers' cancel
        rehearsal_wipe.ended(work, group_id, meeting_id, now)
    # The logbook's part changed (a rehearsal has no place in it).
    if held and not rehearsing and (outcome.meeting is not None or outcome.actions):
        effects += logbook_use_cases.redraw(work, context.group, now)
    return effects


def _rng(meeting_id: int, now: datetime) -> random.Random:
    # Seeded, so a meeting's card order can be reproduced from its id and opening moment.
    return random.Random(f"{meeting_id}:{now.isoformat()}")


def _gone(language: str) -> tuple[Effect, ...]:
    return (Reject(t("roles.gone"), language),)


def _on_meeting(decide: Callable[[LiveContext, object, datetime], LiveOutcome]):
    """A handler for an event that names its meeting."""
    def handler(work: UnitOfWork, event, now: datetime) -> tuple[Effect, ...]:
        context = live_context(work, event.meeting_id)
        if context is None:
            return _gone("en")
        return save(work, context, decide(context, event, now), now)
    return handler


def _group_here(work: UnitOfWork, team_id: str, channel_id: str) -> Group | None:
    group = work.groups.by_channel(team_id, channel_id)
    return group if group and group.id is not None else None


def _meeting_now(work: UnitOfWork, group: Group, now: datetime) -> Meeting | None:
    """The meeting `/intervisie start` means: one open and not ended, else today's."""
    assert group.id is not None
    candidates = []
    for meeting in work.meetings.of_group(group.id, since=now - STARTED_AGO,
                                          until=now + START_EARLY):
        found = work.live.get(meeting.id or 0)
        if meeting.cancelled or (found and found[0].status is LiveStatus.ENDED):
            continue
        if meeting.status is MeetingStatus.HELD and not found:
            continue
        candidates.append((found is None, abs((meeting.start - now).total_seconds()), meeting))
    return min(candidates, key=lambda c: c[:2])[2] if candidates else None


def _start_command(speed: float, work: UnitOfWork, event: StartCommand, now: datetime
                   ) -> tuple[Effect, ...]:
    group = _group_here(work, event.team_id, event.channel_id)
    if group is None:
        return (Reject(t("group.none_here"), event.user_language),)
    if not group.is_member(event.user):
        return (Reject(t("roles.not_in_group"), group.language),)
    meeting = _meeting_now(work, group, now)
    if meeting is None:  # a meeting outside the rhythm: whoever starts it, leads it
        meeting = work.meetings.save(Meeting(
            group_id=group.id or 0, occurrence=now, start=now,
            duration_minutes=group.schedule.duration_minutes, unscheduled=True))
    request = running.StartRequested(event.user, meeting.id or 0)
    return _start(speed, work, request, now)


def _start(speed: float, work: UnitOfWork, event: running.StartRequested, now: datetime
           ) -> tuple[Effect, ...]:
    context = live_context(work, event.meeting_id)
    if context is None:
        return _gone("en")
    outcome = running.start(context, event, now, speed, _rng(event.meeting_id, now))
    return save(work, context, outcome, now)


def _card_command(work: UnitOfWork, event: CardCommand, now: datetime) -> tuple[Effect, ...]:
    group = _group_here(work, event.team_id, event.channel_id)
    if group is None:
        return (Reject(t("group.none_here"), event.user_language),)
    meeting = _meeting_now(work, group, now)
    found = work.live.get(meeting.id or 0) if meeting else None
    if meeting is None or found is None or found[0].status in (LiveStatus.NOT_STARTED,
                                                               LiveStatus.ENDED):
        return (Reject(t("live.refused.none_running"), group.language),)
    request = running.CardRequested(event.user, meeting.id or 0, event.theme_word)
    return _on_meeting(running.draw_card)(work, request, now)


def fire(speed: float, work: UnitOfWork, due: DueAction, now: datetime) -> tuple[Effect, ...]:
    """A due action of the running meeting: the opening, or a phase timer."""
    if due.meeting_id is None:
        return ()
    context = live_context(work, due.meeting_id)
    if context is None:
        return ()
    if due.kind is DueKind.REHEARSAL_END:
        return rehearsal_wipe.wipe(work, due, now)
    if due.kind is DueKind.OPENING:
        _, outcome = running.open_meeting(context, now, speed, _rng(due.meeting_id, now))
        return save(work, context, outcome, now)
    timer = _timer_of(due)
    if timer is None:
        return ()
    return save(work, context, running.timer_due(context, timer, now), now)


def handlers(speed: float) -> dict[type, Callable[[UnitOfWork, object, datetime],
                                                   tuple[Effect, ...]]]:
    """The running meeting's handlers; `speed` is the rehearsal speed (INTERVISIE_SPEED)."""
    return {
        StartCommand: partial(_start_command, speed),
        running.StartRequested: partial(_start, speed),
        running.MethodChosen: _on_meeting(running.choose_method),
        running.ControlPressed: _on_meeting(running.press),
        facilitating.PanelRequested: _on_meeting(facilitating.panel),
        advice.MethodAdviceRequested: _on_meeting(
            lambda context, event, now: advice.method_advice(context, event)),
        running.CardRequested: _on_meeting(running.draw_card),
        written_opening.WrittenChosen: _on_meeting(written_opening.choose_written),
        CardCommand: _card_command,
        collecting.FlipoverFormRequested: _on_meeting(collecting.request_form),
        collecting.ContributionSubmitted: _on_meeting(written_round.add),
        collecting.RatingsSubmitted: _on_meeting(collecting.rate),
        collecting.MarksSubmitted: _on_meeting(collecting.mark),
        collecting.ChoicesSubmitted: _on_meeting(collecting.choose),
        collecting.CheckoutSubmitted: _on_meeting(collecting.check_out),
        attendance.AttendanceFormRequested: _on_meeting(
            lambda context, event, now: attendance.correction_form(context, event)),
        attendance.AttendanceCorrected: _on_meeting(
            lambda context, event, now: attendance.correct(context, event)),
    }
