"""The annual plan approved as a whole (clause 1.1: 每年年初…收集审核…报党委审批后实施)."""

from datetime import date

from django.db import transaction
from django.db.models import QuerySet

from jianfu.audit.services import audit_record
from jianfu.registry.errors import DemandError
from jianfu.registry.models import Demand
from jianfu.registry.selectors import review_queue
from jianfu.registry.services import demand_act
from jianfu.workflow.demand import Action, State


def plan_awaiting_approval(*, user, year: int) -> QuerySet[Demand]:
    """The planned demands of a year whose last step, approval, waits for this person."""
    return review_queue(user=user).filter(year=year, in_annual_plan=True, state=State.APPROVAL)


def annual_plan_approve(*, acting_user, year: int, on: date | None = None) -> list[Demand]:
    """Approve every planned demand waiting for this person, all or none: if one cannot be registered
    (a blocking finding, the quota), the plan is not approved and the message names that demand."""
    demands = list(plan_awaiting_approval(user=acting_user, year=year).order_by("start", "id"))
    if not demands:
        raise DemandError(f"没有等待您审批的 {year} 年度计划事项")
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
