"""Modal submissions: validate before acknowledging, so field errors reach the open form.

Slack keeps everything typed in a modal that answers `response_action: errors`, so a mistake
costs the person nothing they entered.
"""

from __future__ import annotations

import re

from slack_bolt import Ack, App

from bot import inbound
from bot.effects import Actor
from bot.render.agreements import AGREEMENTS_CALLBACK
from bot.render.case_form import CASE_CALLBACK, case_text
from bot.render.evaluation import EVALUATION_CALLBACK, EVALUATION_FIELDS
from bot.render.followup import NEW_ACTION_CALLBACK, REPORT_CALLBACK
from bot.render.forms import SETUP_CALLBACK, render_errors
from bot.render.reflection import REFLECTION_CALLBACK
from bot.services import Services
from flows.agreements import AgreementsSubmitted
from flows.cases import FIELDS, CaseFormSubmitted
from flows.changes import ChangeSubmitted
from flows.effects import FormErrors
from flows.evaluation import EvaluationSubmitted
from flows.followup import FIELDS as FOLLOW_UP_FIELDS
from flows.followup import ActionSubmitted, ReportSubmitted
from flows.reflection import QUESTIONS as REFLECTION_QUESTIONS
from flows.reflection import ReflectionSubmitted
from flows.setup import GroupFormSubmitted


def team_of(body: dict, view: dict) -> str:
    return body["team"]["id"] if body.get("team") else view.get("team_id", "")


def acknowledge(ack: Ack, effects: tuple) -> bool:
    """Field errors go back in the acknowledgement; True when the form was accepted."""
    errors = [effect for effect in effects if isinstance(effect, FormErrors)]
    if errors:
        ack(response_action="errors", errors=render_errors(errors[0].language, errors[0].errors))
        return False
    ack()
    return True


def run_form(services: Services, ack: Ack, body: dict, view: dict, event: object | None
             ) -> None:
    """A submitted form that needs only its submitter: decide, acknowledge (with any field
    errors), then carry out. `event` None: the form's metadata is not ours, nothing to do."""
    if event is None:
        ack()
        return
    actor = Actor(user_id=body["user"]["id"], team_id=team_of(body, view))
    effects = services.runtime.handle(event, actor)
    if acknowledge(ack, effects):
        services.effects.run(effects, actor)


def _id(meta: dict, key: str) -> int | None:
    value = meta.get(key)
    return value if isinstance(value, int) else None


def register(app: App, services: Services) -> None:
    @app.view(SETUP_CALLBACK)
    def on_setup_submitted(ack: Ack, body: dict, view: dict) -> None:
        meta = inbound.metadata(view)
        team_id = team_of(body, view)
        actor = Actor(user_id=body["user"]["id"], team_id=team_id,
                      channel_id=meta.get("channel_id"))
        event = GroupFormSubmitted(user_id=actor.user_id, team_id=team_id,
                                   channel_id=meta.get("channel_id", ""),
                                   form=inbound.group_form(view.get("state", {})),
                                   language=meta.get("language", "en"),
                                   private=bool(meta.get("private", True)))
        effects = services.runtime.handle(event, actor)
        if acknowledge(ack, effects):
            services.effects.run(effects, actor)

    @app.view(re.compile(r"^change_(cancel|move|pause|away)$"))
    def on_change_submitted(ack: Ack, body: dict, view: dict) -> None:
        meta = inbound.metadata(view)
        team_id = team_of(body, view)
        actor = Actor(user_id=body["user"]["id"], team_id=team_id,
                      channel_id=meta.get("channel_id"))
        state = view.get("state", {})
        meeting = inbound.field_value(state, "meeting")
        event = ChangeSubmitted(
            team_id=team_id, channel_id=meta.get("channel_id", ""), user_id=actor.user_id,
            form=view["callback_id"].removeprefix("change_"),
            meeting_id=int(meeting) if meeting and meeting.isdigit() else None,
            new_date=inbound.field_value(state, "new_date"),
            new_time=inbound.field_value(state, "new_time"),
            first_day=inbound.field_value(state, "first_day"),
            last_day=inbound.field_value(state, "last_day"),
            location=inbound.field_value(state, "location"),
            tempo=inbound.field_value(state, "tempo"))
        effects = services.runtime.handle(event, actor)
        if acknowledge(ack, effects):
            services.effects.run(effects, actor)

    def _case_event(body: dict, view: dict, closed: bool) -> CaseFormSubmitted | None:
        meta = inbound.metadata(view)
        meeting_id = meta.get("meeting_id")
        if not isinstance(meeting_id, int):
            return None
        state = view.get("state", {})
        values = {name: inbound.field_value(state, name) for name in (*FIELDS, "method", "share")}
        team_id = team_of(body, view)
        return CaseFormSubmitted(team_id=team_id, user_id=body["user"]["id"],
                                 meeting_id=meeting_id, text=case_text(values), closed=closed,
                                 language=meta.get("language", "en"))

    @app.view(CASE_CALLBACK)
    def on_case_submitted(ack: Ack, body: dict, view: dict) -> None:
        event = _case_event(body, view, closed=False)
        if event is None:
            ack()
            return
        actor = Actor(user_id=event.user_id, team_id=event.team_id)
        effects = services.runtime.handle(event, actor)
        if acknowledge(ack, effects):
            services.effects.run(effects, actor)

    @app.view_closed(CASE_CALLBACK)
    def on_case_closed(ack: Ack, body: dict, view: dict) -> None:
        ack()
        event = _case_event(body, view, closed=True)
        if event is not None:
            services.runtime.handle(event)  # kept as a draft; nothing to tell anyone

    @app.view(REPORT_CALLBACK)
    def on_report_submitted(ack: Ack, body: dict, view: dict) -> None:
        state, action_id = view.get("state", {}), _id(inbound.metadata(view), "action_id")
        run_form(services, ack, body, view, None if action_id is None else ReportSubmitted(
            body["user"]["id"], action_id,
            **{name: inbound.field_value(state, name) or "" for name in FOLLOW_UP_FIELDS},
            share=inbound.field_value(state, "share")))

    @app.view(NEW_ACTION_CALLBACK)
    def on_new_action(ack: Ack, body: dict, view: dict) -> None:
        state, meeting_id = view.get("state", {}), _id(inbound.metadata(view), "meeting_id")
        run_form(services, ack, body, view, None if meeting_id is None else ActionSubmitted(
            body["user"]["id"], meeting_id, inbound.field_value(state, "text") or "",
            inbound.field_value(state, "owner"), inbound.field_value(state, "due_date")))

    @app.view(EVALUATION_CALLBACK)
    def on_evaluation(ack: Ack, body: dict, view: dict) -> None:
        state, meeting_id = view.get("state", {}), _id(inbound.metadata(view), "meeting_id")
        run_form(services, ack, body, view, None if meeting_id is None else EvaluationSubmitted(
            body["user"]["id"], meeting_id,
            {name: inbound.field_value(state, name) for name in EVALUATION_FIELDS}))

    @app.view(REFLECTION_CALLBACK)
    def on_reflection(ack: Ack, body: dict, view: dict) -> None:
        state, meeting_id = view.get("state", {}), _id(inbound.metadata(view), "meeting_id")
        run_form(services, ack, body, view, None if meeting_id is None else ReflectionSubmitted(
            body["user"]["id"], meeting_id,
            {name: inbound.field_value(state, name) for name in REFLECTION_QUESTIONS},
            plan=inbound.field_value(state, "plan"),
            plan_due=inbound.field_value(state, "plan_due")))

    @app.view(AGREEMENTS_CALLBACK)
    def on_agreements(ack: Ack, body: dict, view: dict) -> None:
        group_id = _id(inbound.metadata(view), "group_id")
        run_form(services, ack, body, view, None if group_id is None else AgreementsSubmitted(
            body["user"]["id"], group_id, inbound.field_value(view.get("state", {}), "text")
            or ""))
