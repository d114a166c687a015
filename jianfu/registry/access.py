"""Who may see a demand, and who may act on it at its present step."""

from django.db.models import Q, QuerySet

from jianfu.org.access import scope_for
from jianfu.org.models import Role, RoleAssignment, Unit
from jianfu.registry.models import Demand
from jianfu.workflow.demand import State

# Which role a user needs on a unit of the step's kind to act for that unit.
ROLE_FOR_UNIT_KIND = {
    "education_bureau": Role.EDUCATION_BUREAU,
    "party_committee": Role.APPROVER,
    "statistics_bureau": Role.APPROVER,
    "party_office": Role.JOINT_REVIEWER,
    "government_office": Role.JOINT_REVIEWER,
    "supervision_bureau": Role.JOINT_REVIEWER,
}
READERS_OF_DIVISION = (Role.EDUCATION_BUREAU, Role.INSPECTOR)
DECIDERS = (Role.APPROVER, Role.JOINT_REVIEWER)


def demands_for(user) -> QuerySet[Demand]:
    """Requesters see their unit's demands; education bureaus and inspectors every demand handled in
    their subtree; approvers and joint reviewers the submitted demands of their own division."""
    scope = scope_for(user)
    if scope.everything:
        return Demand.objects.all()
    if not user.is_authenticated:
        return Demand.objects.none()
    assignments = list(RoleAssignment.objects.filter(user=user, unit__isnull=False).select_related("unit__division"))
    visible = Q(pk__in=[])
    for a in assignments:
        if a.role == Role.REQUESTER:
            visible |= Q(requester=a.unit) | Q(co_requesters=a.unit)
        elif a.role in READERS_OF_DIVISION:
            visible |= Q(division__path__startswith=a.unit.division.path)
        elif a.role in DECIDERS:
            visible |= Q(division=a.unit.division) & ~Q(state=State.DRAFT)
    return Demand.objects.filter(visible).distinct()


def requester_units(user):
    """The units a user may raise demands for."""
    if scope_for(user).everything:
        return Unit.objects.all()
    return Unit.objects.filter(role_assignments__user=user, role_assignments__role=Role.REQUESTER)


def may_act_on_step(user, demand: Demand) -> bool:
    """Holds a role for one of the unit kinds the present route step names, in the demand's division."""
    if not demand.route:
        return False
    kinds = demand.route[demand.step]["by"].split(",")
    roles = {ROLE_FOR_UNIT_KIND[kind] for kind in kinds if kind in ROLE_FOR_UNIT_KIND}
    return RoleAssignment.objects.filter(
        user=user, role__in=roles, unit__division=demand.division, unit__kind__in=kinds
    ).exists()


def may_request_for(user, demand: Demand) -> bool:
    return requester_units(user).filter(pk=demand.requester_id).exists()


def is_education_bureau_of(user, demand: Demand) -> bool:
    return RoleAssignment.objects.filter(
        user=user, role=Role.EDUCATION_BUREAU, unit__division=demand.division, unit__kind="education_bureau"
    ).exists()
