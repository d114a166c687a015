"""The annual plan approved as a whole (clause 1.1: 每年年初…收集审核…报党委审批后实施)."""

from datetime import date

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_noop

from jianfu.audit.services import audit_record
from jianfu.registry.errors import DemandError
from jianfu.registry.models import Demand
from jianfu.registry.selectors import review_queue
from jianfu.registry.services import demand_act
from jianfu.workflow.demand import Action, State

# Approving the plan registers every demand in it at once and cannot be undone: the approver confirms
# the very set the page showed (its count), so a plan that grew meanwhile is not approved unseen.
PLAN_CONFIRMATION_NEEDED = gettext_noop("请先勾选“我已核对”：年度计划一经批准，其中的事项将全部登记备案，不能撤回")
PLAN_CHANGED = "年度计划在您核对后有变化：现有 {now} 项等待审批，而不是您确认的 {confirmed} 项；请重新核对后再批准"


def plan_awaiting_approval(*, user, year: int) -> QuerySet[Demand]:
    """The planned demands of a year whose last step, approval, waits for this person."""
    return review_queue(user=user).filter(year=year, in_annual_plan=True, state=State.APPROVAL)


def annual_plan_approve(
    *, acting_user, year: int, confirmed_count: int | None = None, on: date | None = None
) -> list[Demand]:
    """Approve every planned demand waiting for this person, all or none: if one cannot be registered
    (a blocking finding, the quota), the plan is not approved and the message names that demand.
    `confirmed_count` is the number of demands the approver saw and confirmed (the web asks for it)."""
    demands = list(plan_awaiting_approval(user=acting_user, year=year).order_by("start", "id"))
    if not demands:
        raise DemandError(f"没有等待您审批的 {year} 年度计划事项")
    if confirmed_count is not None and confirmed_count != len(demands):
        raise DemandError(PLAN_CHANGED.format(now=len(demands), confirmed=confirmed_count))
    registered = []
    with transaction.atomic():
        for demand in demands:
            try:
                registered.append(
                    demand_act(
                        acting_user=acting_user,
                        demand_id=demand.pk,
                        action=Action.ADVANCE,
                        expected_state=State.APPROVAL,
                        on=on,
                    )
                )
            except DemandError as error:
                raise DemandError(f"年度计划未批准：《{demand.title}》{error}") from None
        audit_record(
            acting_user=acting_user,
            action="annual_plan.approve",
            object_type="annual_plan",
            object_id=f"{demands[0].division.code}/{year}",
            after={"registered": [d.registration_number for d in registered]},
        )
    return registered
