"""The coordinator's role buttons and the members' answers: Coming, Can't come, volunteer, pass."""

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from flows.due import DueAction, DueKind
from flows.effects import DirectMessage, Reject, Reply, UpdateOrigin
from flows.group import Absence, Group
from flows.meeting import Meeting, MeetingStatus
from flows.recurrence import Schedule
from flows.reminders import MeetingContext, fire
from flows.roles import MemberAnswered, RoleButtonPressed, answer, change_roles
from flows.rota import rota
from flows.texts import render

MEMBERS = ("ann", "bob", "cas", "dirk")
START = datetime(2027, 1, 7, 13, 0, tzinfo=UTC)
BEFORE = START - timedelta(days=20)


def group(**changes) -> Group:
    schedule = Schedule("FREQ=MONTHLY;BYDAY=+1TH", date(2026, 12, 3), time(14, 0),
                        "Europe/Amsterdam", 90)
    made = Group(team_id="T1", channel_id="C1", name="Coaches", members=MEMBERS,
                 coordinators=("ann", "kim"), language="en", schedule=schedule, id=7)
    return replace(made, **changes)


def meeting(**changes) -> Meeting:
    return replace(Meeting(group_id=7, occurrence=START, start=START, duration_minutes=90,
                           id=2), **changes)


PROPOSED = meeting(case_bringers=("bob",), facilitator="cas")


def context(the_meeting: Meeting = PROPOSED, the_group: Group | None = None,
            absences=()) -> MeetingContext:
    return MeetingContext(the_group or group(), the_meeting, (), tuple(absences))


def press(action: str, chosen: str | None = None, user: str = "ann") -> RoleButtonPressed:
    return RoleButtonPressed("T1", user, 2, action, chosen)


def said(user: str, what: str) -> MemberAnswered:
    return MemberAnswered("T1", user, 2, what)


def rejected(effects, language: str = "en") -> str:
    """What the person reads when they were refused."""
    assert len(effects) == 1 and isinstance(effects[0], Reject)
    return render(language, effects[0].text)


def replied(effects) -> str:
    assert isinstance(effects[0], Reply)
    return render(effects[0].message.language, effects[0].message.data["text"])


# --- the coordinator's buttons ---------------------------------------------------------------


def test_only_a_coordinator_may_change_the_roles():
    for user in ("bob", "stranger"):
        saved, effects = change_roles(press("confirm", user=user), context(), BEFORE)
        assert saved is None
        assert rejected(effects) == "Only the group's coordinators can change the roles."
    saved, effects = change_roles(press("confirm", user="bob"),
                                  context(the_group=group(language="nl")), BEFORE)
    assert rejected(effects, "nl") == (
        "Alleen de coördinatoren van de groep kunnen de rollen wijzigen.")


def test_a_coordinator_who_is_not_a_member_may_change_the_roles():
    saved, _ = change_roles(press("confirm", user="kim"), context(), BEFORE)
    assert saved.roles_confirmed


def test_confirm_keeps_the_roles_and_updates_the_proposal():
    saved, effects = change_roles(press("confirm"), context(), BEFORE)
    assert saved == replace(PROPOSED, roles_confirmed=True)
    assert len(effects) == 1 and isinstance(effects[0], UpdateOrigin)
    assert effects[0].message.kind == "roles_proposal"
    assert effects[0].message.data["meeting"] == saved


def test_confirming_twice_is_harmless():
    once, _ = change_roles(press("confirm"), context(), BEFORE)
    twice, effects = change_roles(press("confirm"), context(once), BEFORE)
    assert twice == once
    assert [type(effect) for effect in effects] == [UpdateOrigin]


def test_confirm_without_a_case_bringer_is_refused():
    saved, effects = change_roles(press("confirm"), context(meeting()), BEFORE)
    assert saved is None
    assert rejected(effects) == "Choose a case bringer first, then confirm."


def test_swap_exchanges_case_bringer_and_facilitator_and_asks_to_confirm_again():
    confirmed = replace(PROPOSED, roles_confirmed=True)
    saved, _ = change_roles(press("swap"), context(confirmed), BEFORE)
    assert (saved.case_bringers, saved.facilitator) == (("cas",), "bob")
    assert not saved.roles_confirmed


def test_swap_with_two_case_bringers_swaps_the_first():
    two = meeting(case_bringers=("bob", "dirk"), facilitator="cas")
    saved, _ = change_roles(press("swap"), context(two), BEFORE)
    assert (saved.case_bringers, saved.facilitator) == (("cas", "dirk"), "bob")


def test_swap_without_a_facilitator_is_refused():
    saved, effects = change_roles(press("swap"), context(meeting(case_bringers=("bob",))), BEFORE)
    assert saved is None
    assert rejected(effects) == "There is nothing to swap yet."


def test_picking_another_case_bringer_and_facilitator():
    saved, _ = change_roles(press("case_bringer_0", "dirk"), context(), BEFORE)
    assert (saved.case_bringers, saved.facilitator) == (("dirk",), "cas")
    saved, _ = change_roles(press("facilitator", "ann"), context(saved), BEFORE)
    assert (saved.case_bringers, saved.facilitator) == (("dirk",), "ann")


def test_picking_a_second_case_bringer():
    two = group(cases_per_meeting=2)
    saved, _ = change_roles(press("case_bringer_1", "dirk"), context(the_group=two), BEFORE)
    assert saved.case_bringers == ("bob", "dirk")
    saved, effects = change_roles(press("case_bringer_1", "bob"), context(the_group=two), BEFORE)
    assert rejected(effects) == "This person already brings a case in this meeting."


def test_picking_the_second_case_bringer_when_nobody_was_proposed_adds_one_person():
    # A two-case group where nobody could be proposed (everyone away or passing): the
    # coordinator picks someone in the "Second case bringer" menu first.
    two = group(cases_per_meeting=2)
    saved, _ = change_roles(press("case_bringer_1", "dirk"), context(meeting(), two), BEFORE)
    assert saved.case_bringers == ("dirk",)
    saved, _ = change_roles(press("case_bringer_0", "bob"), context(saved, two), BEFORE)
    assert saved.case_bringers == ("bob",)
    saved, _ = change_roles(press("case_bringer_1", "dirk"), context(saved, two), BEFORE)
    assert saved.case_bringers == ("bob", "dirk")


def test_the_facilitator_cannot_also_bring_a_case():
    text = "The facilitator can't also bring a case in the same meeting. Choose someone else."
    saved, effects = change_roles(press("facilitator", "bob"), context(), BEFORE)
    assert saved is None
    assert rejected(effects) == text
    saved, effects = change_roles(press("case_bringer_0", "cas"), context(), BEFORE)
    assert saved is None
    assert rejected(effects) == text


def test_picking_someone_outside_the_group_is_refused():
    for action in ("case_bringer_0", "facilitator"):
        saved, effects = change_roles(press(action, "stranger"), context(), BEFORE)
        assert saved is None
        assert rejected(effects) == "Choose someone who is a member of the group."


def test_a_press_after_the_meeting_started_changes_nothing():
    for now in (START, START + timedelta(minutes=5), START + timedelta(days=40)):
        saved, effects = change_roles(press("confirm"), context(), now)
        assert saved is None
        assert "already started or passed" in rejected(effects)


def test_a_press_on_a_cancelled_meeting_changes_nothing():
    cancelled = replace(PROPOSED, status=MeetingStatus.CANCELLED)
    saved, effects = change_roles(press("swap"), context(cancelled), BEFORE)
    assert saved is None
    assert rejected(effects) == "This meeting has been cancelled, so nothing changes."


# --- Coming / Can't come -----------------------------------------------------------------------


def test_coming_and_cant_come_are_recorded_and_can_be_switched():
    saved, effects = answer(said("bob", "coming"), context(), BEFORE)
    assert (saved.coming, saved.not_coming) == ({"bob"}, set())
    assert [type(effect) for effect in effects] == [UpdateOrigin]
    assert effects[0].message.kind == "day_before"
    assert effects[0].message.data["user"] == "bob"
    saved, effects = answer(said("bob", "not_coming"), context(saved), BEFORE)
    assert (saved.coming, saved.not_coming) == (set(), {"bob"})
    assert [type(effect) for effect in effects] == [UpdateOrigin]  # three can still come
    saved, _ = answer(said("bob", "coming"), context(saved), BEFORE)
    assert (saved.coming, saved.not_coming) == ({"bob"}, set())


def test_coordinators_hear_when_fewer_than_three_can_come():
    one_out = replace(PROPOSED, not_coming=frozenset({"bob"}))
    saved, effects = answer(said("cas", "not_coming"), context(one_out), BEFORE)
    assert saved.not_coming == {"bob", "cas"}
    warnings = [effect for effect in effects if isinstance(effect, DirectMessage)]
    assert [(w.user, w.key) for w in warnings] == [
        ("ann", "low_attendance:2:ann"), ("kim", "low_attendance:2:kim")]
    assert warnings[0].message.kind == "low_attendance"
    assert warnings[0].message.data["count"] == 2


def test_someone_away_counts_as_not_coming_for_the_warning():
    away = (Absence("dirk", date(2027, 1, 1), date(2027, 1, 10)),)
    _, effects = answer(said("bob", "not_coming"), context(absences=away), BEFORE)
    assert [e.key for e in effects if isinstance(e, DirectMessage)] == [
        "low_attendance:2:ann", "low_attendance:2:kim"]


def test_a_non_member_cannot_answer():
    for what in ("coming", "not_coming", "volunteer", "pass"):
        saved, effects = answer(said("stranger", what), context(), BEFORE)
        assert saved is None
        assert rejected(effects) == "This is for the members of the group only."


def test_answering_after_the_meeting_started_changes_nothing():
    saved, effects = answer(said("bob", "not_coming"), context(), START)
    assert saved is None
    assert "already started or passed" in rejected(effects)


# --- volunteering and passing -------------------------------------------------------------------


def test_volunteering_after_the_roles_are_confirmed_is_refused():
    confirmed = replace(PROPOSED, roles_confirmed=True)
    for what in ("volunteer", "pass"):
        saved, effects = answer(said("dirk", what), context(confirmed), BEFORE)
        assert saved is None
        assert rejected(effects).startswith("The coordinator has already confirmed the roles")


def test_volunteering_before_the_proposal_is_recorded_and_wins_the_proposal():
    empty = meeting()
    saved, effects = answer(said("dirk", "volunteer"), context(empty), BEFORE)
    assert saved.volunteers == ("dirk",)
    assert saved.case_bringers == ()
    assert replied(effects).startswith("Thanks! You're down as volunteer to bring a case.")
    assert len(effects) == 1  # nobody else is bothered before there is a proposal
    due = DueAction(id=1, key="roles:2", kind=DueKind.ROLES, due_at=START - timedelta(days=28),
                    group_id=7, meeting_id=2, recipient=None, attempts=1)
    proposed, _ = fire(due, context(saved), due.due_at)
    # By turn ann would bring the case; dirk volunteered, so he does.
    assert proposed.case_bringers == ("dirk",)
    assert proposed.facilitator == "ann"


def test_volunteering_after_a_proposal_redoes_it_and_tells_the_coordinators():
    saved, effects = answer(said("dirk", "volunteer"), context(), BEFORE)
    assert saved.case_bringers == ("dirk",)
    assert saved.facilitator == "ann"
    notes = [effect for effect in effects if isinstance(effect, DirectMessage)]
    assert [(n.user, n.key) for n in notes] == [
        ("ann", "volunteer:2:dirk:ann"), ("kim", "volunteer:2:dirk:kim")]
    assert notes[0].message.data["volunteer"] == "dirk"


def test_passing_removes_them_as_case_bringer_for_this_meeting():
    saved, effects = answer(said("bob", "pass"), context(), BEFORE)
    assert saved.case_bringers == ()
    assert saved.passes == {"bob"}
    assert saved.facilitator == "cas"
    assert replied(effects) == ("Fine, you're skipped as case bringer this time. "
                                "Your turn comes back next time.")
    due = DueAction(id=1, key="agenda:2", kind=DueKind.AGENDA, due_at=START - timedelta(days=14),
                    group_id=7, meeting_id=2, recipient=None, attempts=1)
    proposed, _ = fire(due, context(saved), due.due_at)
    assert proposed.case_bringers == ("ann",)  # the next in turn, not bob again
    assert proposed.facilitator == "cas"


def test_passing_withdraws_an_earlier_volunteer():
    volunteered = meeting(volunteers=("dirk",))
    saved, _ = answer(said("dirk", "pass"), context(volunteered), BEFORE)
    assert saved.volunteers == ()
    assert saved.passes == {"dirk"}


# --- the rota -----------------------------------------------------------------------------------


def rota_meetings() -> list[Meeting]:
    def monthly(month: int, year: int, meeting_id: int, **changes) -> Meeting:
        at = datetime(year, month, 1, 13, 0, tzinfo=UTC)
        return replace(Meeting(group_id=7, occurrence=at, start=at, duration_minutes=90,
                               id=meeting_id), **changes)

    return [
        monthly(12, 2026, 1, status=MeetingStatus.HELD, case_bringers=("ann",),
                facilitator="bob", roles_confirmed=True),
        monthly(1, 2027, 2, case_bringers=("cas",), facilitator="dirk", roles_confirmed=True),
        monthly(2, 2027, 3, status=MeetingStatus.CANCELLED),
        monthly(3, 2027, 4),
        monthly(4, 2027, 5),
    ]


def shown_roles(reply: Reply) -> list[tuple[str, tuple[str, ...], str | None, bool, bool]]:
    return [(entry.meeting.start.strftime("%Y-%m"), entry.meeting.case_bringers,
             entry.meeting.facilitator, entry.expected, entry.meeting.cancelled)
            for entry in reply.message.data["entries"]]


def test_rota_shows_the_coming_meetings_with_expected_roles_and_cancelled_ones_marked():
    now = datetime(2026, 12, 10, tzinfo=UTC)
    reply = rota(group(), rota_meetings(), [], "bob", now)
    assert reply.message.kind == "rota"
    assert reply.message.data["is_member"]
    assert shown_roles(reply) == [
        ("2027-01", ("cas",), "dirk", False, False),
        ("2027-02", (), None, False, True),
        # bob never brought a case; ann and cas never led (bob brings the case): ann.
        ("2027-03", ("bob",), "ann", True, False),
        # March counts as taken: dirk is the last who never brought one; cas never led.
        ("2027-04", ("dirk",), "cas", True, False),
    ]


def test_rota_skips_members_who_will_be_away_and_tells_a_stranger_they_are_not_in_it():
    away = [Absence("dirk", date(2027, 3, 25), date(2027, 4, 5))]
    reply = rota(group(), rota_meetings(), away, "stranger", datetime(2026, 12, 10, tzinfo=UTC))
    assert not reply.message.data["is_member"]
    # dirk is away on 1 April, so ann (who brought a case longest ago) is next in turn.
    assert shown_roles(reply)[-1] == ("2027-04", ("ann",), "cas", True, False)


AFTER_AGENDA = START - timedelta(days=10)  # the agenda and case request went out at -14 days


def test_a_case_bringer_picked_after_the_case_requests_went_out_is_asked_at_once():
    _, effects = change_roles(press("case_bringer_0", chosen="dirk"), context(), AFTER_AGENDA)
    (update, request) = effects
    assert isinstance(update, UpdateOrigin)
    assert isinstance(request, DirectMessage) and request.user == "dirk"
    assert request.key == "case_request:2:dirk" and request.message.kind == "case_request"
    _, early = change_roles(press("case_bringer_0", chosen="dirk"), context(), BEFORE)
    assert len(early) == 1  # before the agenda date, the regular request will reach dirk


def test_a_case_bringer_passing_after_the_agenda_is_replaced_and_the_coordinators_told():
    changed, effects = answer(said("bob", "pass"), context(), AFTER_AGENDA)
    assert changed.case_bringers == ("ann",)  # next in turn: the facilitator is cas
    requests = [e for e in effects if isinstance(e, DirectMessage) and e.key.startswith("case_")]
    assert [(e.user, e.key) for e in requests] == [("ann", "case_request:2:ann")]
    notes = [e.user for e in effects if isinstance(e, DirectMessage) and e.key.startswith("pass")]
    assert notes == ["ann", "kim"]
