"""`/intervisie …`: acknowledge at once, then answer privately or open a form.

The acknowledgement is empty on purpose: every answer goes through `response_url` or
`views.open`, both of which work after the 3-second window for the ack has closed.
"""

from __future__ import annotations

from slack_bolt import Ack, App

from bot.effects import Actor
from bot.live_use_cases import CardCommand, StartCommand
from bot.services import Services
from flows import commands
from flows.agreements import AgreementsRequested
from flows.attendance import AttendanceRequested
from flows.cases import CaseFormRequested
from flows.changes import ChangeFormRequested
from flows.commands import CalendarRequested, Command, HelpRequested
from flows.followup import ActionFormRequested
from flows.my_data import MyDataRequested
from flows.privacy import ForgetMeRequested
from flows.records import RecordRequested
from flows.rehearsal import RehearseCommand
from flows.rota import RotaRequested
from flows.setup import SetupRequested

CHANGE_COMMANDS = {Command.CANCEL: "cancel", Command.MOVE: "move", Command.PAUSE: "pause",
                   Command.AWAY: "away"}

COMMAND = "/intervisie"


def register(app: App, services: Services) -> None:
    @app.command(COMMAND)
    def on_command(ack: Ack, command: dict) -> None:
        ack()
        handle_command(services, command)


def handle_command(services: Services, command: dict) -> None:
    actor = Actor(user_id=command["user_id"], team_id=command["team_id"],
                  channel_id=command.get("channel_id"), trigger_id=command.get("trigger_id"),
                  response_url=command.get("response_url"))
    parsed = commands.parse(command.get("text") or "")
    channel_id = command.get("channel_id", "")
    person = services.workspace.person(actor.user_id, actor.team_id)
    event: object
    if parsed.command is Command.SETUP:
        # The trigger lives 3 s: one users.info (cached) and one conversations.info, then open.
        channel = services.workspace.channel(channel_id, actor.team_id)
        event = SetupRequested(team_id=actor.team_id, user_id=actor.user_id,
                               channel_id=channel.channel_id, user_language=person.language,
                               user_timezone=person.timezone, bot_in_channel=channel.bot_is_member,
                               channel_is_private=channel.is_private, channel_is_dm=channel.is_dm)
    elif parsed.command is Command.ROTA:
        event = RotaRequested(actor.team_id, channel_id, actor.user_id, person.language)
    elif parsed.command in CHANGE_COMMANDS:
        event = ChangeFormRequested(actor.team_id, channel_id, actor.user_id,
                                    CHANGE_COMMANDS[parsed.command])
    elif parsed.command is Command.CASE:
        event = CaseFormRequested(actor.team_id, actor.user_id, None,
                                  user_language=person.language)
    elif parsed.command is Command.CALENDAR:
        event = CalendarRequested(actor.team_id, channel_id, actor.user_id,
                                  revoke=parsed.rest.lower() in commands.REVOKE_WORDS)
    elif parsed.command is Command.START:
        event = StartCommand(actor.team_id, channel_id, actor.user_id, person.language)
    elif parsed.command is Command.ACTION:
        event = ActionFormRequested(actor.team_id, actor.user_id, person.language,
                                    channel_id=channel_id)
    elif parsed.command is Command.ATTENDANCE:
        # Names for the register: looked up here, where Slack may be asked.
        names = {user: services.workspace.person(user, actor.team_id).name or user
                 for user in services.runtime.people_of(actor.team_id, channel_id)}
        event = AttendanceRequested(actor.team_id, channel_id, actor.user_id, parsed.rest or None,
                                    person.language, names)
    elif parsed.command is Command.RECORD:
        event = RecordRequested(actor.team_id, actor.user_id, parsed.rest, person.language,
                                person.name)
    elif parsed.command is Command.MY_DATA:
        event = MyDataRequested(actor.team_id, actor.user_id, person.language, person.name)
    elif parsed.command is Command.FORGET_ME:
        event = ForgetMeRequested(actor.team_id, actor.user_id, person.language)
    elif parsed.command is Command.AGREEMENTS:
        event = AgreementsRequested(actor.team_id, channel_id, actor.user_id, person.language)
    elif parsed.command is Command.REHEARSE:
        event = RehearseCommand(actor.team_id, actor.user_id, parsed.rest, person.language)
    elif parsed.command is Command.CARD:
        event = CardCommand(actor.team_id, channel_id, actor.user_id, parsed.rest or None,
                            person.language)
    else:
        unknown = parsed.word if parsed.command is None else None
        event = HelpRequested(team_id=actor.team_id, channel_id=channel_id,
                              user_language=person.language, unknown_word=unknown)
    services.effects.run(services.runtime.handle(event, actor), actor)
