"""Attendance against the fake Slack: the facilitator corrects who was there at the end, and a
coordinator gets the year's register as .xlsx and CSV for an accreditation register."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from openpyxl import load_workbook

from tests.e2e.test_calendar_flow import JAN7, START, make_group
from tests.e2e.test_live_meeting import at_the_meeting, people, thread, wait_thread


def test_attendance_corrected_at_the_end_and_the_register_for_a_coordinator(bot, slack, clock,
                                                                            engine):
    slack.users["U3"]["real_name"] = '=HYPERLINK("http://x.example","klik")'
    at_the_meeting(bot, slack, clock)
    _, facilitator, other = people(engine)
    bot.press("C1", "live.start", user=facilitator)
    wait_thread(slack, 1)
    bot.press("C1", "live.control.end", user=facilitator)
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
    slack.wait_for(lambda: len(slack.files) == 2)
    xlsx, csv_file = sorted(slack.files, key=lambda f: f.filename, reverse=True)
    assert {xlsx.channel_id, csv_file.channel_id} == {"DU1"}
    assert (xlsx.filename, csv_file.filename) == ("attendance-2027.xlsx", "attendance-2027.csv")
    assert csv_file.content.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8
    rows = csv_rows(csv_file)
    assert rows == sheet_rows(xlsx)
    assert rows[0] == ["Lid", "Slack-ID", "Datum", "Begintijd", "Uren", "Methode", "Rol",
                       "Aanwezig"]
    by_id = {(row[1], row[2]): row for row in rows[1:]}
    method = "Tienstappenmethode"
    assert by_id["U1", "2027-01-07"][3:] == ["14:00", "2", method, "inbrenger", "ja"]
    assert by_id["U3", "2027-01-07"][7] == "ja"
    assert by_id["U2", "2027-01-07"][7] == "nee"
    assert by_id["U1", "Totaal"][4] == "2" and by_id["U2", "Totaal"][4] == "0"
    facilitator_row = by_id[facilitator, "2027-01-07"]
    assert facilitator_row[6] == "gespreksleider"
    assert by_id["U1", "2027-01-07"][0] != "U1"  # a name from Slack, not the id
    # A name typed to look like a formula is text in both files, never a formula.
    (evil,) = [row for row in rows[1:] if row[1] == "U3" and row[2] == "2027-01-07"]
    assert evil[0] == "'=HYPERLINK(\"http://x.example\",\"klik\")"
    workbook = load_workbook(io.BytesIO(xlsx.content))
    cells = [c for row in workbook.active.iter_rows() for c in row]
    assert not any(c.data_type == "f" for c in cells)


def csv_rows(upload) -> list[list[str]]:
    return list(csv.reader(io.StringIO(upload.content.decode("utf-8-sig")), delimiter=";"))


def sheet_rows(upload) -> list[list[str]]:
    """The workbook's cells as the CSV writes them (numbers with a decimal comma)."""
    sheet = load_workbook(io.BytesIO(upload.content)).active
    return [["" if v is None else f"{v:g}".replace(".", ",") if isinstance(v, float | int)
             else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]


def test_a_meeting_held_outside_slack_counts_from_the_answers_to_the_reminder(bot, slack,
                                                                              clock):
    clock.set(START)
    make_group(bot, slack)
    bot.run_until(JAN7 - timedelta(hours=2))
    bot.press("DU2", "member.coming", user="U2")
    slack.wait_for_call("response_url")
    bot.run_until(JAN7 + timedelta(hours=3))  # over, never started in Slack, not cancelled
    bot.command("attendance 2027", user="U1")
    slack.wait_for(lambda: len(slack.files) == 2)
    (upload,) = [f for f in slack.files if f.filename.endswith(".csv")]
    rows = {(row[1], row[2]): row for row in csv_rows(upload)[1:]}
    assert rows["U2", "2027-01-07"][3:5] == ["14:00", "2"]
    assert rows["U2", "2027-01-07"][7] == "ja" and rows["U1", "2027-01-07"][7] == "nee"
    assert rows["U2", "Totaal"][4:] == ["2", "", "", "1"]
