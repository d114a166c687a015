"""Eight approvals at the same moment: eight numbers, none twice, none missing."""

import threading

from django.db import connection

from jianfu.audit.models import AuditHead
from jianfu.org.levels import levels_ensure
from jianfu.org.models import Level
from jianfu.registry.models import Demand
from jianfu.registry.services import demand_act
from jianfu.workflow.demand import Action, State
from tests.registry.conftest import filed
from tests.world import build_world


def test_concurrent_final_approvals_take_gap_free_numbers(transactional_db):
    levels_ensure(Level)
    AuditHead.objects.get_or_create(pk=1)
    world = build_world()
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
    levels_ensure(Level)
    AuditHead.objects.get_or_create(pk=1)
    world = build_world()
    demand = filed(world)
    for user, action in ((world.department_clerk, Action.SUBMIT), (world.county_officer, Action.ADVANCE)):
        demand.refresh_from_db()
        demand_act(acting_user=user, demand_id=demand.pk, action=action, expected_state=demand.state)
    outcomes, start = [], threading.Barrier(2)

    def decide(action: Action, reason: str):
        try:
            start.wait()
            demand_act(
                acting_user=world.joint_reviewer,
                demand_id=demand.pk,
                action=action,
                expected_state=State.JOINT_REVIEW,
                reason=reason,
            )
            outcomes.append("won")
        except Exception as error:
            outcomes.append(type(error).__name__)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(Action.ADVANCE, "")),
        threading.Thread(target=decide, args=(Action.REJECT, "重复检查")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["StaleDecision", "won"]
