"""Modal submissions: validate before acknowledging, so field errors reach the open form.

Slack keeps everything typed in a modal that answers `response_action: errors`, so a mistake
costs the person nothing they entered.
"""

from __future__ import annotations

from slack_bolt import Ack, App

from bot import inbound
from bot.effects import Actor
from bot.render.forms import SETUP_CALLBACK, render_errors
from bot.services import Services
from flows.effects import FormErrors
from flows.setup import GroupFormSubmitted


def register(app: App, services: Services) -> None:
    @app.view(SETUP_CALLBACK)
    def on_setup_submitted(ack: Ack, body: dict, view: dict) -> None:
        meta = inbound.metadata(view)
        team_id = body["team"]["id"] if body.get("team") else view.get("team_id", "")
        actor = Actor(user_id=body["user"]["id"], team_id=team_id,
                      channel_id=meta.get("channel_id"))
        event = GroupFormSubmitted(user_id=actor.user_id, team_id=team_id,
                                   channel_id=meta.get("channel_id", ""),
                                   form=inbound.group_form(view.get("state", {})),
                                   language=meta.get("language", "en"),
                                   private=bool(meta.get("private", True)))
        effects = services.runtime.handle(event)
        errors = [effect for effect in effects if isinstance(effect, FormErrors)]
        if errors:
            ack(response_action="errors",
                errors=render_errors(errors[0].language, errors[0].errors))
            return
        ack()
        services.effects.run(effects, actor)
