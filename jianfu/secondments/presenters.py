"""What a secondment's page shows: the pre-check of its demand, its teachers with the steps this person may
take on each (the same rules the services enforce, so no button leads to a refusal), and the time limits."""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext

from jianfu.deadlines.models import Obligation
from jianfu.org.models import Role, RoleAssignment
from jianfu.policy.model import SEVERITY_LABELS
from jianfu.registry.access import may_request_for
from jianfu.registry.models import Demand
from jianfu.registry.precheck import demand_precheck
from jianfu.secondments import selectors
from jianfu.secondments.models import Placement, PlacementState, Secondment
from jianfu.workflow.demand import State

# How the secondments' obligations name their subject (timers.py opens them).
SUBJECT_SECONDMENT, SUBJECT_PLACEMENT = "secondment", "placement"


@dataclass(frozen=True)
class PlacementRow:
    placement: Placement
    may_report: bool  # the borrowing unit: the teacher went back
    may_confirm: bool  # the teacher's school: the teacher is back


def placement_rows(user, secondment: Secondment) -> list[PlacementRow]:
    requester = may_request_for(user, secondment.demand)
    schools = set(RoleAssignment.objects.filter(user=user, role=Role.PRINCIPAL).values_list("school_id", flat=True))
    return [
        PlacementRow(
            placement=placement,
            may_report=requester and placement.state == PlacementState.ACTIVE,
            may_confirm=placement.school_id in schools
            and placement.state in (PlacementState.ACTIVE, PlacementState.RETURN_REPORTED),
        )
        for placement in selectors.placements_of(user, secondment).select_related("school")
    ]


def findings_of(demand: Demand) -> list[dict]:
    """A draft's pre-check as it stands now (a draft can still be changed); a submitted demand's findings
    as recorded at submission. Each with its severity's words in the reader's language."""
    if demand.state in (State.DRAFT, State.RETURNED):
        findings = [finding.as_dict() for finding in demand_precheck(demand).findings]
    else:
        findings = list(demand.findings or [])
    labels = {severity.value: gettext(label) for severity, label in SEVERITY_LABELS.items()}
    return [finding | {"severity_label": labels.get(finding["severity"], "")} for finding in findings]


def obligations_of(user, secondment: Secondment):
    """The time limits of this secondment: the return the borrowing unit owes, and the confirmations the
    schools owe for the teachers this person may see."""
    placements = selectors.placements_of(user, secondment).values_list("pk", flat=True)
    return (
        Obligation.objects.filter(
            Q(subject_type=SUBJECT_SECONDMENT, subject_id=secondment.pk)
            | Q(subject_type=SUBJECT_PLACEMENT, subject_id__in=list(placements))
        )
        .select_related("owner_unit", "owner_school")
        .order_by("due_on", "id")
    )
