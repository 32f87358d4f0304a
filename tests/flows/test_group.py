"""The setup form: what a coordinator sees when they type something wrong, and what is saved."""

from dataclasses import replace
from datetime import UTC, date, datetime, time

from flows.effects import FormErrors, OpenForm, Post, Reject, Reply
from flows.group import GroupForm, validate_group_form
from flows.setup import GroupFormSubmitted, SetupRequested, request_setup, submit_setup
from flows.texts import render

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
GOOD = GroupForm(name="  Casemanagers   Noord ", members=("U1", "U2", "U3", "U1"),
                 coordinators=("U1",), language="nl", timezone="Europe/Amsterdam",
                 rhythm="monthly_nth_weekday", nth="1", first_date=date(2026, 12, 3),
                 start_time=time(14, 0), duration="120")


def validate(form: GroupForm):
    return validate_group_form(form, team_id="T1", channel_id="C1", now=NOW)


def test_a_good_form_becomes_a_group():
    group = validate(GOOD).group
    assert group.name == "Casemanagers Noord"
    assert group.members == ("U1", "U2", "U3")
    assert group.schedule.rrule == "FREQ=MONTHLY;BYDAY=+1TH"
    assert group.schedule.duration_minutes == 120


def test_every_mistake_is_named_at_its_field():
    form = GroupForm(name="", members=(), coordinators=(), language=None,
                     timezone="Europe/Amsterdm", rhythm="every_n_weeks", interval="1",
                     first_date=date(2026, 11, 22), start_time=None, duration="300")
    errors = validate(form).errors
    assert set(errors) == {"name", "members", "coordinators", "language", "timezone",
                           "interval", "first_date", "start_time", "duration"}
    assert "Europe/Amsterdm" in render("en", errors["timezone"])
    assert render("nl", errors["duration"]) == (
        "De duur moet een heel aantal minuten zijn, van 60 tot 240.")


def test_today_in_the_groups_zone_is_not_the_past():
    # 23:30 UTC on the 22nd is already the 23rd in Amsterdam.
    late = datetime(2026, 11, 22, 23, 30, tzinfo=UTC)
    form = replace(GOOD, rhythm="weekly", first_date=date(2026, 11, 23))
    assert validate_group_form(form, team_id="T", channel_id="C", now=late).group is not None


def test_monthly_first_date_must_be_that_weekday_of_the_month():
    errors = validate(replace(GOOD, first_date=date(2026, 12, 10))).errors
    assert render("en", errors["first_date"]) == (
        "This date is not the first Thursday of its month. Choose such a date, "
        "or pick another week of the month.")
    assert validate(replace(GOOD, nth="-1", first_date=date(2026, 12, 31))).group is not None


def test_size_outside_the_recommendation_is_allowed_with_a_private_warning():
    event = GroupFormSubmitted("U1", "T1", "C1", replace(GOOD, members=("U1", "U2")), "nl",
                               private=True)
    group, effects = submit_setup(event, None, NOW)
    assert group is not None and len(group.members) == 2
    warning = next(e for e in effects if isinstance(e, Reply))
    assert "2 leden" in render("nl", warning.message.data["text"])


def test_summary_lists_three_dates_and_warns_in_a_public_channel():
    event = GroupFormSubmitted("U1", "T1", "C1", GOOD, "nl", private=False)
    _, effects = submit_setup(event, None, NOW)
    (post,) = effects
    assert isinstance(post, Post) and post.channel == "C1"
    assert len(post.message.data["next_starts"]) == 3
    assert post.message.data["privacy_warning"] is True


def test_errors_come_back_in_the_forms_language():
    event = GroupFormSubmitted("U1", "T1", "C1", replace(GOOD, name=""), "en", private=True)
    group, (effect,) = submit_setup(event, None, NOW)
    assert group is None and isinstance(effect, FormErrors) and effect.language == "en"


def test_only_a_coordinator_may_edit_an_existing_group():
    group = validate(GOOD).group
    request = SetupRequested("T1", "U2", "C1", "en", "Europe/Amsterdam", bot_in_channel=True,
                             channel_is_private=True)
    (effect,) = request_setup(request, group)
    assert isinstance(effect, Reject) and effect.language == "nl"
    (effect,) = request_setup(replace(request, user_id="U1"), group)
    assert isinstance(effect, OpenForm) and effect.data["group"] is group
    submitted = GroupFormSubmitted("U2", "T1", "C1", GOOD, "nl", private=True)
    saved, (effect,) = submit_setup(submitted, group, NOW)
    assert saved is None and isinstance(effect, Reject)


def test_setup_needs_the_bot_in_the_channel():
    request = SetupRequested("T1", "U2", "C1", "en", None, bot_in_channel=False,
                             channel_is_private=False)
    (effect,) = request_setup(request, None)
    assert isinstance(effect, Reject)
    assert "/invite @Intervisie" in render("en", effect.text)
