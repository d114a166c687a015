"""Approving a whole annual plan asks for a confirmation that works without JavaScript."""

from jianfu.registry.plans import PLAN_CONFIRMATION_NEEDED
from jianfu.workflow.demand import State
from tests.registry.test_plan_approval import to_approval


def test_the_plan_form_asks_the_approver_to_tick_a_required_confirmation(world, file_demand, client_for):
    to_approval(world, file_demand())
    page = client_for(world.approver).get("/review/").content.decode()
    assert '<input type="checkbox" name="confirm" value="yes" required>' in page
    assert '<input type="hidden" name="count" value="1">' in page
    assert "确认整体批准；批准后全部登记备案，不能撤回" in page


def test_a_plan_posted_without_the_confirmation_is_not_approved(world, file_demand, client_for):
    demand = to_approval(world, file_demand())
    page = client_for(world.approver).post("/review/plan/2021/approve/", {"count": "1"}, follow=True)
    assert PLAN_CONFIRMATION_NEEDED in page.content.decode()
    demand.refresh_from_db()
    assert (demand.state, demand.registration_number) == (State.APPROVAL, None)


def test_a_plan_that_grew_after_the_approver_checked_it_is_not_approved_unseen(world, file_demand, client_for):
    first = to_approval(world, file_demand(title="核对时已有的检查"))
    to_approval(world, file_demand(title="核对后才到的检查"))
    page = client_for(world.approver).post("/review/plan/2021/approve/", {"confirm": "yes", "count": "1"}, follow=True)
    assert "现有 2 项等待审批，而不是您确认的 1 项；请重新核对后再批准" in page.content.decode()
    first.refresh_from_db()
    assert first.state == State.APPROVAL


def test_a_confirmed_plan_is_approved_as_a_whole(world, file_demand, client_for):
    demands = [to_approval(world, file_demand(title=f"计划内检查 {n}")) for n in range(2)]
    page = client_for(world.approver).post("/review/plan/2021/approve/", {"confirm": "yes", "count": "2"}, follow=True)
    assert "2021 年度计划已批准：2 项事项已登记" in page.content.decode()
    for demand in demands:
        demand.refresh_from_db()
        assert demand.state == State.REGISTERED
