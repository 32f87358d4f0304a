"""Bolt listeners, one module per kind of payload; `register` wires them all to an App."""

from __future__ import annotations

from slack_bolt import App

from bot.listeners import actions, commands, events, live, live_views, views
from bot.services import Services


def register(app: App, services: Services) -> None:
    commands.register(app, services)
    actions.register(app, services)
    views.register(app, services)
    live.register(app, services)
    live_views.register(app, services)
    events.register(app, services)
