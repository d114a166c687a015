"""Who may see a demand, and who may act on it at its present step."""

from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from jianfu.org.access import scope_for
from jianfu.org.models import Role, RoleAssignment, Unit
from jianfu.registry.models import Demand
from jianfu.workflow.demand import OPEN_STATES, Action, State

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


def demand_allowed_actions(user, demand: Demand, *, on: date | None = None) -> frozenset[Action]:
    """What this person may do to this demand now: the buttons its page shows, and the only actions
    `demand_act` accepts, whether they come from the page or the API. Merging is not among them: it
    goes through `merging.demand_merge`, which makes the joint demand."""
    state = State(demand.state)
    allowed = set()
    if may_request_for(user, demand):  # a bureau raising its own emergency still registers it (2.3)
        allowed |= _requester_actions(demand, state, on or timezone.localdate())
    elif state in OPEN_STATES and may_act_on_step(user, demand) and demand.created_by_id != user.pk:
        allowed |= {Action.ADVANCE, Action.RETURN, Action.REJECT}
        if state == State.SUBMITTED:
            allowed.add(Action.CLAIM)
    if is_education_bureau_of(user, demand):
        if state in (State.REGISTERED, State.DONE):
            allowed.add(Action.REVOKE)
        if demand.emergency and state in {State.DRAFT} | OPEN_STATES:
            allowed.add(Action.REGISTER_EMERGENCY)
    return frozenset(allowed)


def _requester_actions(demand: Demand, state: State, today: date) -> frozenset[Action]:
    """The requesting unit submits and withdraws its own demand, and says it has been carried out once
    its last day has passed; it never decides on it."""
    allowed = set()
    if state in (State.DRAFT, State.RETURNED):
        allowed.add(Action.SUBMIT)
    if state in {State.DRAFT, State.RETURNED} | OPEN_STATES:
        allowed.add(Action.WITHDRAW)
    if state == State.REGISTERED and demand.end < today:
        allowed.add(Action.COMPLETE)
    return frozenset(allowed)
