"""The `/intervisie` command: which sub-command was typed, and the help answer.

Sub-commands are matched in both languages, so `/intervisie hulp` works as well as `help`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from flows.effects import Message, Reply
from flows.texts import t


class Command(StrEnum):
    HELP = "help"
    SETUP = "setup"
    ROTA = "rota"
    CANCEL = "cancel"
    MOVE = "move"
    PAUSE = "pause"
    AWAY = "away"
    CASE = "case"
    CALENDAR = "calendar"
    START = "start"
    CARD = "card"
    ACTION = "action"
    ATTENDANCE = "attendance"
    RECORD = "record"
    MY_DATA = "my-data"
    FORGET_ME = "forget-me"
    AGREEMENTS = "agreements"
    REHEARSE = "rehearse"


ALIASES = {
    "": Command.HELP,
    "help": Command.HELP,
    "hulp": Command.HELP,
    "?": Command.HELP,
    "setup": Command.SETUP,
    "instellen": Command.SETUP,
    "rota": Command.ROTA,
    "rooster": Command.ROTA,
    "cancel": Command.CANCEL,
    "afzeggen": Command.CANCEL,
    "move": Command.MOVE,
    "verzetten": Command.MOVE,
    "pause": Command.PAUSE,
    "pauze": Command.PAUSE,
    "away": Command.AWAY,
    "afwezig": Command.AWAY,
    "case": Command.CASE,
    "casus": Command.CASE,
    "calendar": Command.CALENDAR,
    "agenda": Command.CALENDAR,
    "start": Command.START,
    "begin": Command.START,
    "beginnen": Command.START,
    "card": Command.CARD,
    "kaart": Command.CARD,
    "action": Command.ACTION,
    "actie": Command.ACTION,
    "attendance": Command.ATTENDANCE,
    "aanwezigheid": Command.ATTENDANCE,
    "record": Command.RECORD,
    "overzicht": Command.RECORD,
    "my-data": Command.MY_DATA,
    "mijn-gegevens": Command.MY_DATA,
    "forget-me": Command.FORGET_ME,
    "vergeet-mij": Command.FORGET_ME,
    "agreements": Command.AGREEMENTS,
    "afspraken": Command.AGREEMENTS,
    "rehearse": Command.REHEARSE,
    "oefen": Command.REHEARSE,
    "oefenen": Command.REHEARSE,
}

# Shown in the help, in this order; later issues add their commands here and in the texts.
LISTED = tuple(Command)


@dataclass(frozen=True)
class HelpRequested:
    team_id: str
    channel_id: str
    user_language: str
    unknown_word: str | None = None


@dataclass(frozen=True)
class CalendarRequested:
    team_id: str
    channel_id: str
    user_id: str
    revoke: bool = False  # `/intervisie calendar revoke`: a new address, the old one stops


REVOKE_WORDS = ("revoke", "intrekken")


@dataclass(frozen=True)
class ParsedCommand:
    command: Command | None  # None: not a command we know
    word: str
    rest: str


def parse(text: str) -> ParsedCommand:
    word, _, rest = text.strip().partition(" ")
    return ParsedCommand(ALIASES.get(word.lower()), word, rest.strip())


def help_reply(language: str, unknown_word: str | None = None) -> Reply:
    return Reply(Message("help", language, {
        "commands": LISTED,
        "hint": t("help.unknown", word=unknown_word) if unknown_word else None,
    }))
