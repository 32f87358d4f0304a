"""Many workspaces in one database: look-ups for one workspace's event never reach another's
groups, and a workspace that left keeps its groups but no timed work."""

from dataclasses import replace
from datetime import timedelta

from flows.due import DueKind, PlanDue
from storage.repositories import Store
from tests.storage.test_groups import GROUP, NOW


def two_groups(store: Store) -> tuple[int, int]:
    with store.unit_of_work() as work:
        north = work.groups.save(GROUP, NOW)
        south = work.groups.save(replace(GROUP, team_id="T2", channel_id="C9", name="Zuid"),
                                 NOW)
        for group in (north, south):
            work.due.plan(PlanDue(key=f"test:{group.id}", kind=DueKind.AGENDA,
                                  group_id=group.id, due_at=NOW + timedelta(days=1)), NOW)
    return north.id, south.id


def test_a_unit_of_work_for_one_team_finds_no_group_of_another(engine):
    store = Store(engine)
    north, south = two_groups(store)
    with store.unit_of_work() as work:
        scoped = work.for_team("T1")
        assert scoped.groups.by_id(north) is not None
        assert scoped.groups.by_id(south) is None
        assert [group.name for group in scoped.groups.all()] == ["Noord"]
    with store.unit_of_work() as work:  # unscoped (the scheduler, housekeeping): every group
        assert work.groups.by_id(south) is not None and len(work.groups.all()) == 2


def test_a_workspace_that_left_keeps_its_groups_without_timed_work(engine):
    store = Store(engine)
    north, south = two_groups(store)
    with store.unit_of_work() as work:
        left = work.groups.team_left("T2", NOW)
        assert left == [south]
        assert work.due.cancel_groups(left, NOW) == 1
    with store.unit_of_work() as work:
        assert [group.name for group in work.groups.all()] == ["Noord"]
        assert [group.name for group in work.groups.of_departed_teams()] == ["Zuid"]
        assert {due.group_id for due in work.due.pending()} == {north}
    with store.unit_of_work() as work:
        assert work.groups.team_back("T2") == 1
        assert len(work.groups.all()) == 2 and work.groups.of_departed_teams() == []
