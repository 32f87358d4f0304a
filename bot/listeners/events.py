"""Events API: retries are recognised by event id and answered 200 without doing anything.

When the bot is added to a channel it introduces itself there once.
"""

from __future__ import annotations

import logging

from slack_bolt import App, BoltResponse

from bot.services import Services
from flows.effects import Message, Post
from flows.home import HomeOpened
from flows.texts import t

log = logging.getLogger(__name__)


def register(app: App, services: Services) -> None:
    @app.middleware
    def skip_retried_events(body: dict, next) -> BoltResponse | None:
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not services.runtime.first_delivery(event_id):
            log.info("event %s delivered again; already handled", event_id)
            # Returning a response (not just skipping next()) makes Bolt answer 200, not 404.
            return BoltResponse(status=200, body="")
        return next()

    @app.event("member_joined_channel")
    def on_member_joined(event: dict, body: dict, context) -> None:
        if event.get("user") != context.get("bot_user_id"):
            return
        team_id = context.get("team_id")
        event_ts = event.get("event_ts") or body.get("event_id") or "0"
        language = services.workspace.person(event["inviter"], team_id).language if event.get(
            "inviter") else "en"
        services.runtime.enqueue((Post(event["channel"], Message("text", language, {
            "text": t("setup.welcome")}), key=f"welcome:{event['channel']}:{event_ts}"),),
            team_id=team_id)

    @app.event("app_home_opened")
    def on_home_opened(event: dict, context) -> None:
        if event.get("tab") not in (None, "home"):
            return
        team_id = context.get("team_id") or ""
        person = services.workspace.person(event["user"], team_id)
        services.effects.run(services.runtime.handle(HomeOpened(
            team_id=team_id, user_id=event["user"], user_language=person.language)),
            team_id=team_id)
