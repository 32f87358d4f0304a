"""Rehearsal (oefenen): `/intervisie rehearse [method] [written]` runs a method for one person
alone, in their direct messages with the bot, sixty times faster — the same messages, cards
and forms as a real meeting. It counts for nothing and is wiped when it ends.

Pure: which method the words mean, and the stand-in group and meeting the shell saves. The
person plays every role: facilitator, and (with no case bringer named) every speaker.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from flows import library
from flows.group import Group
from flows.meeting import Meeting
from flows.methods import Method
from flows.recurrence import Schedule
from flows.written import LIVE, WRITTEN, WrittenPlan

LIVE_SPEED = 60  # a 90-minute method in 90 seconds
WRITTEN_WORKING_DAY_SECONDS = 60  # a written one: each working day a minute
ENDS_AFTER_SECONDS = 120  # after the summary, time to read it; then everything is wiped
WRITTEN_WORDS = ("written", "schriftelijk", "writing")


@dataclass(frozen=True)
class RehearseCommand:
    team_id: str
    user: str
    words: str  # what followed the command: a method's name, and "written" for that tempo
    user_language: str = "en"


def method_of(words: str) -> tuple[Method | None, str]:
    """(the method the words name — the default when none —, the tempo); None: unknown."""
    parts = [w for w in words.lower().split() if w]
    tempo = WRITTEN if any(w in WRITTEN_WORDS for w in parts) else LIVE
    wanted = " ".join(w for w in parts if w not in WRITTEN_WORDS)
    if not wanted:
        return library.method(None), tempo
    wanted = _plain(wanted)
    for method in library.methods().values():
        names = {_plain(method.id), _plain(method.name.nl), _plain(method.name.en)}
        if wanted in names or any(name.startswith(wanted) for name in names):
            return method, tempo
    return None, tempo


def _plain(name: str) -> str:
    return " ".join(name.lower().replace("-", " ").replace("_", " ").split())


def speed_for(tempo: str) -> float:
    if tempo == WRITTEN:
        return WrittenPlan().week.day_seconds / WRITTEN_WORKING_DAY_SECONDS
    return LIVE_SPEED


def stand_in(command: RehearseCommand, method: Method, tempo: str, now: datetime
             ) -> tuple[Group, Meeting]:
    """The group of one (in the person's DM: its channel is their user id) and its meeting."""
    language = command.user_language if command.user_language in ("nl", "en") else "en"
    minutes = method.meeting_minutes + library.frame().default_minutes
    schedule = Schedule("FREQ=WEEKLY", now.date(), time(0, 0), "UTC", minutes)
    group = Group(team_id=command.team_id, channel_id=command.user, name=method.name.get(
        language), members=(command.user,), coordinators=(command.user,), language=language,
        schedule=schedule, method_id=method.id, auto_advance=True, tempo=tempo,
        rehearsal=True)
    meeting = Meeting(group_id=0, occurrence=now, start=now, duration_minutes=minutes,
                      facilitator=command.user, roles_confirmed=True, unscheduled=True,
                      tempo=tempo)
    return group, meeting
