"""The demo workspace as data (demo.toml): its people and the group's channel, put into the
Slack stand-in when the sandbox starts."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources

from bot.sandbox.slack.fake_slack import FakeSlack


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    real_name: str
    role: str
    locale: str
    tz: str

    @property
    def language(self) -> str:
        return "nl" if self.locale.lower().startswith("nl") else "en"


@dataclass(frozen=True)
class Demo:
    team_name: str
    channel_id: str
    channel_name: str
    private: bool
    people: tuple[Person, ...]

    def person(self, user_id: str) -> Person | None:
        return next((p for p in self.people if p.id == user_id), None)


def load(text: str | None = None) -> Demo:
    raw = tomllib.loads(text if text is not None else
                        resources.files("bot.sandbox").joinpath("demo.toml").read_text("utf-8"))
    return Demo(team_name=raw["workspace"]["name"], channel_id=raw["channel"]["id"],
                channel_name=raw["channel"]["name"], private=bool(raw["channel"]["private"]),
                people=tuple(Person(**p) for p in raw["people"]))


def populate(slack: FakeSlack, demo: Demo) -> None:
    for person in demo.people:
        slack.add_user(person.id, person.name, real_name=person.real_name, tz=person.tz,
                       locale=person.locale)
    slack.add_channel(demo.channel_id, demo.channel_name, is_private=demo.private,
                      members=[p.id for p in demo.people])
