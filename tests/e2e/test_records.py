"""A member's own record and the right of access, against the fake Slack: `/intervisie
overzicht` sends the year's record (take-aways only when asked), `/intervisie mijn-gegevens`
sends everything kept about the person — and nothing of anyone else."""

from __future__ import annotations

import json
from dataclasses import replace

from storage.repositories import Store
from tests.e2e.test_case_intake import CASE
from tests.e2e.test_live_meeting import meeting_of, thread
from tests.e2e.test_privacy import a_meeting_with_a_case_and_a_contribution

MINE = "Vaker doorvragen bij de cliënt"
THEIRS = "Mijn eigen geheim van Chris"


def checked_out(bot, slack, user: str, takeaway: str) -> None:
    slack.reset_calls()
    bot.press("C1", "live.form.checkout", user=user)
    form = slack.wait_for_call("views.open")
    bot.submit(form, {"score": "4", "takeaway": takeaway}, user=user)
    slack.wait_for(lambda: any("(van 5) voor nut" in json.dumps(m.get("blocks"), ensure_ascii=False)
                               and m["text"].startswith("Samenvatting") for m in thread(slack)))


def a_held_meeting(bot, slack, clock, engine):
    a_meeting_with_a_case_and_a_contribution(bot, slack, clock, engine)
    meeting, _ = meeting_of(engine)
    with Store(engine).unit_of_work() as work:
        work.meetings.save(replace(meeting, coming=frozenset({"U1", "U2", "U3"})))
    checked_out(bot, slack, "U2", MINE)
    checked_out(bot, slack, "U3", THEIRS)
    slack.files.clear()
    return meeting


def files_for(slack, channel: str, count: int) -> dict[str, bytes]:
    slack.wait_for(lambda: len([f for f in slack.files if f.channel_id == channel]) >= count)
    return {f.filename: f.content for f in slack.files if f.channel_id == channel}


def test_a_members_record_for_re_registration(bot, slack, clock, engine):
    meeting = a_held_meeting(bot, slack, clock, engine)
    bot.command("overzicht 2027", user="U2")
    record = files_for(slack, "DU2", 1)["intervisie-record-2027.md"].decode()
    assert "2027-01-07 14:00 · Casemanagers Noord · 2 uur" in record
    role = "gespreksleider" if meeting.facilitator == "U2" else "deelnemer"
    assert f"· {role} · methode: Tienstappenmethode" in record
    assert "Bijgewoonde bijeenkomsten: 1 · uren: 2" in record
    assert MINE not in record and "overzicht 2027 inzichten" in record

    slack.files.clear()
    bot.command("record 2027 inzichten", user="U2")
    record = files_for(slack, "DU2", 1)["intervisie-record-2027.md"].decode()
    assert f"Meegenomen: {MINE}" in record and THEIRS not in record

    bot.command("overzicht 1999", user="U2")
    slack.wait_for_call("response_url", lambda c: "begrijp ik niet" in c.args["text"])


def test_my_data_holds_everything_about_me_and_nothing_of_others(bot, slack, clock, engine):
    a_held_meeting(bot, slack, clock, engine)
    bot.command("mijn-gegevens", user="U2")
    files = files_for(slack, "DU2", 2)
    data = json.loads(files["my-data.json"])
    readable = files["my-data.md"].decode()
    assert data["person"]["slack_id"] == "U2"
    assert [g["group"] for g in data["groups"]] == ["Casemanagers Noord"]
    assert [c["text"] for c in data["contributions"]] == ["Wat weet de cliënt zelf?"]
    assert [c["takeaway"] for c in data["checkouts"]] == [MINE]
    assert data["meetings"][0]["answer_to_reminder"] is True
    assert data["cases"] == []
    for text in (json.dumps(data, ensure_ascii=False), readable):
        assert THEIRS not in text and CASE["question"] not in text
        assert "U1" not in text and "U3" not in text
    assert "Wat weet de cliënt zelf?" in readable and MINE in readable
    assert "## Bijdragen op de flip-over (1)" in readable

    bot.command("my-data", user="U1")
    data = json.loads(files_for(slack, "DU1", 2)["my-data.json"])
    assert [c["submitted"]["question"] for c in data["cases"]] == [CASE["question"]]
    assert data["groups"][0]["coordinator"] is True
    assert "Wat weet de cliënt zelf?" not in json.dumps(data, ensure_ascii=False)
