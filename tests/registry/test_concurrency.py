"""Eight approvals at the same moment: eight numbers, none twice, none missing."""

import threading

from django.db import connection

from jianfu.registry.models import Demand
from jianfu.registry.services import demand_act
from jianfu.workflow.demand import Action, State
from tests.race import race
from tests.registry.conftest import filed
from tests.world import committed_world


def test_concurrent_final_approvals_take_gap_free_numbers(transactional_db):
    world = committed_world()
    demands = []
    for n in range(8):
        demand = filed(world, title=f"并发审批第 {n} 项")
        for user, action in (
            (world.department_clerk, Action.SUBMIT),
            (world.county_officer, Action.ADVANCE),
            (world.joint_reviewer, Action.ADVANCE),
        ):
            demand.refresh_from_db()
            demand_act(acting_user=user, demand_id=demand.pk, action=action, expected_state=demand.state)
        demands.append(demand)
    errors, start = [], threading.Barrier(8)

    def approve(demand_id: int):
        try:
            start.wait()
            demand_act(
                acting_user=world.approver, demand_id=demand_id, action=Action.ADVANCE, expected_state=State.APPROVAL
            )
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(d.pk,)) for d in demands]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(Demand.objects.values_list("registration_number", flat=True))
    assert numbers == [f"安教减备〔2021〕520402-{n:04d}号" for n in range(1, 9)]


def test_two_people_approving_the_same_demand_at_once_exactly_one_wins(transactional_db):
    world = committed_world()
    demand = filed(world)
    for user, action in ((world.department_clerk, Action.SUBMIT), (world.county_officer, Action.ADVANCE)):
        demand.refresh_from_db()
        demand_act(acting_user=user, demand_id=demand.pk, action=action, expected_state=demand.state)

    def decide(action: Action, reason: str):
        return lambda: demand_act(
            acting_user=world.joint_reviewer,
            demand_id=demand.pk,
            action=action,
            expected_state=State.JOINT_REVIEW,
            reason=reason,
        )

    assert race(decide(Action.ADVANCE, ""), decide(Action.REJECT, "重复检查")) == ["StaleDecision", "won"]
