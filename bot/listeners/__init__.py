"""Bolt listeners, one module per kind of payload; `register` wires them all to an App.

The guard goes first (malformed, foreign or repeated requests stop there) and its fallbacks
last (whatever no listener took is acknowledged and ignored).
"""

from __future__ import annotations

from slack_bolt import App

from bot.listeners import actions, commands, events, guard, live, live_views, views
from bot.services import Services


def register(app: App, services: Services) -> None:
    guard.register(app, services)
    commands.register(app, services)
    actions.register(app, services)
    views.register(app, services)
    live.register(app, services)
    live_views.register(app, services)
    events.register(app, services)
    guard.register_fallbacks(app)
