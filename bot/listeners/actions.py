"""Button presses and menu choices in the bot's messages.

Acknowledged at once; the press becomes an event for the runtime, and its effects update the
pressed message or answer the presser privately. Presses are not retried by Slack, but people
double-click: flows compare against the meeting's current state, so a repeat changes nothing.
"""

from __future__ import annotations

import logging
import re

from slack_bolt import Ack, App

from bot import ids
from bot.effects import Actor
from bot.services import Services
from flows.agreements import AgreementsButtonPressed
from flows.cases import CaseFormRequested
from flows.evaluation import EvaluationFormRequested
from flows.evaluation_proposals import ProposalAccepted
from flows.followup import ActionAnswered, ActionFormRequested
from flows.home import HomeOpened
from flows.privacy import ForgetMeConfirmed
from flows.reflection import ReflectionFormRequested
from flows.roles import EscalationAnswered, MemberAnswered, RoleButtonPressed

log = logging.getLogger(__name__)


def actor_of(body: dict) -> Actor:
    channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get(
        "channel_id")
    return Actor(user_id=body["user"]["id"], team_id=(body.get("team") or {}).get("id", ""),
                 channel_id=channel, trigger_id=body.get("trigger_id"),
                 response_url=body.get("response_url"),
                 message_ts=(body.get("container") or {}).get("message_ts"))


def _meeting_id(action: dict) -> int | None:
    raw = action.get("value") or ""
    if not raw:
        match = re.fullmatch(r"pick_(\d+)", action.get("block_id", ""))
        raw = match.group(1) if match else ""
    return int(raw) if raw.isdigit() else None


def register(app: App, services: Services) -> None:
    def handle(body: dict, action: dict, known: tuple[str, ...], make) -> None:
        """Common to every button that carries an id (a meeting's, or an action's): build the
        event from the id and the button's name, carry it out."""
        item_id = _meeting_id(action)
        if item_id is None or action["action_id"] not in known:
            log.warning("unexpected action %s", action.get("action_id"))
            return
        actor = actor_of(body)
        choice = action["action_id"].split(".", 1)[1]
        services.effects.run(services.runtime.handle(make(actor, item_id, choice), actor), actor)

    @app.action(re.compile(r"^roles\."))
    def on_role_action(ack: Ack, body: dict, action: dict) -> None:
        ack()
        handle(body, action, ids.ROLE_ACTIONS, lambda actor, meeting_id, choice: RoleButtonPressed(
            actor.team_id, actor.user_id, meeting_id, choice, chosen=action.get("selected_user")))

    @app.action(re.compile(r"^member\."))
    def on_member_action(ack: Ack, body: dict, action: dict) -> None:
        ack()
        handle(body, action, ids.MEMBER_ACTIONS, lambda actor, meeting_id, choice: MemberAnswered(
            actor.team_id, actor.user_id, meeting_id, choice))

    @app.action(ids.CASE_OPEN)
    def on_case_open(ack: Ack, body: dict, action: dict) -> None:
        ack()  # then open the form within the trigger's 3 seconds
        actor = actor_of(body)
        person = services.workspace.person(actor.user_id, actor.team_id)
        event = CaseFormRequested(actor.team_id, actor.user_id, _meeting_id(action),
                                  user_language=person.language)
        services.effects.run(services.runtime.handle(event, actor), actor)

    @app.action(re.compile(r"^case\.(ask_other|without|cancel)$"))
    def on_escalation(ack: Ack, body: dict, action: dict) -> None:
        ack()
        handle(body, action, ids.ESCALATION_ACTIONS, lambda actor, meeting_id, choice:
               EscalationAnswered(actor.team_id, actor.user_id, meeting_id, choice))

    @app.action(ids.PRIVACY_FORGET)
    def on_forget(ack: Ack, body: dict, action: dict) -> None:
        ack()
        actor = actor_of(body)
        event = ForgetMeConfirmed(actor.team_id, actor.user_id, action.get("value") or "en")
        services.effects.run(services.runtime.handle(event, actor), actor)

    @app.action(re.compile(r"^action\.(report|snooze|drop)$"))
    def on_action_nudge(ack: Ack, body: dict, action: dict) -> None:
        ack()  # Report back opens a form: within the trigger's 3 seconds
        handle(body, action, ids.NUDGE_ACTIONS, lambda actor, action_id, choice:
               ActionAnswered(actor.user_id, action_id, choice))
        if (body.get("container") or {}).get("type") == "view":  # pressed on the Home tab
            actor = actor_of(body)
            person = services.workspace.person(actor.user_id, actor.team_id)
            services.effects.run(services.runtime.handle(
                HomeOpened(actor.team_id, actor.user_id, person.language)), actor)

    @app.action(ids.ACTION_NEW)
    def on_new_action(ack: Ack, body: dict, action: dict) -> None:
        ack()  # then the form, within the trigger's 3 seconds
        language = services.workspace.person(body["user"]["id"], actor_of(body).team_id).language
        handle(body, action, (ids.ACTION_NEW,), lambda actor, meeting_id, _: ActionFormRequested(
            actor.team_id, actor.user_id, language, meeting_id=meeting_id))

    def form_button(action_id: str, requested) -> None:
        """A button that opens a form for the one who pressed it, about a meeting."""
        @app.action(action_id)
        def on_form_button(ack: Ack, body: dict, action: dict) -> None:
            ack()  # then the form, within the trigger's 3 seconds
            handle(body, action, (action_id,), lambda actor, meeting_id, _:
                   requested(actor.user_id, meeting_id))

    form_button(ids.EVALUATION_OPEN, EvaluationFormRequested)
    form_button(ids.REFLECTION_OPEN, ReflectionFormRequested)
    form_button(ids.AGREEMENTS_OPEN, AgreementsButtonPressed)

    @app.action(ids.PROPOSAL_ACCEPT)
    def on_proposal(ack: Ack, body: dict, action: dict) -> None:
        ack()
        meeting, _, proposal = (action.get("value") or "").partition(":")
        if not meeting.isdigit():
            log.warning("unexpected proposal value")
            return
        actor = actor_of(body)
        services.effects.run(services.runtime.handle(
            ProposalAccepted(actor.user_id, int(meeting), proposal)), actor)
