"""The annual plan's collection window (clause 1.1): in it, demands enter the plan; after it, they are
temporary and take the temporary route."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from jianfu.registry.errors import DemandError
from jianfu.workflow.demand import Action
from tests.registry.test_lifecycle import act


def test_in_the_window_an_inspection_enters_the_plan_and_takes_the_full_route(world, file_demand):
    demand = act(world.department_clerk, file_demand(), Action.SUBMIT)
    assert not demand.temporary and [s["action"] for s in demand.route] == ["review", "joint_review", "approval"]


def test_after_the_window_a_demand_cannot_claim_a_place_in_the_plan(
    world, file_demand, during_the_2021_collection_window
):
    demand = file_demand()
    during_the_2021_collection_window.move_to(datetime(2021, 3, 16, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    with pytest.raises(DemandError, match="2021 年度计划已于 2021-03-15 截止收集"):
        act(world.department_clerk, demand, Action.SUBMIT)


def test_after_the_window_a_demand_outside_the_plan_is_temporary(world, file_demand, during_the_2021_collection_window):
    during_the_2021_collection_window.move_to(datetime(2021, 5, 6, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    demand = file_demand(in_annual_plan=False, declared={"kind": "check"})
    demand = act(world.department_clerk, demand, Action.SUBMIT)
    assert demand.temporary and [s["action"] for s in demand.route] == ["consultation", "approval"]
    # Consulting the bureau and the party committee's approval are the route's own steps, not answers:
    # the route asks for them, so the pre-check does not (registry/facts.route_facts).
    assert [f["rule"] for f in demand.findings] == []
