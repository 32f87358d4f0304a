"""Use cases of the group agreements: the form (from the command or the first meeting's
agenda) and the new text, kept, posted and pinned."""

from __future__ import annotations

from datetime import datetime

from flows import agreements
from flows.effects import Effect, Reject
from flows.texts import t
from storage.repositories import UnitOfWork


def _requested(work: UnitOfWork, event: agreements.AgreementsRequested, now: datetime
               ) -> tuple[Effect, ...]:
    group = work.groups.by_channel(event.team_id, event.channel_id)
    if group is None or group.id is None:
        return (Reject(t("group.none_here"), event.language),)
    return agreements.open_form(group, work.agreements.of(group.id), event.user)


def _pressed(work: UnitOfWork, event: agreements.AgreementsButtonPressed, now: datetime
             ) -> tuple[Effect, ...]:
    found = work.meeting_and_group(event.meeting_id)
    if found is None:
        return (Reject(t("roles.gone"), "en"),)
    meeting, group = found
    return agreements.open_form(group, work.agreements.of(group.id or 0), event.user, meeting)


def _submitted(work: UnitOfWork, event: agreements.AgreementsSubmitted, now: datetime
               ) -> tuple[Effect, ...]:
    group = work.groups.by_id(event.group_id)
    if group is None or group.id is None:
        return (Reject(t("roles.gone"), "en"),)
    # The facilitator of the first meeting may draft them as well as the coordinators.
    first = next((m for m in work.meetings.of_group(group.id) if not m.cancelled), None)
    kept, effects = agreements.submit(group, work.agreements.of(group.id), event, first)
    if kept is not None:
        work.agreements.save(kept, now)
    return effects


HANDLERS = {
    agreements.AgreementsRequested: _requested,
    agreements.AgreementsButtonPressed: _pressed,
    agreements.AgreementsSubmitted: _submitted,
}
