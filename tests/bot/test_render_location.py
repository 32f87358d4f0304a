"""The day-before reminder's lines: where the place is, where each shared case is, and what
to prepare — each reader their own."""

from __future__ import annotations

from bot.render.location import case_lines, location_line, prepare_line
from tests.flows.test_reminders import group, meeting


def test_where_each_case_is_for_each_reader():
    places = (("ann", "C1", True), ("bob", "D0B", True), ("cas", None, False))
    assert case_lines("en", "ann", places) == [
        "<@bob>'s case is in your direct messages from me; have a read before the meeting.",
        "<@cas> tells the case in the meeting itself; its title is in your direct messages "
        "from me."]
    assert case_lines("nl", "dirk", places)[0] == (
        "De casus van <@ann> staat in <#C1>; lees hem van tevoren even door.")


def test_place_in_words_or_a_link_and_what_to_prepare_by_role():
    the_meeting = meeting(case_bringers=("ann",), facilitator="bob")
    assert location_line("en", group(), the_meeting) is None
    assert location_line("en", group(location="Room <2>"), the_meeting) == (
        "*Where:* Room &lt;2&gt;")
    assert location_line("en", group(location="https://meet.example.nl/a"), the_meeting) == (
        "*Where:* online, through <https://meet.example.nl/a|this link to the video call>")
    assert "you bring the case" in prepare_line("en", "ann", the_meeting)
    assert "you lead the meeting" in prepare_line("en", "bob", the_meeting)
    assert "read the case" in prepare_line("en", "cas", the_meeting)
