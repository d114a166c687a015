"""The party committee approves the year's plan as a whole: every planned demand at once, or none."""

import pytest

from jianfu.registry.errors import DemandError
from jianfu.registry.models import QuotaBaseline
from jianfu.registry.plans import annual_plan_approve
from jianfu.workflow.demand import Action, State
from tests.registry.test_lifecycle import act


def to_approval(world, demand):
    for user, action in (
        (world.department_clerk, Action.SUBMIT),
        (world.county_officer, Action.ADVANCE),
        (world.joint_reviewer, Action.ADVANCE),
    ):
        act(user, demand, action)
    demand.refresh_from_db()
    return demand


def test_the_plan_is_approved_as_a_whole_and_every_demand_gets_its_number(world, file_demand, client_for):
    demands = [to_approval(world, file_demand(title=f"计划内检查 {n}")) for n in range(3)]
    client = client_for(world.approver)
    assert "批准 2021 年度计划（3 项）" in client.get("/review/").content.decode()
    page = client.post("/review/plan/2021/approve/", {"confirm": "yes", "count": "3"}, follow=True).content.decode()
    assert "2021 年度计划已批准：3 项事项已登记" in page
    for demand in demands:
        demand.refresh_from_db()
        assert demand.state == State.REGISTERED
    assert sorted(d.registration_number[-5:] for d in demands) == ["0001号", "0002号", "0003号"]


def test_one_demand_beyond_the_quota_stops_the_whole_plan(world, file_demand):
    QuotaBaseline.objects.create(division=world.xixiu, category="inspection", year=2020, count=4)  # limit 2
    demands = [to_approval(world, file_demand(title=f"计划内检查 {n}")) for n in range(3)]
    with pytest.raises(DemandError, match=r"年度计划未批准：《计划内检查 2》.*限额为 2 项"):
        annual_plan_approve(acting_user=world.approver, year=2021)
    assert {d.state for d in demands} == {State.APPROVAL}
    for demand in demands:
        demand.refresh_from_db()
        assert (demand.state, demand.registration_number) == (State.APPROVAL, None)


def test_an_emergency_registration_shows_the_date_it_must_be_justified_by(world, client_for):
    from jianfu.org.models import Role
    from jianfu.org.services import role_grant
    from jianfu.registry.forms import DemandForm
    from jianfu.registry.services import demand_create
    from tests.registry.conftest import inspection_data

    role_grant(user=world.county_officer, role=Role.REQUESTER, unit=world.unit("520402-JYJ"))
    data = inspection_data(
        world, requester=world.unit("520402-JYJ").pk, category="campus_activity", emergency=True, declared={}
    )
    form = DemandForm(data=data, user=world.county_officer)
    assert form.is_valid(), form.errors
    demand = demand_create(acting_user=world.county_officer, data=form.cleaned_data)
    act(world.county_officer, demand, Action.REGISTER_EMERGENCY, reason="汛期紧急")
    page = client_for(world.county_officer).get(f"/demands/{demand.pk}/").content.decode()
    assert "紧急登记：须于 2021-03-01 前补办审核、说明理由（第 2.3 条）" in page


def test_the_approver_s_queue_reads_as_many_queries_for_a_plan_of_four_as_for_one(
    world, file_demand, client_for, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world.approver)
    to_approval(world, file_demand(title="计划内检查 0"))
    with CaptureQueriesContext(connection) as one:
        assert "批准 2021 年度计划（1 项）" in client.get("/review/").content.decode()
    for n in range(1, 4):
        to_approval(world, file_demand(title=f"计划内检查 {n}"))
    with django_assert_max_num_queries(len(one)):
        assert "批准 2021 年度计划（4 项）" in client.get("/review/").content.decode()
