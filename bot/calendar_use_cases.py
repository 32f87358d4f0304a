"""The group's calendar: the .ics file, and in HTTP mode each member's own live address.

`group_feed` builds the feed for both, from everything stored: all meetings, however old
(a cancelled meeting must never come back), and the group's series history.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial

from bot import planner, use_cases
from bot.calendar_links import CalendarLinks, digest
from flows import commands, home
from flows.calendar_feed import FeedTexts, calendar_feed
from flows.effects import Effect, Message, Reject, Reply, SendFile
from flows.group import Group
from flows.texts import render, t
from storage.repositories import UnitOfWork

VTIMEZONE_SPAN = timedelta(days=730)


def _notes(group: Group, meetings, user_id: str | None) -> dict[datetime, str]:
    """The reader's own role per meeting, for the description."""
    notes = {}
    for meeting in meetings if user_id else ():
        if meeting.cancelled:
            continue
        if user_id in meeting.case_bringers:
            notes[meeting.occurrence] = render(group.language, "calendar.you_bring_case")
        elif user_id == meeting.facilitator:
            notes[meeting.occurrence] = render(group.language, "calendar.you_facilitate")
    return notes


def group_feed(work: UnitOfWork, group: Group, now: datetime, user_id: str | None = None,
               since: datetime | None = None) -> bytes:
    """The feed, stamped `now`; or, given `since`, stamped with the latest stored change
    after it, so the same data gives the same bytes (and the address can answer 304)."""
    assert group.id is not None
    planner.materialize(work, group, now)
    meetings = work.meetings.of_group(group.id)
    history = work.calendar.history(group.id)
    language = group.language
    texts = FeedTexts(language, render(language, "calendar.title", name=group.name),
                      render(language, "calendar.description"),
                      _notes(group, meetings, user_id))
    stamp = now if since is None else max(
        [since, *(s.updated_at for s in history),
         *(m.changed_at for m in meetings if m.changed_at is not None)])
    return calendar_feed(group, meetings, texts=texts, generated_at=stamp, series=history,
                         until=(now + VTIMEZONE_SPAN).date())


def member_feed(work: UnitOfWork, token: str, now: datetime) -> bytes | None:
    """The feed behind a secret address, or None for an unknown or revoked one, or when the
    person is no longer in the group."""
    row = work.calendar.by_hash(digest(token))
    group = work.groups.by_id(row.group_id) if row else None
    if row is None or group is None or not group.is_member(row.user_id):
        return None
    return group_feed(work, group, now, row.user_id, since=row.created_at)


def _calendar(links: CalendarLinks | None, work: UnitOfWork, event: commands.CalendarRequested,
              now: datetime) -> tuple[Effect, ...]:
    group = use_cases._group_of(work, event.team_id, event.channel_id)
    if group is None:
        return use_cases._no_group("en")
    if not group.is_member(event.user_id):
        return (Reject(t("roles.not_in_group"), group.language),)
    language = group.language
    if links is not None:
        assert group.id is not None
        if event.revoke:
            url = links.renew(work, group.id, event.user_id, now)
            return (Reply(Message("text", language, {
                "text": t("calendar.renewed", name=group.name, url=url)})),)
        url = links.address(work, group.id, event.user_id, now)
        return (Reply(Message("text", language, {
            "text": t("calendar.address", name=group.name, url=url)})),)
    if event.revoke:
        return (Reject(t("calendar.no_addresses"), language),)
    return (SendFile(filename="intervisie.ics", title=render(language, "calendar.title",
                                                             name=group.name),
                     content=group_feed(work, group, now), comment=Message("text", language, {
                         "text": t("calendar.comment", name=group.name)})),)


def handlers(links: CalendarLinks | None) -> dict[type, Callable]:
    found: dict[type, Callable] = {commands.CalendarRequested: partial(_calendar, links)}
    if links is not None:
        found[home.HomeOpened] = partial(use_cases.home_with_address, links.address)
    return found
