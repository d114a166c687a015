from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from jianfu.registry.services import demand_act
from jianfu.workflow.demand import Action
from tests.registry.conftest import filed

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year, month, day, hour=10, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def travel():
    """Frozen time, moved by the test: `travel(at(2025, 9, 30))`."""
    with time_machine.travel(at(2025, 9, 30), tick=False) as traveller:
        yield lambda moment: traveller.move_to(moment, tick=False)


def act(user, demand, action, reason=""):
    demand.refresh_from_db()
    return demand_act(acting_user=user, demand_id=demand.pk, action=action, expected_state=demand.state, reason=reason)


def temporary_inspection(world, **overrides):
    """An inspection outside the year's plan (the plan window of 2025 has closed by autumn)."""
    data = {"start": date(2025, 11, 3), "end": date(2025, 11, 7), "in_annual_plan": False} | overrides
    return filed(world, title="2025 年学校消防安全检查", **data)


def returned_demand(world, reason="请说明检查标准"):
    demand = temporary_inspection(world)
    act(world.department_clerk, demand, Action.SUBMIT)
    act(world.county_officer, demand, Action.RETURN, reason)
    return demand


def emergency_registered(world, **overrides):
    """The county bureau raises and registers its own emergency (2.3), as the demo's flood check."""
    from jianfu.org.models import Role
    from jianfu.org.services import role_grant
    from jianfu.registry.forms import DemandForm
    from jianfu.registry.services import demand_create
    from tests.registry.conftest import inspection_data

    role_grant(user=world.county_officer, role=Role.REQUESTER, unit=world.unit("520402-JYJ"))
    data = {
        "requester": world.unit("520402-JYJ").pk,
        "category": "campus_activity",
        "title": "防汛应急安全排查",
        "start": date(2025, 10, 9),
        "end": date(2025, 10, 10),
        "in_annual_plan": False,
        "emergency": True,
        "declared": {},
    } | overrides
    form = DemandForm(data=inspection_data(world, **data), user=world.county_officer)
    assert form.is_valid(), form.errors
    demand = demand_create(acting_user=world.county_officer, data=form.cleaned_data)
    act(world.county_officer, demand, Action.REGISTER_EMERGENCY, "汛期紧急，事后补办审核")
    return demand
