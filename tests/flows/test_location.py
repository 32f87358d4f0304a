"""A place in words or a video link: what is accepted, and which one a meeting uses."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from icalendar import Calendar

from flows.calendar_feed import FeedTexts, calendar_feed
from flows.location import check_location, is_link, where
from tests.flows.test_reminders import group, meeting


@pytest.mark.parametrize("typed, kept", [
    ("", ""), ("  Kamer 2.14,   kantoor Utrecht ", "Kamer 2.14, kantoor Utrecht"),
    ("https://meet.example.nl/noord?pwd=1", "https://meet.example.nl/noord?pwd=1"),
    ("http://teams.example.com/l/abc", "http://teams.example.com/l/abc"),
    ("Zaal 3 (ingang Oudegracht: bel aan)", "Zaal 3 (ingang Oudegracht: bel aan)"),
])
def test_places_and_links_that_are_kept(typed, kept):
    assert check_location(typed) == (kept, None)


@pytest.mark.parametrize("typed, error", [
    ("www.meet.example.nl", "location.error.www"),
    ("ftp://files.example.nl", "location.error.scheme"),
    ("javascript:alert(1)", "location.error.scheme"), ("https://", "location.error.link"),
    ("https://localhost/x", "location.error.link"), ("x" * 301, "location.error.long"),
])
def test_what_looks_like_a_link_but_is_not_one_gets_a_field_error(typed, error):
    _, found = check_location(typed)
    assert found is not None and found.key == error


def test_a_meeting_meets_at_its_own_place_else_the_groups():
    the_group = group(location="https://meet.example.nl/noord")
    assert where(the_group, meeting()) == the_group.location
    assert where(the_group, meeting(location="Kamer 2")) == "Kamer 2"
    assert where(group(), None) == "" and not is_link("Kamer 2")


def test_the_calendar_has_location_and_url_and_an_override_for_one_meeting_elsewhere():
    the_group = group(location="https://meet.example.nl/noord")
    first = meeting()
    elsewhere = replace(meeting(datetime(2027, 2, 4, 13, 0, tzinfo=UTC), 3), location="Kamer 2")
    texts = FeedTexts("nl", "Intervisie", "")
    ics = calendar_feed(the_group, [first, elsewhere], texts=texts,
                        generated_at=datetime(2027, 1, 1, tzinfo=UTC))
    events = Calendar.from_ical(ics).walk("VEVENT")
    (master,) = [e for e in events if "RRULE" in e]
    (override,) = [e for e in events if "RECURRENCE-ID" in e]
    assert str(master["LOCATION"]) == str(master["URL"]) == the_group.location
    assert str(override["LOCATION"]) == "Kamer 2" and "URL" not in override
