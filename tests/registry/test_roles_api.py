"""Through the API a person can do exactly what the demand's page offers them, no more: the page's
buttons and the service's checks come from one function, access.demand_allowed_actions."""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404

from jianfu.org.models import Role
from jianfu.org.services import role_grant
from jianfu.registry.forms import DemandForm
from jianfu.registry.presenters import actions_for
from jianfu.registry.services import COMPLETE_REFUSED, MERGE_ELSEWHERE, DemandError, demand_act, demand_create
from jianfu.workflow.demand import Action, State
from tests.registry.conftest import inspection_data
from tests.registry.test_lifecycle import act, register

ACTORS = (
    "city_officer",
    "county_officer",
    "other_county_officer",
    "department_clerk",
    "approver",
    "joint_reviewer",
    "principal",
    "teacher",
    "inspector",
    "outsider",
)


def post_action(client, demand, action: str, reason: str = ""):
    body = {"action": action, "expected_state": demand.state, "reason": reason}
    return client.post(f"/api/v1/demands/{demand.pk}/actions", json.dumps(body), content_type="application/json")


def after_its_last_day():
    return time_machine.travel(datetime(2021, 9, 11, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=True)


def test_an_approver_cannot_complete_a_registered_demand_through_the_api(world, file_demand, client_for):
    demand = register(world, file_demand())
    with after_its_last_day():
        response = post_action(client_for(world.approver), demand, "complete")
    assert response.status_code == 403 and response.json()["detail"] == COMPLETE_REFUSED
    demand.refresh_from_db()
    assert demand.state == State.REGISTERED


def test_the_bureau_cannot_merge_a_single_demand_without_a_joint_demand(world, file_demand, client_for):
    demand = act(world.department_clerk, file_demand(), Action.SUBMIT)
    response = post_action(client_for(world.county_officer), demand, "merge")
    assert response.status_code == 403 and response.json()["detail"] == MERGE_ELSEWHERE
    demand.refresh_from_db()
    assert demand.state == State.SUBMITTED and demand.merged_into is None


def test_the_requester_marks_its_demand_done_only_after_its_last_day(world, file_demand, client_for):
    demand = register(world, file_demand())
    assert post_action(client_for(world.department_clerk), demand, "complete").status_code == 403
    with after_its_last_day():
        assert [b.label for b in actions_for(demand, world.department_clerk)] == ["标记为已完成"]
        response = post_action(client_for(world.department_clerk), demand, "complete")
    assert response.status_code == 200 and response.json()["state"] == State.DONE


class Rollback(Exception):
    pass


def outcome(user, demand, action: Action) -> str:
    """What the service does with it: "done" (then rolled back), "forbidden" (not this person's to do,
    or not possible in this state), or "refused" on the policy's grounds (quota, plan window...)."""
    try:
        with transaction.atomic():
            demand_act(acting_user=user, demand_id=demand.pk, action=action, expected_state=demand.state, reason="理由")
            raise Rollback
    except Rollback:
        return "done"
    except (PermissionDenied, Http404):
        return "forbidden"
    except DemandError as error:
        return "forbidden" if "不能执行此操作" in str(error) else "refused"


def demands_in_every_state(world, file_demand) -> list:
    draft = file_demand(title="草稿事项")
    submitted = act(world.department_clerk, file_demand(title="已提交事项"), Action.SUBMIT)
    in_review = act(world.department_clerk, file_demand(title="审核中事项"), Action.SUBMIT)
    in_review = act(world.county_officer, in_review, Action.CLAIM)
    approval = file_demand(title="审批中事项")
    for user, action in [
        (world.department_clerk, Action.SUBMIT),
        (world.county_officer, Action.ADVANCE),
        (world.joint_reviewer, Action.ADVANCE),
    ]:
        approval = act(user, approval, action)
    registered = register(world, file_demand(title="已登记事项"))
    return [draft, submitted, in_review, approval, registered, an_emergency(world)]


def bureau_clerk(world):
    """The county bureau raising its own demand (only a bureau may mark one an emergency)."""
    user = get_user_model().objects.get_or_create(username="bureau_clerk")[0]
    role_grant(user=user, role=Role.REQUESTER, unit=world.unit("520402-JYJ"))
    return user


def an_emergency(world):
    clerk = bureau_clerk(world)
    data = inspection_data(world, title="汛期学校安全紧急检查", requester=world.unit("520402-JYJ").pk, emergency=True)
    form = DemandForm(data=data, user=clerk)
    assert form.is_valid(), form.errors
    return demand_create(acting_user=clerk, data=form.cleaned_data)


@pytest.mark.parametrize("on", ["before", "after"], ids=["before_the_last_day", "after_the_last_day"])
def test_every_action_the_service_accepts_is_a_button_the_page_shows_that_person(world, file_demand, on):
    demands = demands_in_every_state(world, file_demand)
    actors = [getattr(world, name) for name in ACTORS] + [bureau_clerk(world)]
    mismatches = []
    with after_its_last_day() if on == "after" else time_machine.travel(datetime(2021, 2, 22, 11, 0), tick=True):
        for demand in demands:
            for user in actors:
                offered = {b.action for b in actions_for(demand, user)}
                for action in Action:
                    result = outcome(user, demand, action)
                    if (result == "forbidden") == (action in offered):
                        mismatches.append((demand.title, demand.state, user.username, str(action), result))
    assert mismatches == []


def test_a_bureau_that_raises_its_own_emergency_registers_it_at_once(world, client_for):
    role_grant(user=world.county_officer, role=Role.REQUESTER, unit=world.unit("520402-JYJ"))
    data = inspection_data(world, title="汛期学校安全紧急检查", requester=world.unit("520402-JYJ").pk, emergency=True)
    form = DemandForm(data=data, user=world.county_officer)
    assert form.is_valid(), form.errors
    demand = demand_create(acting_user=world.county_officer, data=form.cleaned_data)
    offered = [b.action for b in actions_for(demand, world.county_officer)]
    assert offered == [Action.SUBMIT, Action.WITHDRAW, Action.REGISTER_EMERGENCY]
    response = post_action(client_for(world.county_officer), demand, "register_emergency", reason="汛期紧急")
    assert response.status_code == 200 and response.json()["state"] == State.REGISTERED
