"""Violation cases that deadlines open: an emergency registration left unjustified past the pack's
limit (2.3) becomes a case for the city's education bureau, opened once (with the escalation)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from jianfu.audit.services import audit_record
from jianfu.deadlines.models import NotificationKind, Obligation
from jianfu.deadlines.services import notify, people_of
from jianfu.gate.models import ViolationCase
from jianfu.org.models import Division, Unit
from jianfu.registry.models import Demand


def city_of(division: Division) -> Division:
    """The prefecture-level division at or above `division`."""
    while division.kind != "prefecture" and division.parent_id:
        division = division.parent
    return division


def unjustified_emergency_case_open(obligation: Obligation) -> ViolationCase | None:
    demand = Demand.objects.select_related("division__parent").filter(pk=obligation.subject_id).first()
    if demand is None:
        return None
    city = city_of(demand.division)
    case = ViolationCase.objects.create(demand=demand, division=city)
    audit_record(
        acting_user=None,
        action="case.open_unjustified_emergency",
        object_type="violation_case",
        object_id=case.pk,
        after={"demand": demand.pk, "obligation": obligation.pk, "due": obligation.due_on.isoformat()},
    )
    bureau = Unit.objects.filter(division=city, kind="education_bureau").first()
    notify(
        users=people_of(unit=bureau) if bureau else [],
        kind=NotificationKind.VIOLATION,
        title=_("违规线索：紧急登记事项「{title}」逾期未补办情况说明（第 {clause} 条）").format(
            title=demand.title, clause=obligation.clause
        ),
        body=_("{owner} 应于 {due} 前补办说明。").format(owner=obligation.owner_name, due=obligation.due_on),
        link=reverse("registry:demand", args=[demand.pk]),
        subject=("violation_case", case.pk),
    )
    return case
