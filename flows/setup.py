"""Creating and editing a channel's group: who may, which form opens, what gets posted.

Pure decisions on top of `flows.group`: the shell tells what it knows (the group, whether the
bot is in the channel, the user's zone and language) and receives effects.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flows.effects import Effect, FormErrors, Message, OpenForm, Post, Reject, Reply
from flows.group import RECOMMENDED_SIZE, Group, GroupForm, validate_group_form
from flows.texts import t

SUMMARY_DATES = 3


@dataclass(frozen=True)
class SetupRequested:
    """Someone typed `/intervisie setup` in a channel."""

    team_id: str
    user_id: str
    channel_id: str
    user_language: str
    user_timezone: str | None
    bot_in_channel: bool
    channel_is_private: bool
    channel_is_dm: bool = False


@dataclass(frozen=True)
class GroupFormSubmitted:
    user_id: str
    team_id: str
    channel_id: str
    form: GroupForm
    language: str  # the language the form was shown in
    private: bool  # whether the channel is private, as seen when the form opened


def request_setup(event: SetupRequested, group: Group | None) -> tuple[Effect, ...]:
    language = group.language if group else event.user_language
    if event.channel_is_dm:
        return (Reject(t("setup.needs_channel"), language),)
    if not event.bot_in_channel:
        return (Reject(t("setup.invite_bot"), language),)
    if group and not group.is_coordinator(event.user_id):
        return (Reject(t("setup.only_coordinator"), language),)
    return (OpenForm("group_setup", language, {
        "group": group, "user_id": event.user_id, "channel_id": event.channel_id,
        "timezone": event.user_timezone, "private": event.channel_is_private}),)


def submit_setup(event: GroupFormSubmitted, existing: Group | None,
                 now: datetime) -> tuple[Group | None, tuple[Effect, ...]]:
    """Validate and save the form; the summary lists the next meetings in the channel."""
    if existing and not existing.is_coordinator(event.user_id):
        return None, (Reject(t("setup.only_coordinator"), existing.language),)
    result = validate_group_form(event.form, team_id=event.team_id, channel_id=event.channel_id,
                                 now=now, existing=existing, channel_private=event.private)
    if result.group is None:
        return None, (FormErrors(result.errors, event.language),)
    group = result.group
    low, high = RECOMMENDED_SIZE
    summary = Message("group_summary", group.language, {
        "group": group,
        "created": existing is None,
        "next_starts": group.schedule.occurrences(now, SUMMARY_DATES),
        "privacy_warning": not event.private,
    })
    effects: list[Effect] = [Post(event.channel_id, summary)]
    if not group.size_is_recommended:
        effects.append(Reply(Message("text", group.language, {"text": t(
            "setup.size_warning", count=len(group.members), low=low, high=high)})))
    return group, tuple(effects)
