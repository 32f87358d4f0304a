"""What the group's logbook keeps per meeting, and how the canvas reads: titles only where the
group saw them, no case text, forgotten people anonymous, what people typed kept harmless."""

from dataclasses import replace
from datetime import UTC, date, datetime, time

from bot.render.canvas import render_canvas
from flows.actions import Action, ActionStatus
from flows.cases import Case, CaseText
from flows.effects import DirectMessage
from flows.group import Group
from flows.logbook import MeetingRecord, draw, logbook
from flows.meeting import Meeting, MeetingStatus
from flows.recurrence import Schedule

JAN = datetime(2027, 1, 7, 13, 0, tzinfo=UTC)
FEB = datetime(2027, 2, 4, 13, 0, tzinfo=UTC)
MAR = datetime(2027, 3, 4, 13, 0, tzinfo=UTC)
NOW = datetime(2027, 2, 20, 9, 0, tzinfo=UTC)


def group(**changes) -> Group:
    schedule = Schedule("FREQ=MONTHLY;BYDAY=+1TH", date(2027, 1, 7), time(14, 0),
                        "Europe/Amsterdam", 90)
    return replace(Group(team_id="T1", channel_id="C1", name="Coaches", members=("ann", "bob"),
                         coordinators=("ann", "kim"), language="en", schedule=schedule, id=7),
                   **changes)


def record(at: datetime, meeting_id: int, **changes) -> MeetingRecord:
    meeting = Meeting(group_id=7, occurrence=at, start=at, duration_minutes=90, id=meeting_id,
                      status=MeetingStatus.HELD, case_bringers=("ann",), facilitator="bob",
                      coming=frozenset({"ann", "bob", "cas"}))
    case = Case(meeting_id, 7, "ann", submitted=CaseText(
        title="Limits with a client", description="She calls every night.",
        question="How can I set limits?"), shared_at=at)
    action = Action(7, meeting_id, "ann", "Talk to my team *today*", date(2027, 1, 28), "ann",
                    status=ActionStatus.REPORTED, id=3)
    return replace(MeetingRecord(meeting, "five_step", (case,), (action,)), **changes)


def markdown(the_group: Group, *records: MeetingRecord) -> str:
    effect = draw(the_group, logbook(the_group, records, NOW), revision=4)
    return render_canvas(effect.document)[1]


def test_a_section_per_meeting_that_took_place_newest_first():
    planned = record(MAR, 3)
    planned = replace(planned, meeting=replace(planned.meeting, status=MeetingStatus.PLANNED))
    book = markdown(group(), record(JAN, 1), record(FEB, 2), planned)
    assert book.startswith("# Logbook of Coaches\n")
    assert book.index("## 2027-02-04") < book.index("## 2027-01-07")
    assert "2027-03-04" not in book  # not yet held
    assert "- **Method:** Five-step method\n- **Case bringer:** ![](@ann)\n" in book
    assert "- **Facilitator:** ![](@bob)\n- **Question:** Limits with a client\n" in book
    assert "- **Present:** 3 people\n" in book
    assert "  - ![](@ann): Talk to my team \\*today\\* (reported on)\n" in book
    assert "She calls" not in book and "set limits" not in book


def test_no_titles_nor_actions_in_a_public_channel_nor_titles_of_a_case_never_sent():
    unshared = record(FEB, 2)
    unshared = replace(unshared, cases=(replace(unshared.cases[0], shared_at=None),))
    public = markdown(group(channel_private=False), record(JAN, 1))
    assert "Question" not in public and "Actions" not in public and "Talk to" not in public
    assert "**Case bringer:** ![](@ann)" in public and "**Present:** 3 people" in public
    assert "Question" not in markdown(group(), unshared)


def test_a_forgotten_person_is_no_name_and_typed_text_makes_no_mention():
    forgotten = record(JAN, 1)
    forgotten = replace(forgotten, meeting=replace(
        forgotten.meeting, facilitator="gone-1234abcd", case_bringers=("gone-99",)),
        actions=(replace(forgotten.actions[0], text="ask ![](@kim)\n# now"),))
    book = markdown(group(), forgotten)
    assert "gone-" not in book and "**Facilitator:** a former member" in book
    assert "![](@kim)" not in book and "\n# now" not in book


def test_the_drawing_names_the_canvas_and_tells_each_coordinator_once_if_refused():
    effect = draw(group(), logbook(group(), [record(JAN, 1)], NOW), revision=4)
    assert (effect.owner, effect.channel, effect.revision) == ("logbook:7", "C1", 4)
    assert render_canvas(effect.document)[0] == "Logbook Coaches"
    assert [(d.user, d.key) for d in effect.if_refused] == [
        ("ann", "logbook_refused:7:ann"), ("kim", "logbook_refused:7:kim")]
    assert all(isinstance(d, DirectMessage) for d in effect.if_refused)


def test_an_empty_logbook_says_so():
    assert "No meetings yet." in markdown(group())
