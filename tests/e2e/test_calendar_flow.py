"""A group through two months against the fake Slack: every reminder once, at its time, to
the right people; and the buttons coordinators and members press on the way."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from tests.e2e.test_setup import GOOD, open_setup

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
JAN7 = datetime(2027, 1, 7, 13, 0, tzinfo=UTC)  # first Thursday, 14:00 Amsterdam (UTC+1)
FEB4 = datetime(2027, 2, 4, 13, 0, tzinfo=UTC)
MAR4 = datetime(2027, 3, 4, 13, 0, tzinfo=UTC)


def at(day: datetime, days_before: int) -> float:
    return day.timestamp() - days_before * 86400


def make_group(bot, slack, **answers):
    opened = open_setup(bot, slack)
    assert bot.submit(opened, {**GOOD, "first_date": "2027-01-07", **answers}).status == 200
    slack.wait_for_call("chat.postMessage")
    slack.reset_calls()


def sent(slack):
    """(when, where, what) for every message the bot posted, in order."""
    result = []
    for call in slack.calls_to("chat.postMessage"):
        assert call.ok, call.error
        title = next((b["text"]["text"] for b in call.args.get("blocks", [])
                      if b["type"] == "header"), call.args["text"][:30])
        result.append((call.at, call.args["channel"], title))
    return result


def test_two_months_of_reminders_each_once_at_its_time(bot, slack, clock):
    clock.set(START)
    make_group(bot, slack)
    bot.run_until(datetime(2027, 2, 4, 14, 0, tzinfo=UTC))
    expected = [
        (at(JAN7, 28), "DU1", "Rollen voor Casemanagers Noord"),
        (at(JAN7, 14), "C1", "Agenda: Casemanagers Noord"),
        (at(JAN7, 14), "DU1", "Je brengt een casus in op"),  # U1 brings the first case
        (at(JAN7, 7), "DU1", "Je casus voor 07-01-2027"),  # no case in a week before
        (at(JAN7, 3), "C1", "Over een paar dagen: Casemanagers Noord"),
        (at(JAN7, 2), "DU1", "Nog geen casus voor de bijeenk"),  # coordinator asked
        (at(JAN7, 1), "DU1", "Morgen: Casemanagers Noord"),
        (at(JAN7, 1), "DU2", "Morgen: Casemanagers Noord"),
        (at(JAN7, 1), "DU3", "Morgen: Casemanagers Noord"),
        (at(JAN7, 0), "C1", "Intervisie: Casemanagers Noord"),  # the opening, with Start
        (at(FEB4, 28), "DU1", "Rollen voor Casemanagers Noord"),
        (at(FEB4, 14), "C1", "Agenda: Casemanagers Noord"),
        (at(FEB4, 14), "DU2", "Je brengt een casus in op"),  # then U2: fair rotation
        (at(FEB4, 7), "DU2", "Je casus voor 04-02-2027"),
        (at(FEB4, 3), "C1", "Over een paar dagen: Casemanagers Noord"),
        (at(FEB4, 2), "DU1", "Nog geen casus voor de bijeenk"),
        (at(FEB4, 1), "DU1", "Morgen: Casemanagers Noord"),
        (at(FEB4, 1), "DU2", "Morgen: Casemanagers Noord"),
        (at(FEB4, 1), "DU3", "Morgen: Casemanagers Noord"),
        (at(FEB4, 0), "C1", "Intervisie: Casemanagers Noord"),
        (at(MAR4, 28), "DU1", "Rollen voor Casemanagers Noord"),
    ]
    actual = [(when, channel, title if not title.startswith("Je brengt") else
               "Je brengt een casus in op") for when, channel, title in sent(slack)]
    assert actual == expected
    # The case bringer's reminder carries the date as Slack's own date token.
    day_before = slack.messages("DU3")[-1]
    assert f"<!date^{int(FEB4.timestamp())}^" in json.dumps(day_before["blocks"])


def test_the_coordinator_confirms_swaps_and_picks(bot, slack, clock):
    clock.set(START)
    make_group(bot, slack)
    bot.run_until(datetime(2026, 12, 10, 13, 0, tzinfo=UTC))
    proposal = slack.messages("DU1")[-1]
    text = json.dumps(proposal["blocks"], ensure_ascii=False)
    assert "*Casusinbrenger:* <@U1>" in text and "*Procesbegeleider:* <@U2>" in text
    # A member who is not coordinator cannot confirm.
    bot.press("DU1", "roles.confirm", user="U2")
    refusal = slack.wait_for_call("response_url")
    assert "Alleen de coördinatoren" in refusal.args["text"]
    slack.reset_calls()
    bot.press("DU1", "roles.swap", user="U1")
    swapped = json.dumps(slack.wait_for_call("response_url").args["blocks"], ensure_ascii=False)
    assert "*Casusinbrenger:* <@U2>" in swapped and "*Procesbegeleider:* <@U1>" in swapped
    slack.reset_calls()
    bot.press("DU1", "roles.facilitator", user="U1", selected_user="U2")  # U2 brings the case
    assert "kan in dezelfde bijeenkomst niet ook" in slack.wait_for_call(
        "response_url").args["text"]
    slack.reset_calls()
    bot.press("DU1", "roles.facilitator", user="U1", selected_user="U3")
    slack.wait_for_call("response_url")
    slack.reset_calls()
    bot.press("DU1", "roles.confirm", user="U1")
    confirmed = slack.wait_for_call("response_url").args
    assert confirmed["replace_original"] is True
    assert "Bevestigd" in json.dumps(confirmed["blocks"], ensure_ascii=False)
    bot.run_until(datetime(2026, 12, 24, 13, 0, tzinfo=UTC))
    agenda = json.dumps(slack.messages("C1")[-1]["blocks"], ensure_ascii=False)
    assert "*Casusinbrenger:* <@U2>" in agenda and "*Procesbegeleider:* <@U3>" in agenda
    assert slack.messages("DU2")[-1]["text"].startswith("Je brengt een casus in op")


def test_answers_to_the_reminder_and_a_warning_when_too_few_come(bot, slack, clock):
    clock.set(START)
    make_group(bot, slack, members=["U1", "U2", "U3", "U4"])
    bot.run_until(datetime(2027, 1, 6, 13, 0, tzinfo=UTC))
    bot.press("DU2", "member.not_coming", user="U2")
    answer = slack.wait_for_call("response_url").args
    assert "niet kunt" in json.dumps(answer["blocks"], ensure_ascii=False)
    assert [c for c in slack.calls_to("chat.postMessage") if "Er kunnen maar" in c.args["text"]
            ] == []  # three still come: no warning yet
    bot.press("DU3", "member.not_coming", user="U3")
    warning = slack.wait_for_call("chat.postMessage", lambda c: "Er kunnen maar 2" in c.args[
        "text"])
    assert warning.args["channel"] == "DU1"
    bot.press("DU3", "member.not_coming", user="U3")  # a double click
    bot.press("DU3", "member.coming", user="U3")
    bot.press("DU3", "member.not_coming", user="U3")  # and changing one's mind twice
    slack.wait_for(lambda: len(slack.calls_to("response_url")) >= 5)
    warnings = [c for c in slack.calls_to("chat.postMessage") if "Er kunnen maar" in c.args["text"]]
    assert len(warnings) == 1  # the coordinator is told once


def test_rota_shows_roles_and_members_can_volunteer(bot, slack, clock):
    clock.set(START)
    make_group(bot, slack)
    bot.command("rota", user="U3")
    rota = slack.wait_for_call("response_url").args
    text = json.dumps(rota["blocks"], ensure_ascii=False)
    assert "Rooster: Casemanagers Noord" in text and "verwacht" in text
    assert f"<!date^{int(JAN7.timestamp())}^" in text
    slack.reset_calls()
    # U3 volunteers for the first meeting through the rota's button (an ephemeral message).
    slack.add_message("C1", "rota", user=slack.bot_user_id, blocks=rota["blocks"])
    bot.press("C1", "member.volunteer", user="U3")
    assert "vrijwilliger" in slack.wait_for_call("response_url").args["text"]
    bot.run_until(datetime(2026, 12, 10, 13, 0, tzinfo=UTC))
    proposal = json.dumps(slack.messages("DU1")[-1]["blocks"], ensure_ascii=False)
    assert "*Casusinbrenger:* <@U3>" in proposal


def test_cancel_move_and_pause_replan_the_reminders(bot, slack, clock):
    clock.set(START)
    make_group(bot, slack)
    # Cancel the January meeting: its reminders never come, the group is told once.
    opened = open_setup_like(bot, slack, "cancel")
    assert bot.submit(opened, {}).status == 200
    notice = slack.wait_for_call("chat.postMessage")
    assert notice.args["channel"] == "C1" and "gaat niet door" in notice.args["text"]
    # Move February to Wednesday 3 Feb, 10:00.
    opened = open_setup_like(bot, slack, "move")
    answer = bot.submit(opened, {"new_date": "2026-11-01", "new_time": "10:00"})
    assert answer.json()["response_action"] == "errors"
    assert bot.submit(opened, {"new_date": "2027-02-03", "new_time": "10:00"}).status == 200
    slack.wait_for_call("chat.postMessage", lambda c: "verzet naar" in c.args["text"])
    slack.reset_calls()
    bot.run_until(datetime(2027, 2, 4, 0, 0, tzinfo=UTC))
    moved = datetime(2027, 2, 3, 9, 0, tzinfo=UTC)
    titles = [(when, channel, title[:20]) for when, channel, title in sent(slack)]
    assert all(when > at(JAN7, 0) - 86400 * 28 for when, _, _ in titles)
    assert (at(moved, 1), "DU2", "Morgen: Casemanagers") in titles
    assert not any(title.startswith("Morgen") and when < at(FEB4, 7) for when, _, title in titles)


def open_setup_like(bot, slack, command):
    slack.reset_calls()
    bot.command(command, user="U1")
    return slack.wait_for_call("views.open")


def test_members_and_strangers_cannot_change_the_plan(bot, slack, clock):
    clock.set(START)
    make_group(bot, slack)
    bot.command("cancel", user="U2")
    assert "Alleen de coördinatoren" in slack.wait_for_call("response_url").args["text"]
    slack.reset_calls()
    bot.command("away", user="U4")
    assert "alleen voor de leden" in slack.wait_for_call("response_url").args["text"]


def test_calendar_file_for_a_member(bot, slack, clock):
    clock.set(START)
    make_group(bot, slack)
    bot.command("calendar", user="U2")
    slack.wait_for(lambda: slack.files)
    (upload,) = slack.files
    assert upload.filename == "intervisie.ics" and upload.channel_id == "DU2"
    content = upload.content.decode()
    assert "RRULE:FREQ=MONTHLY;BYDAY=+1TH" in content.replace("BYDAY=1TH", "BYDAY=+1TH")
    assert "BEGIN:VTIMEZONE" in content and "TZID:Europe/Amsterdam" in content


def _starts(ics: bytes, start: datetime, end: datetime) -> list[datetime]:
    from tests.support.ical_readers import READERS

    seen = {name: [begin for begin, _ in reader(ics, start, end)]
            for name, reader in READERS.items()}
    assert seen["ical"] == seen["vobject"] == seen["icalendar"], seen
    return seen["ical"]


def test_the_file_keeps_old_changes_and_a_rhythm_change(bot, slack, clock):
    clock.set(START)
    make_group(bot, slack)
    assert bot.submit(open_setup_like(bot, slack, "cancel"), {}).status == 200  # January
    slack.wait_for_call("chat.postMessage")
    # In June 2027 the group moves to every six weeks on Tuesday from 8 June.
    clock.set(datetime(2027, 6, 1, 9, 0, tzinfo=UTC))
    opened = open_setup_like(bot, slack, "setup")
    assert bot.submit(opened, {"rhythm": "every_n_weeks", "interval": "6",
                               "first_date": "2027-06-08"}).status == 200
    slack.wait_for_call("chat.postMessage")
    # Two and a half years later the cancelled January 2027 meeting is still cancelled.
    clock.set(datetime(2029, 7, 1, 9, 0, tzinfo=UTC))
    slack.reset_calls()
    bot.command("calendar", user="U2")
    slack.wait_for(lambda: slack.files)
    ics = slack.files[-1].content
    seen = _starts(ics, datetime(2027, 1, 1, tzinfo=UTC), datetime(2029, 1, 1, tzinfo=UTC))
    assert JAN7 not in seen and FEB4 in seen
    assert datetime(2027, 5, 6, 12, 0, tzinfo=UTC) in seen  # the last monthly meeting
    assert datetime(2027, 6, 3, 12, 0, tzinfo=UTC) not in seen  # after the change
    assert datetime(2027, 6, 8, 12, 0, tzinfo=UTC) in seen  # the first six-weekly one
    assert datetime(2027, 7, 20, 12, 0, tzinfo=UTC) in seen
    assert b"UNTIL=20270506T120000Z" in ics


def test_revoking_without_addresses_is_explained(bot, slack, clock):
    clock.set(START)
    make_group(bot, slack)
    bot.command("calendar revoke", user="U2")
    assert "als bestand" in slack.wait_for_call("response_url").args["text"]
