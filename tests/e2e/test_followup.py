"""After the meeting, against the fake Slack over weeks: the action's owner is nudged at its
time (and nobody else), snoozes, reports back in the meeting's thread, and the next meeting's
look back shows it."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from storage.repositories import Store
from tests.e2e.test_calendar_flow import FEB4, JAN7, START, make_group
from tests.e2e.test_live_meeting import blocks_text, control, people, thread, wait_thread

DUE = datetime(2027, 1, 28, 13, 0, tzinfo=UTC)  # a week before the next meeting, 14:00 local
SNOOZED = datetime(2027, 2, 4, 13, 0, tzinfo=UTC)


def a_meeting_with_an_action(bot, slack, clock, engine):
    clock.set(START)
    make_group(bot, slack, method="five_step")
    bot.run_until(JAN7)
    bringer, facilitator, _ = people(engine)
    bot.press("C1", "live.start", user=facilitator)
    wait_thread(slack, 1)
    for count in range(2, 10):  # to "evaluate", which collects actions (after the break)
        control(bot, slack, facilitator, "next")
        wait_thread(slack, count)
    slack.reset_calls()
    bot.press("C1", "live.form.add", user=bringer)  # the case bringer names next steps
    form = slack.wait_for_call("views.open")
    blocks = {b.get("block_id"): b for b in form.args["view"]["blocks"]}
    assert blocks["due_date"]["element"]["initial_date"] == "2027-01-28"
    bot.submit(form, {"text": "Grenzen bespreken met de cliënt", "owner": "U2"}, user=bringer)
    slack.wait_for(lambda: "Grenzen bespreken" in blocks_text(thread(slack)[-1]))
    control(bot, slack, facilitator, "end")
    slack.wait_for(lambda: any(m["text"].startswith("Samenvatting") for m in thread(slack)))
    return facilitator


def nudges(slack):
    return [(c.at, c.args["channel"]) for c in slack.calls_to("chat.postMessage")
            if "nam je je voor" in c.args["text"]]


def test_the_owner_is_nudged_snoozes_reports_back_and_the_look_back_shows_it(
        bot, slack, clock, engine):
    a_meeting_with_an_action(bot, slack, clock, engine)
    slack.reset_calls()
    bot.run_until(DUE)
    assert nudges(slack) == [(DUE.timestamp(), "DU2")]  # the owner, and only the owner

    # Someone else's press is refused; the owner's "not yet" asks again a week later.
    bot.press("DU2", "action.snooze", user="U3")
    slack.wait_for_call("response_url", lambda c: "van iemand anders" in c.args["text"])
    bot.press("DU2", "action.snooze", user="U2")
    slack.wait_for_call("response_url", lambda c: "over een week" in str(c.args))
    slack.reset_calls()
    bot.run_until(SNOOZED - (SNOOZED - DUE) / 2)
    assert nudges(slack) == []
    bot.run_until(SNOOZED)
    assert (SNOOZED.timestamp(), "DU2") in nudges(slack)

    # Report back: a polite error for an empty answer, then shared in the meeting's thread.
    slack.reset_calls()
    bot.press("DU2", "action.report", user="U2")
    form = slack.wait_for_call("views.open")
    assert set(bot.submit(form, {"did": ""}, user="U2").json()["errors"]) == {"did"}
    bot.submit(form, {"did": "Het gesprek gevoerd", "changed": "Minder telefoontjes"},
               user="U2")
    reported = slack.wait_for(lambda: [m for m in thread(slack)
                                       if "koppelt terug" in m["text"]])
    assert "Minder telefoontjes" in blocks_text(reported[0])
    slack.wait_for_call("chat.postMessage", lambda c: "koppelde terug" in c.args["text"])

    # No more nudges once reported, and the next meeting's look back starts from it.
    slack.reset_calls()
    bot.run_until(FEB4)
    assert nudges(slack) == []
    openings = [m for m in slack.messages("C1") if m["text"].startswith("Intervisie:")]
    bot.press("C1", "live.start", user=people_at_feb(engine), message_ts=openings[-1]["ts"])
    slack.wait_for(lambda: titles_of(slack, openings[-1]["ts"]) == ["1/11 · Inchecken"])
    control(bot, slack, people_at_feb(engine), "next")
    look_back = slack.wait_for(lambda: [m for m in thread_of(slack, openings[-1]["ts"])
                                        if "Terugblik" in blocks_text(m)])
    text = blocks_text(look_back[0])
    assert "Grenzen bespreken met de cliënt" in text and "teruggekoppeld: Het gesprek" in text


def people_at_feb(engine):
    with Store(engine).unit_of_work() as work:
        group = work.groups.all()[0]
        (meeting,) = [m for m in work.meetings.of_group(group.id) if m.start == FEB4]
    return meeting.facilitator or group.coordinators[0]


def thread_of(slack, root):
    return [m for m in slack.messages("C1") if m.get("thread_ts") == root and m["ts"] != root]


def titles_of(slack, root):
    return [next((b["text"]["text"] for b in m.get("blocks", []) if b["type"] == "header"),
                 "") for m in thread_of(slack, root)]


def home_of(bot, slack, user):
    slack.reset_calls()
    bot.event({"type": "app_home_opened", "user": user, "channel": f"D{user}", "tab": "home"},
              event_id=f"Ev{user}{len(slack.messages('C1'))}")
    return slack.wait_for_call("views.publish").args["view"]["blocks"]


def test_the_home_tab_shows_a_members_actions_and_the_coordinators_overview(
        bot, slack, clock, engine):
    a_meeting_with_an_action(bot, slack, clock, engine)
    mine = home_of(bot, slack, "U2")
    text = json.dumps(mine, ensure_ascii=False)
    assert "Je open acties" in text and "Grenzen bespreken met de cliënt" in text
    assert "Voor coördinatoren" not in text
    assert "gespreksleider: <@" in text  # the next meetings, with their roles

    overview = json.dumps(home_of(bot, slack, "U1"), ensure_ascii=False)
    assert "Voor coördinatoren" in overview and "Open acties in de groep: 1" in overview
    assert "aanwezig" in overview

    # Dropping it on the Home tab: the tab is published again, without the action.
    slack.reset_calls()
    bot.press_home(mine, "action.drop", user="U2")
    again = slack.wait_for_call("views.publish")
    assert "Grenzen bespreken" not in json.dumps(again.args["view"]["blocks"],
                                                 ensure_ascii=False)


def test_a_personal_action_from_the_command_and_from_the_summary(bot, slack, clock, engine):
    a_meeting_with_an_action(bot, slack, clock, engine)
    slack.reset_calls()
    bot.command("actie", user="U3")
    form = slack.wait_for_call("views.open")
    blocks = {b.get("block_id"): b for b in form.args["view"]["blocks"]}
    assert blocks["owner"]["element"]["initial_user"] == "U3"
    assert blocks["due_date"]["element"]["initial_date"] == "2027-01-28"
    assert set(bot.submit(form, {"text": " "}, user="U3").json()["errors"]) == {"text"}
    bot.submit(form, {"text": "Supervisie aanvragen"}, user="U3")
    slack.wait_for_call("chat.postMessage", lambda c: c.args["channel"] == "DU3"
                        and "Supervisie aanvragen" in c.args["text"])

    slack.reset_calls()
    bot.press("C1", "action.new", user="U1")
    form = slack.wait_for_call("views.open")
    bot.submit(form, {"text": "Casus agenderen in teamoverleg", "owner": "U2"}, user="U1")
    slack.wait_for_call("chat.postMessage", lambda c: c.args["channel"] == "DU2"
                        and "teamoverleg" in c.args["text"])
    slack.reset_calls()
    bot.run_until(DUE)
    assert sorted(channel for _, channel in nudges(slack)) == ["DU2", "DU2", "DU3"]


def test_a_report_kept_for_the_facilitator_reaches_only_them_when_the_next_meeting_starts(
        bot, slack, clock, engine):
    a_meeting_with_an_action(bot, slack, clock, engine)
    bot.run_until(DUE)
    slack.reset_calls()
    bot.press("DU2", "action.report", user="U2")
    form = slack.wait_for_call("views.open")
    bot.submit(form, {"did": "Met mijn leidinggevende gesproken", "share": "facilitator"},
               user="U2")
    slack.wait_for_call("chat.postMessage", lambda c: "bewaard" in c.args["text"])
    assert not any("leidinggevende" in str(m.get("blocks")) for m in slack.messages("C1"))

    bot.run_until(FEB4)
    leader = people_at_feb(engine)
    openings = [m for m in slack.messages("C1") if m["text"].startswith("Intervisie:")]
    slack.reset_calls()
    bot.press("C1", "live.start", user=leader, message_ts=openings[-1]["ts"])
    kept = slack.wait_for_call("chat.postMessage", lambda c: "leidinggevende" in str(
        c.args.get("blocks")))
    assert kept.args["channel"] == f"D{leader}"
    look_back = slack.wait_for(lambda: [m for m in thread_of(slack, openings[-1]["ts"])])
    assert "leidinggevende" not in str([m.get("blocks") for m in look_back])
