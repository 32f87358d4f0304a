"""Filling the flip-over during a meeting: the small forms behind Add, Rate, Mark, Choose and
Check out, and what each submission changes.

Anyone in the group adds; only the case bringer rates, marks and chooses (the facilitator and
coordinators stand in when the meeting has no case bringer). A form stays tied to the phase
it was opened in, so what someone typed is kept even when the facilitator moved on meanwhile.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime

from flows.actions import Action, action_errors, default_due_date
from flows.effects import FormErrors, OpenForm, Reject, Reply
from flows.flipover import (
    HELD,
    SCORES,
    TEXT_MAX,
    Checkout,
    Contribution,
    Rating,
    check_text,
    held_for,
    of_kind,
)
from flows.live import AgendaPhase, LiveStatus
from flows.live_context import (
    LiveContext,
    LiveOutcome,
    bumped,
    live_message,
    refuse,
    update_phase,
)
from flows.methods import FACTOR_SPLIT
from flows.summary import redraw_summary
from flows.texts import Text, t

FORMS = ("add", "rate", "mark", "choose", "show", "checkout")


@dataclass(frozen=True)
class FlipoverFormRequested:
    user: str
    meeting_id: int
    form: str  # one of FORMS
    entry_version: int = 0  # of the phase whose button was pressed


@dataclass(frozen=True)
class ContributionSubmitted:
    user: str
    meeting_id: int
    entry_version: int
    phase_index: int
    text: str
    factor: str | None = None
    owner: str | None = None  # actions only
    due_date: date | None = None
    held_id: int | None = None  # the kept text from a silent phase this form offered again


@dataclass(frozen=True)
class RatingsSubmitted:
    user: str
    meeting_id: int
    entry_version: int
    phase_index: int
    ratings: Mapping[int, str]  # contribution id → cold / warm / neutral


@dataclass(frozen=True)
class MarksSubmitted:
    user: str
    meeting_id: int
    entry_version: int
    phase_index: int
    chosen_ids: frozenset[int]


@dataclass(frozen=True)
class ChoicesSubmitted:
    user: str
    meeting_id: int
    entry_version: int
    phase_index: int
    chosen_ids: frozenset[int]
    owner: str | None
    due_date: date | None


@dataclass(frozen=True)
class CheckoutSubmitted:
    user: str
    meeting_id: int
    score: int | None
    takeaway: str = ""


def _due_default(context: LiveContext, now: datetime) -> date:
    next_start = context.next_meeting.start if context.next_meeting else None
    return default_due_date(context.group, next_start, now)


def _decides(context: LiveContext, case_number: int | None) -> frozenset[str]:
    """Who rates, marks and chooses: the case bringer of this case."""
    bringer = context.case_bringer(case_number)
    return frozenset({bringer}) if bringer else context.may_control


def may_add(context: LiveContext, item: AgendaPhase, user: str) -> bool:
    """Whether `user` may add in this phase: only those the phase lets speak. Without a known
    case bringer nobody can be told apart, so everyone may."""
    bringer = context.case_bringer(item.case_number)
    if bringer is None:
        return True
    return item.phase.may_contribute(user == bringer, user == context.meeting.facilitator)


def silent_ones(context: LiveContext, item: AgendaPhase) -> str:
    """Who is to stay silent in this phase, as a text key of live.actor."""
    phase = item.phase
    if "case_bringer" not in phase.speaks and "everyone" not in phase.speaks:
        return "live.actor.case_bringer"
    return "live.actor.group"


def request_form(context: LiveContext, event: FlipoverFormRequested, now: datetime
                 ) -> LiveOutcome:
    if not context.group.is_member(event.user):
        return refuse(context, "roles.not_in_group")
    live = context.live
    if event.form == "checkout":
        if live is None or live.status is not LiveStatus.ENDED:
            return refuse(context, "live.refused.checkout_not_yet")
        mine = next((c for c in context.checkouts if c.user_id == event.user), None)
        return LiveOutcome(effects=(OpenForm("live_checkout", context.language, {
            "meeting_id": context.meeting_id, "checkout": mine}),))
    if (live is None or live.status not in (LiveStatus.RUNNING, LiveStatus.PAUSED)
            or event.entry_version != live.entry_version):
        return refuse(context, "live.refused.phase_over")
    current = live.phase
    base = {"meeting_id": context.meeting_id, "entry_version": live.entry_version,
            "phase_index": live.index, "phase": current}
    if event.form == "show":  # a public channel: the flip-over only for the one who asks
        return LiveOutcome(effects=(Reply(live_message(
            "live_phase", context, now, index=live.index, current=False,
            entry_version=live.entry_version, private=True)),))
    phase = current.phase
    if event.form == "add":
        if phase.collects is None:
            return refuse(context, "live.refused.nothing_to_add")
        data = {**base, "kind": phase.collects, "factor_split": bool(phase.factor_split)}
        if not may_add(context, current, event.user):
            # The form opens anyway: what comes up is written down and kept, not lost.
            data |= {"silent": t("live.form.live_add.silent", who=t(silent_ones(context,
                                                                                 current)))}
        elif held := held_for(context.contributions, event.user):
            data |= {"held": held[0]}
        if phase.collects == "action":
            data |= {"owner": context.case_bringer(current.case_number) or event.user,
                     "due_date": _due_default(context, now)}
        return LiveOutcome(effects=(OpenForm("live_add", context.language, data),))
    kind = {"rate": phase.rates, "mark": phase.marks, "choose": phase.chooses}.get(event.form)
    if kind is None:
        return refuse(context, "live.refused.nothing_to_add")
    if event.user not in _decides(context, current.case_number):
        return refuse(context, "live.refused.only_case_bringer")
    items = of_kind(context.contributions, kind, current.case_number)
    if not items:
        return refuse(context, "live.refused.nothing_collected")
    data = {**base, "kind": kind, "items": items}
    if event.form == "choose":
        data |= {"owner": context.case_bringer(current.case_number) or event.user,
                 "due_date": _due_default(context, now)}
    return LiveOutcome(effects=(OpenForm(f"live_{event.form}", context.language, data),))


def _phase(context: LiveContext, phase_index: int) -> AgendaPhase | None:
    live = context.live
    if live is None or not 0 <= phase_index < len(live.agenda):
        return None
    return live.agenda[phase_index]


def _errors(context: LiveContext, errors: dict[str, Text]) -> LiveOutcome:
    return LiveOutcome(effects=(FormErrors(errors, context.language),))


def _redrawn(after: LiveContext, event: ContributionSubmitted | RatingsSubmitted | MarksSubmitted
             | ChoicesSubmitted, now: datetime, **saved: object) -> LiveOutcome:
    """The phase's message drawn again with what changed, and what to save."""
    return LiveOutcome(effects=(update_phase(after, event.entry_version, event.phase_index,
                                             now),), **saved)  # type: ignore[arg-type]


def add(context: LiveContext, event: ContributionSubmitted, now: datetime) -> LiveOutcome:
    agenda_phase = _phase(context, event.phase_index)
    if not context.group.is_member(event.user) or agenda_phase is None:
        return refuse(context, "roles.gone")
    phase, case_number = agenda_phase.phase, agenda_phase.case_number
    kind = phase.collects
    if kind is None:
        return refuse(context, "live.refused.nothing_to_add")
    errors = check_text(event.text)
    if kind == "action":
        errors |= action_errors(context.group, event.owner, event.due_date, now)
    if phase.factor_split and event.factor not in FACTOR_SPLIT:
        errors["factor"] = t("live.error.factor_missing")
    if not may_add(context, agenda_phase, event.user) and not check_text(event.text):
        held = Contribution(
            meeting_id=context.meeting_id, group_id=context.group.id or 0,
            phase_index=event.phase_index, case_number=case_number, kind=HELD,
            author=event.user, text=event.text.strip())
        reason = t("live.refused.silent", who=t(silent_ones(context, agenda_phase)))
        return LiveOutcome(effects=(Reject(reason, context.language),), contributions=(held,))
    if errors:
        return _errors(context, errors)
    kept = next((c for c in held_for(context.contributions, event.user)
                 if c.id == event.held_id), None)
    if kind == "action":
        assert event.owner is not None and event.due_date is not None
        action = Action(group_id=context.group.id or 0, meeting_id=context.meeting_id,
                        owner=event.owner, text=event.text.strip(), due_date=event.due_date,
                        created_by=event.user, case_number=case_number)
        after = bumped(context, actions=(*context.actions, action))
        # A kept text that became an action is placed: it is not offered again.
        placed = (replace(kept, kind="placed"),) if kept else ()
        return _redrawn(after, event, now, actions=(action,), contributions=placed)
    contribution = Contribution(
        meeting_id=context.meeting_id, group_id=context.group.id or 0,
        phase_index=event.phase_index, case_number=case_number, kind=kind, author=event.user,
        text=event.text.strip(), factor=event.factor if phase.factor_split else None,
        id=kept.id if kept else None)  # the kept text's row becomes this contribution
    others = tuple(c for c in context.contributions if kept is None or c.id != kept.id)
    after = bumped(context, contributions=(*others, contribution))
    return _redrawn(after, event, now, contributions=(contribution,))


def _decided(context: LiveContext, user: str, phase_index: int, field: str
             ) -> tuple[AgendaPhase, tuple[Contribution, ...]] | LiveOutcome:
    """The phase and the items the case bringer decides on, or the refusal."""
    agenda_phase = _phase(context, phase_index)
    if agenda_phase is None or getattr(agenda_phase.phase, field) is None:
        return refuse(context, "roles.gone")
    if user not in _decides(context, agenda_phase.case_number):
        return refuse(context, "live.refused.only_case_bringer")
    kind = getattr(agenda_phase.phase, field)
    return agenda_phase, of_kind(context.contributions, kind, agenda_phase.case_number)


def _with_changed(context: LiveContext, changed: tuple[Contribution, ...]) -> LiveContext:
    by_id = {c.id: c for c in changed}
    return bumped(context, contributions=tuple(by_id.get(c.id, c)
                                               for c in context.contributions))


def rate(context: LiveContext, event: RatingsSubmitted, now: datetime) -> LiveOutcome:
    found = _decided(context, event.user, event.phase_index, "rates")
    if isinstance(found, LiveOutcome):
        return found
    _, items = found
    valid = {value.value for value in Rating}
    changed = tuple(replace(c, rating=Rating(event.ratings[c.id])) for c in items
                    if c.id in event.ratings and event.ratings[c.id] in valid)
    after = _with_changed(context, changed)
    return _redrawn(after, event, now, contributions=changed)


def mark(context: LiveContext, event: MarksSubmitted, now: datetime) -> LiveOutcome:
    found = _decided(context, event.user, event.phase_index, "marks")
    if isinstance(found, LiveOutcome):
        return found
    _, items = found
    changed = tuple(replace(c, marked=c.id in event.chosen_ids) for c in items)
    after = _with_changed(context, changed)
    return _redrawn(after, event, now, contributions=changed)


def choose(context: LiveContext, event: ChoicesSubmitted, now: datetime) -> LiveOutcome:
    found = _decided(context, event.user, event.phase_index, "chooses")
    if isinstance(found, LiveOutcome):
        return found
    agenda_phase, items = found
    errors = action_errors(context.group, event.owner, event.due_date, now)
    picked = [c for c in items if c.id in event.chosen_ids and not c.chosen]
    if not picked:
        errors["ideas"] = t("live.error.choose_one")
    if errors:
        return _errors(context, errors)
    assert event.owner is not None and event.due_date is not None
    changed = tuple(replace(c, chosen=True) for c in picked)
    actions = tuple(Action(group_id=context.group.id or 0, meeting_id=context.meeting_id,
                           owner=event.owner, text=c.text, due_date=event.due_date,
                           created_by=event.user, case_number=agenda_phase.case_number,
                           contribution_id=c.id) for c in picked)
    after = replace(_with_changed(context, changed), actions=(*context.actions, *actions))
    return _redrawn(after, event, now, contributions=changed, actions=actions)


def check_out(context: LiveContext, event: CheckoutSubmitted, now: datetime) -> LiveOutcome:
    if not context.group.is_member(event.user):
        return refuse(context, "roles.not_in_group")
    errors: dict[str, Text] = {}
    if event.score not in SCORES:
        errors["score"] = t("live.error.score_missing")
    takeaway = event.takeaway.strip()
    if len(takeaway) > TEXT_MAX:
        errors["takeaway"] = t("live.error.text_long", count=len(takeaway), most=TEXT_MAX)
    if errors:
        return _errors(context, errors)
    assert event.score is not None
    checkout = Checkout(context.meeting_id, event.user, event.score, takeaway)
    after = bumped(context, checkouts=(*(c for c in context.checkouts if c.user_id != event.user),
                                       checkout))
    return LiveOutcome(effects=redraw_summary(after, now), checkout=checkout)
