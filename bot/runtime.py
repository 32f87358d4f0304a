"""The runtime: for each event, load what flows needs, step, save in one transaction, and
hand back the effects for the shell to carry out.

Listeners call `handle` after parsing a payload; nothing else in bot/ touches the database.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.clock import Clock
from flows import commands, home, setup
from flows.effects import Effect
from storage.repositories import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class HelpRequested:
    team_id: str
    channel_id: str
    user_language: str
    unknown_word: str | None = None


Event = HelpRequested | setup.SetupRequested | setup.GroupFormSubmitted | home.HomeOpened


class Runtime:
    def __init__(self, store: Store, clock: Clock) -> None:
        self.store = store
        self.clock = clock

    def handle(self, event: Event) -> tuple[Effect, ...]:
        now = self.clock.now()
        with self.store.unit_of_work() as work:
            match event:
                case HelpRequested():
                    group = work.groups.by_channel(event.team_id, event.channel_id)
                    language = group.language if group else event.user_language
                    return (commands.help_reply(language, event.unknown_word),)
                case setup.SetupRequested():
                    group = work.groups.by_channel(event.team_id, event.channel_id)
                    return setup.request_setup(event, group)
                case setup.GroupFormSubmitted():
                    existing = work.groups.by_channel(event.team_id, event.channel_id)
                    group, effects = setup.submit_setup(event, existing, now)
                    if group is not None:
                        group = work.groups.save(group, now)
                        log.info("group %s saved for channel %s", group.id, group.channel_id)
                    return effects
                case home.HomeOpened():
                    groups = work.groups.for_user(event.team_id, event.user_id)
                    return (home.home(event, groups, now),)
        raise TypeError(f"no handler for {type(event).__name__}")

    def first_delivery(self, event_id: str) -> bool:
        """True the first time Slack delivers this event id, False for its retries."""
        with self.store.unit_of_work() as work:
            return work.events.first_time(event_id, self.clock.now())
