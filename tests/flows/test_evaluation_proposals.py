"""The rules behind the evaluation's proposals, and who may accept one."""

from __future__ import annotations

from datetime import UTC, datetime

from flows.effects import Post, Reject, Reply
from flows.evaluation_proposals import ProposalAccepted, accept, propose
from tests.flows.test_reminders import group, meeting

GOOD = {"room": 4.5, "agreements": 4.0, "methods": 3.1, "roles": 5.0, "preparation": 4.0}
NOW = datetime(2027, 1, 8, 9, 0, tzinfo=UTC)


def ids(found) -> list[str]:
    return [p.id for p in found]


def test_nothing_to_propose_when_every_average_is_above_three_and_the_rhythm_fits():
    assert propose(GOOD, {"right": 4, "too_rare": 1}, 5) == ()


def test_each_low_average_proposes_its_change_with_the_number_as_reason():
    found = propose({**GOOD, "roles": 2.5, "methods": 3.0}, {}, 4)
    assert ids(found) == ["rotate_facilitator", "other_method"]
    assert found[0].reason.params == {"average": "2.5"}


def test_the_rhythm_only_when_more_than_half_find_it_off():
    assert propose(GOOD, {"too_often": 2, "right": 2}, 4) == ()
    (found,) = propose(GOOD, {"too_often": 3, "right": 1}, 4)
    assert found.id == "rhythm" and found.reason.key == "proposals.reason.rhythm_too_often"


def test_only_a_coordinator_accepts_a_proposal_and_only_once():
    the_group, the_meeting = group(), meeting()
    event = ProposalAccepted("bob", 2, "room")
    action, (effect,) = accept(the_group, the_meeting, event, ("room",), (), None, NOW)
    assert action is None and isinstance(effect, Reject)
    action, effects = accept(the_group, the_meeting, ProposalAccepted("ann", 2, "room"),
                             ("room",), (), None, NOW)
    assert action is not None and action.owner == "ann" and action.meeting_id == 2
    assert [type(e) for e in effects] == [Post, Reply]
    again, (effect,) = accept(the_group, the_meeting, ProposalAccepted("ann", 2, "room"),
                              ("room",), (action.text,), None, NOW)
    assert again is None and isinstance(effect, Reject)
    gone, (effect,) = accept(the_group, the_meeting, ProposalAccepted("ann", 2, "rhythm"),
                             ("room",), (), None, NOW)
    assert gone is None and effect.text.key == "proposals.gone"
