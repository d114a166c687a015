"""A requester whose demand was returned sees the count on every page, opens the inbox, follows the
link to the demand, resubmits it, and the count drops."""

from datetime import timedelta

import pytest
from django.utils import timezone

from jianfu.registry.forms import DemandForm
from jianfu.registry.services import demand_act, demand_create
from jianfu.workflow.demand import Action
from tests.e2e.test_walkthrough import log_in
from tests.registry.conftest import inspection_data

pytestmark = pytest.mark.browser


def returned_demand(world):
    start = timezone.localdate() + timedelta(days=30)
    data = inspection_data(
        world, title="学校消防安全检查", start=start, end=start + timedelta(days=3), in_annual_plan=False
    )
    form = DemandForm(data=data, user=world.department_clerk)
    assert form.is_valid(), form.errors
    demand = demand_create(acting_user=world.department_clerk, data=form.cleaned_data)
    for user, action, reason in (
        (world.department_clerk, Action.SUBMIT, ""),
        (world.county_officer, Action.RETURN, "请说明检查标准"),
    ):
        demand.refresh_from_db()
        demand_act(acting_user=user, demand_id=demand.pk, action=action, expected_state=demand.state, reason=reason)
    return demand


def test_a_requester_follows_the_inbox_to_a_returned_demand_resubmits_and_the_count_drops(e2e_world, page_at):
    demand = returned_demand(e2e_world)
    page = page_at(width=375)
    log_in(page, "department_clerk")
    count = page.get_by_test_id("inbox-count")
    assert count.locator(".count").inner_text() == "2"  # the revision owed, and the unread notice of the return
    count.click()
    page.get_by_text("请说明检查标准").wait_for()
    page.get_by_role("link", name=f"修改退回的事项「{demand.title}」并重新提交").click()
    page.wait_for_url(f"**/demands/{demand.pk}/")
    page.get_by_role("button", name="确认提交审核").click()
    page.get_by_text("已办理：事项现为「已提交」").wait_for()
    assert page.get_by_test_id("inbox-count").locator(".count").inner_text() == "1"
    page.get_by_test_id("inbox-count").click()
    assert page.get_by_text("没有待办事项。").is_visible()
