"""One function per event: load what flows needs from the unit of work, let flows decide,
save what changed (and re-plan due actions), return the effects for the shell.

Each runs inside the transaction the runtime opened; none talks to Slack.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import cache

from bot import logbook_use_cases, planner
from bot.charts_use_cases import charts_of
from flows import attendance, cases, changes, commands, home, privacy, roles, rota, setup
from flows.due import DueAction
from flows.effects import Effect, Reject
from flows.group import Group
from flows.meeting import Meeting
from flows.methods import load_methods
from flows.planning import days_before
from flows.reminders import MeetingContext, fire, share_prepared_cases
from flows.texts import t
from storage.repositories import UnitOfWork


def meeting_context(work: UnitOfWork, meeting_id: int) -> MeetingContext | None:
    found = work.meeting_and_group(meeting_id)
    if found is None:
        return None
    meeting, group = found
    assert group.id is not None
    return MeetingContext(group, meeting, tuple(work.meetings.of_group(group.id)),
                          tuple(work.groups.absences(group.id)),
                          tuple(work.cases.of_meeting(meeting_id)))


def fire_timeline(work: UnitOfWork, due: DueAction, now: datetime) -> tuple[Effect, ...]:
    """A step of a meeting's preparation timeline came due: what it changes and sends."""
    context = meeting_context(work, due.meeting_id) if due.meeting_id else None
    if context is None:
        return ()
    changed, effects = fire(due, context, now)
    if changed is not None:
        work.meetings.save(changed)
    shared, sharing = share_prepared_cases(due, context, now)
    for case in shared:
        work.cases.save(case, now)
    return effects + sharing


def _no_group(language: str) -> tuple[Effect, ...]:
    return (Reject(t("group.none_here"), language),)


def _help(work: UnitOfWork, event: commands.HelpRequested, now: datetime) -> tuple[Effect, ...]:
    group = work.groups.by_channel(event.team_id, event.channel_id)
    return (commands.help_reply(group.language if group else event.user_language,
                                event.unknown_word),)


def _setup(work: UnitOfWork, event: setup.SetupRequested, now: datetime) -> tuple[Effect, ...]:
    return setup.request_setup(event, work.groups.by_channel(event.team_id, event.channel_id))


def _setup_submitted(work: UnitOfWork, event: setup.GroupFormSubmitted, now: datetime
                     ) -> tuple[Effect, ...]:
    before = work.groups.by_channel(event.team_id, event.channel_id)
    group, effects = setup.submit_setup(event, before, now)
    if group is not None:
        group = work.groups.save(group, now)
        planner.group_changed(work, before, group, now)
    return effects


def _group_home(work: UnitOfWork, group: Group, user: str, now: datetime,
                calendar_url: str | None = None) -> home.GroupHome:
    assert group.id is not None
    planner.materialize(work, group, now)
    coming = [m for m in work.meetings.of_group(group.id, since=now) if not m.cancelled]
    upcoming = tuple(coming[:home.NEXT_MEETINGS])
    mine = next((m for m in coming if user in m.case_bringers), None)
    actions = work.flipover.open_actions(group.id)
    held = [m for m in work.meetings.of_group(group.id, until=now)
            if attendance.took_place(m, now)][-home.LAST_MEETINGS:]
    coordinator = group.is_coordinator(user)
    return home.GroupHome(
        group=group, upcoming=upcoming,
        my_case=(mine, work.cases.of(mine.id or 0, user)) if mine else None,
        my_actions=tuple(a for a in actions if a.owner == user),
        held=tuple(reversed(held)) if coordinator else (),
        open_actions=tuple(actions) if coordinator else (), calendar_url=calendar_url,
        charts=charts_of(work, group, now) if coordinator else None)


def _home(work: UnitOfWork, event: home.HomeOpened, now: datetime) -> tuple[Effect, ...]:
    groups = work.groups.for_user(event.team_id, event.user_id)
    return (home.home(event, [_group_home(work, g, event.user_id, now) for g in groups], now),)


def home_with_address(address: Callable[[UnitOfWork, int, str, datetime], str],
                      work: UnitOfWork, event: home.HomeOpened, now: datetime
                      ) -> tuple[Effect, ...]:
    """The Home tab with each group's calendar address for the person (HTTP mode)."""
    groups = work.groups.for_user(event.team_id, event.user_id)
    views = [_group_home(work, g, event.user_id, now, calendar_url=address(
        work, g.id or 0, event.user_id, now) if g.is_member(event.user_id) else None)
        for g in groups]
    return (home.home(event, views, now),)


def _rota(work: UnitOfWork, event: rota.RotaRequested, now: datetime) -> tuple[Effect, ...]:
    group = work.groups.by_channel(event.team_id, event.channel_id)
    if group is None or group.id is None:
        return _no_group(event.user_language)
    planner.materialize(work, group, now)
    meetings = work.meetings.of_group(group.id)
    cases_by_meeting = {m.id: work.cases.of_meeting(m.id) for m in meetings
                        if m.id is not None and m.start > now}
    return (rota.rota(group, meetings, work.groups.absences(group.id), event.user_id, now,
                      cases_by_meeting),)


def _save_meeting_change(work: UnitOfWork, context: MeetingContext | None, step: Callable,
                         event: object, now: datetime) -> tuple[Effect, ...]:
    if context is None:
        return (Reject(t("roles.gone"), "en"),)
    changed, effects = step(event, context, now)
    if changed is not None:
        work.meetings.save(changed, now)
    return effects


def _roles(work: UnitOfWork, event: roles.RoleButtonPressed, now: datetime) -> tuple[Effect, ...]:
    return _save_meeting_change(work, meeting_context(work, event.meeting_id),
                                roles.change_roles, event, now)


def _answer(work: UnitOfWork, event: roles.MemberAnswered, now: datetime) -> tuple[Effect, ...]:
    return _save_meeting_change(work, meeting_context(work, event.meeting_id), roles.answer,
                                event, now)


def _group_of(work: UnitOfWork, team_id: str, channel_id: str) -> Group | None:
    group = work.groups.by_channel(team_id, channel_id)
    return group if group and group.id is not None else None


def _change_form(work: UnitOfWork, event: changes.ChangeFormRequested, now: datetime
                 ) -> tuple[Effect, ...]:
    group = _group_of(work, event.team_id, event.channel_id)
    if group is None:
        return _no_group("en")
    planner.materialize(work, group, now)
    return changes.open_change_form(event, group, work.meetings.of_group(group.id), now)


def _change(work: UnitOfWork, event: changes.ChangeSubmitted, now: datetime
            ) -> tuple[Effect, ...]:
    group = _group_of(work, event.team_id, event.channel_id)
    if group is None:
        return _no_group("en")
    if event.form == "pause" and event.last_day:
        # A pause may reach beyond the horizon: its meetings must exist to be cancelled.
        until = group.schedule.to_utc(datetime.combine(event.last_day + timedelta(days=1),
                                                       datetime.min.time()))
        planner.materialize(work, group, now, until=until)
    outcome = changes.submit_change(event, group, work.meetings.of_group(group.id), now)
    for meeting in outcome.meetings:
        planner.replan(work, group, work.meetings.save(meeting, now), now)
    if outcome.absence is not None:
        work.groups.add_absence(group.id, outcome.absence)
    return outcome.effects


@cache
def _method_names(language: str) -> dict[str, str]:
    return {method_id: method.name.get(language)
            for method_id, method in sorted(load_methods().items())}


def _next_case_meeting(work: UnitOfWork, event: cases.CaseFormRequested, now: datetime
                       ) -> tuple[Group, Meeting] | None:
    found = []
    for group in work.groups.for_user(event.team_id, event.user_id):
        found += [(meeting.start, group, meeting)
                  for meeting in work.meetings.of_group(group.id or 0, since=now)
                  if not meeting.cancelled and event.user_id in meeting.case_bringers]
    return min(found, key=lambda item: item[0])[1:] if found else None


def _case_form(work: UnitOfWork, event: cases.CaseFormRequested, now: datetime
               ) -> tuple[Effect, ...]:
    if event.meeting_id is None:
        found = _next_case_meeting(work, event, now)
        if found is None:
            return (Reject(t("case.none_coming"), event.user_language),)
        group, meeting = found
    else:
        context = meeting_context(work, event.meeting_id)
        if context is None:
            return (Reject(t("roles.gone"), event.user_language),)
        group, meeting = context.group, context.meeting
    assert meeting.id is not None
    return cases.request_form(event, group, meeting, work.cases.of(meeting.id, event.user_id),
                              _method_names(group.language), now)


def _case_submitted(work: UnitOfWork, event: cases.CaseFormSubmitted, now: datetime
                    ) -> tuple[Effect, ...]:
    context = meeting_context(work, event.meeting_id)
    if context is None:
        return (Reject(t("roles.gone"), event.language),)
    group, meeting = context.group, context.meeting
    outcome = cases.submit(event, group, meeting, context.case_of(event.user_id), now,
                           prepare_at=days_before(group, meeting, group.timeline.prepare_days),
                           channel_private=group.channel_private)
    if outcome.case is not None:
        work.cases.save(outcome.case, now)
    return outcome.effects


def _escalation(work: UnitOfWork, event: roles.EscalationAnswered, now: datetime
                ) -> tuple[Effect, ...]:
    context = meeting_context(work, event.meeting_id)
    effects = _save_meeting_change(work, context, roles.escalation, event, now)
    if context is not None and event.choice == "cancel":
        meeting = work.meetings.by_id(event.meeting_id)
        if meeting is not None and meeting.cancelled:
            planner.replan(work, context.group, meeting, now)  # withdraws its reminders
    return effects


def _forget_me(work: UnitOfWork, event: privacy.ForgetMeRequested, now: datetime
               ) -> tuple[Effect, ...]:
    return (privacy.ask_to_confirm(event),)


def _forget_me_confirmed(work: UnitOfWork, event: privacy.ForgetMeConfirmed, now: datetime
                         ) -> tuple[Effect, ...]:
    groups = work.groups.for_user(event.team_id, event.user_id)
    # A fresh pseudonym each time: past attendance still counts, but points to nobody.
    counts = work.privacy.forget(event.team_id, event.user_id, f"gone-{uuid.uuid4().hex[:10]}",
                                 now)
    redraws = tuple(e for group in groups  # the logbooks no longer name them
                    for e in logbook_use_cases.redraw(work, group, now, only_existing=True))
    return (*privacy.forgotten(event, counts), *redraws)


HANDLERS: dict[type, Callable[[UnitOfWork, object, datetime], tuple[Effect, ...]]] = {
    commands.HelpRequested: _help,
    setup.SetupRequested: _setup,
    setup.GroupFormSubmitted: _setup_submitted,
    home.HomeOpened: _home,
    rota.RotaRequested: _rota,
    roles.RoleButtonPressed: _roles,
    roles.MemberAnswered: _answer,
    changes.ChangeFormRequested: _change_form,
    changes.ChangeSubmitted: _change,
    cases.CaseFormRequested: _case_form,
    cases.CaseFormSubmitted: _case_submitted,
    roles.EscalationAnswered: _escalation,
    privacy.ForgetMeRequested: _forget_me,
    privacy.ForgetMeConfirmed: _forget_me_confirmed,
}
