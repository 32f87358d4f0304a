"""Role rotation: who brings a case and who facilitates, as a coordinator would plan it."""

from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest

from flows.meeting import Meeting, MeetingStatus
from flows.rotation import (
    Proposal,
    RoleHistory,
    case_bringer_queue,
    facilitator_queue,
    propose_roles,
)

GROUP = ("ann", "bob", "cas", "dirk", "eva")
FIRST = datetime(2026, 1, 8, 13, 0, tzinfo=UTC)


def meeting(n: int) -> datetime:
    """The start of the n-th meeting (1-based), every six weeks."""
    return FIRST + timedelta(weeks=6 * (n - 1))


def run(members, count, *, case_bringers=1, **per_meeting):
    """Plan `count` meetings in a row, each taking the proposal as what happened.

    `per_meeting` maps an option of `propose_roles` (absent, volunteers, passes) to a dict
    {meeting number: value}.
    """
    history: list[RoleHistory] = []
    proposals = []
    for n in range(1, count + 1):
        options = {name: values.get(n, ()) for name, values in per_meeting.items()}
        proposal = propose_roles(members, history, before=meeting(n),
                                 case_bringer_count=case_bringers, **options)
        proposals.append(proposal)
        history.append(RoleHistory(meeting(n), proposal.case_bringers, proposal.facilitator))
    return proposals


def test_five_members_ten_meetings_everyone_brings_a_case_once_before_anyone_twice():
    proposals = run(GROUP, 10)
    bringers = [p.case_bringers for p in proposals]
    assert bringers == [("ann",), ("bob",), ("cas",), ("dirk",), ("eva",)] * 2
    assert [p.facilitator for p in proposals] == [
        # eva brings her case at meeting 5, so she leads at 6, the first time she can.
        "bob", "ann", "dirk", "cas", "bob", "eva", "ann", "dirk", "cas", "bob"]
    assert all(p.complete for p in proposals)


def test_facilitator_is_never_a_case_bringer_and_never_leads_twice_in_a_row():
    proposals = run(GROUP, 10, case_bringers=2)
    for p in proposals:
        assert p.facilitator not in p.case_bringers
    facilitators = [p.facilitator for p in proposals]
    assert all(a != b for a, b in pairwise(facilitators))
    assert set(facilitators[:5]) == set(GROUP)  # everyone led once before anyone twice


def test_the_previous_facilitator_leads_again_only_when_nobody_else_can():
    history = [RoleHistory(meeting(1), ("ann",), "cas")]
    assert propose_roles(("ann", "bob", "cas"), history, before=meeting(2)) == Proposal(
        ("bob",), "ann")
    assert propose_roles(("ann", "bob", "cas"), history, before=meeting(2),
                         absent={"ann"}) == Proposal(("bob",), "cas")


def test_an_absent_member_is_skipped_and_comes_first_once_back():
    proposals = run(GROUP, 4, absent={3: {"cas"}})
    assert [p.case_bringers for p in proposals] == [("ann",), ("bob",), ("dirk",), ("cas",)]
    assert proposals[2].facilitator != "cas"  # absent means no role at all


def test_a_volunteer_jumps_the_queue_and_the_queue_then_carries_on():
    proposals = run(GROUP, 3, volunteers={1: ("eva",)})
    assert [p.case_bringers for p in proposals] == [("eva",), ("ann",), ("bob",)]


def test_two_volunteers_go_in_the_order_they_volunteered():
    proposal = propose_roles(GROUP, [], before=meeting(1), case_bringer_count=2,
                             volunteers=("dirk", "bob", "ann"))
    assert proposal.case_bringers == ("dirk", "bob")
    assert proposal.facilitator == "ann"


def test_a_pass_keeps_the_place_for_next_time():
    proposals = run(GROUP, 3, passes={1: {"ann"}})
    assert [p.case_bringers for p in proposals] == [("bob",), ("ann",), ("cas",)]
    assert proposals[0].facilitator == "ann"  # passing on a case is not passing on leading


def test_an_absent_volunteer_or_one_who_also_passes_is_not_proposed():
    proposal = propose_roles(GROUP, [], before=meeting(1), volunteers=("eva", "dirk"),
                             absent={"eva"}, passes={"dirk"})
    assert proposal.case_bringers == ("ann",)


def test_two_case_bringers_per_meeting():
    proposals = run(GROUP, 3, case_bringers=2)
    assert [(p.case_bringers, p.facilitator) for p in proposals] == [
        (("ann", "bob"), "cas"),
        (("cas", "dirk"), "ann"),
        (("eva", "ann"), "bob"),
    ]


def test_a_group_of_two_reports_what_it_cannot_fill():
    both = propose_roles(("ann", "bob"), [], before=meeting(1), case_bringer_count=2)
    assert both == Proposal(("ann", "bob"), None, short_of_case_bringers=0,
                            short_of_facilitator=True)
    assert not both.complete
    one_away = propose_roles(("ann", "bob"), [], before=meeting(1), case_bringer_count=2,
                             absent={"ann"})
    assert one_away == Proposal(("bob",), None, short_of_case_bringers=1,
                                short_of_facilitator=True)
    nobody = propose_roles(("ann", "bob"), [], before=meeting(1), absent={"ann", "bob"})
    assert nobody == Proposal((), None, short_of_case_bringers=1, short_of_facilitator=True)
    enough = propose_roles(("ann", "bob"), [], before=meeting(1))
    assert enough == Proposal(("ann",), "bob") and enough.complete


def test_confirmed_roles_are_kept_and_only_the_rest_is_filled():
    # ann would be first to bring a case, but the coordinator already made her facilitator.
    proposal = propose_roles(GROUP, [], before=meeting(1), keep=Proposal(facilitator="ann"))
    assert proposal == Proposal(("bob",), "ann")
    proposal = propose_roles(GROUP, [], before=meeting(1), case_bringer_count=2,
                             keep=Proposal(case_bringers=("eva",)))
    assert proposal == Proposal(("eva", "ann"), "bob")
    confirmed = Proposal(("dirk", "cas"), "eva")
    assert propose_roles(GROUP, [], before=meeting(1), case_bringer_count=2,
                         keep=confirmed) == confirmed


def test_a_confirmed_person_who_reports_absent_is_replaced():
    proposal = propose_roles(GROUP, [], before=meeting(1), absent={"cas"},
                             keep=Proposal(("cas",), "eva"))
    assert proposal == Proposal(("ann",), "eva")


def test_ties_follow_the_member_order_and_the_result_is_the_same_every_time():
    members = ("eva", "cas", "ann", "bob")
    assert propose_roles(members, [], before=meeting(1)) == Proposal(("eva",), "cas")
    history = [RoleHistory(meeting(2), ("eva",), "cas"), RoleHistory(meeting(1), ("ann",), "bob")]
    first = propose_roles(members, history, before=meeting(3))
    assert first == Proposal(("cas",), "eva")
    assert propose_roles(members, list(reversed(history)), before=meeting(3)) == first
    assert propose_roles(members, iter(history), before=meeting(3)) == first
    # Newest first, as a database might return it: ann's latest case (meeting 3) counts.
    newest_first = [RoleHistory(meeting(3), ("ann",), "eva"), RoleHistory(meeting(2), ("cas",)),
                    RoleHistory(meeting(1), ("ann",))]
    assert case_bringer_queue(members, newest_first, meeting(4)) == ("eva", "bob", "cas", "ann")


def test_a_member_who_left_is_ignored():
    history = [RoleHistory(meeting(1), ("fien",), "gijs")]  # both have left the group since
    proposal = propose_roles(GROUP, history, before=meeting(2), volunteers=("fien",),
                             keep=Proposal(facilitator="gijs"))
    assert proposal == Proposal(("ann",), "bob")
    assert "fien" not in case_bringer_queue(GROUP, history, meeting(2), volunteers=("fien",))


def test_cancelled_and_later_meetings_do_not_count():
    cancelled = Meeting(group_id=1, occurrence=meeting(1), start=meeting(1),
                        duration_minutes=120, status=MeetingStatus.CANCELLED,
                        case_bringers=("ann",), facilitator="bob")
    history = [RoleHistory.from_meeting(cancelled),
               RoleHistory(meeting(3), ("ann",), "bob")]  # after the meeting being planned
    assert propose_roles(GROUP, history, before=meeting(2)) == Proposal(("ann",), "bob")


def test_the_queues_offer_the_next_candidates_for_pick_someone_else():
    history = [RoleHistory(meeting(1), ("ann",), "bob"), RoleHistory(meeting(2), ("bob",), "ann")]
    assert case_bringer_queue(GROUP, history, meeting(3), absent={"dirk"}) == (
        "cas", "eva", "ann", "bob")
    assert case_bringer_queue(GROUP, history, meeting(3), passes={"cas"},
                              volunteers=("bob",)) == ("bob", "dirk", "eva", "ann")
    assert facilitator_queue(GROUP, history, meeting(3), case_bringers=("cas",)) == (
        "dirk", "eva", "bob", "ann")


def test_only_one_or_two_case_bringers():
    with pytest.raises(ValueError, match="1 or 2"):
        propose_roles(GROUP, [], before=meeting(1), case_bringer_count=3)
