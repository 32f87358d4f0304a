"""Attendance against the fake Slack: the facilitator corrects who was there at the end, and a
coordinator gets the year's list as a CSV file for an accreditation register."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from tests.e2e.test_calendar_flow import JAN7, START, make_group
from tests.e2e.test_live_meeting import at_the_meeting, control, people, thread, wait_thread


def test_attendance_corrected_at_the_end_and_the_csv_for_a_coordinator(bot, slack, clock,
                                                                       engine):
    at_the_meeting(bot, slack, clock)
    _, facilitator, other = people(engine)
    bot.press("C1", "live.start", user=facilitator)
    wait_thread(slack, 1)
    control(bot, slack, facilitator, "end")
    slack.wait_for(lambda: any(m["text"].startswith("Samenvatting") for m in thread(slack)))

    if other not in (facilitator, "U1"):
        bot.press("C1", "attendance.correct", user=other)
        slack.wait_for_call("response_url", lambda c: "legt vast wie er was" in c.args["text"])
    slack.reset_calls()
    bot.press("C1", "attendance.correct", user=facilitator)
    form = slack.wait_for_call("views.open")
    assert bot.submit(form, {"attended": ["U1", "U3"]}, user=facilitator).status == 200

    bot.command("attendance 1999", user="U1")
    slack.wait_for_call("response_url", lambda c: "geen jaar" in c.args["text"])
    bot.command("attendance", user="U2")
    slack.wait_for_call("response_url", lambda c: "voor de coördinatoren" in c.args["text"])
    bot.command("aanwezigheid 2027", user="U1")
    slack.wait_for(lambda: slack.files)
    (upload,) = slack.files
    assert upload.channel_id == "DU1" and upload.filename == "attendance-2027.csv"
    rows = list(csv.reader(io.StringIO(upload.content.decode("utf-8-sig"))))
    assert rows[0] == ["Lid", "Slack-ID", "Aanwezig op", "Aantal bijeenkomsten"]
    by_id = {row[1]: row for row in rows[1:]}
    assert by_id["U1"][2:] == ["2027-01-07", "1"] and by_id["U3"][2:] == ["2027-01-07", "1"]
    assert by_id["U2"][2:] == ["", "0"]
    assert by_id["U1"][0] != "U1"  # a name from Slack, not the id


def test_a_meeting_held_outside_slack_counts_from_the_answers_to_the_reminder(bot, slack,
                                                                              clock):
    clock.set(START)
    make_group(bot, slack)
    bot.run_until(JAN7 - timedelta(hours=2))
    bot.press("DU2", "member.coming", user="U2")
    slack.wait_for_call("response_url")
    bot.run_until(JAN7 + timedelta(hours=3))  # over, never started in Slack, not cancelled
    bot.command("attendance 2027", user="U1")
    slack.wait_for(lambda: slack.files)
    rows = list(csv.reader(io.StringIO(slack.files[0].content.decode("utf-8-sig"))))
    assert {row[1]: row[2:] for row in rows[1:]}["U2"] == ["2027-01-07", "1"]
