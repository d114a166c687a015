"""Reads of the registry, scoped to what the person may see."""

from django.db.models import Q, QuerySet

from jianfu.org.access import get_for_user
from jianfu.org.models import RoleAssignment
from jianfu.registry.access import ROLE_FOR_UNIT_KIND, demands_for
from jianfu.registry.models import Demand
from jianfu.workflow.demand import OPEN_STATES, State

PUBLISHED_STATES = (State.REGISTERED, State.DONE)


def demand_get_for_user(*, user, pk: int) -> Demand:
    return get_for_user(demands_for(user).select_related("requester", "division"), pk=pk)


def demand_list_for_user(*, user, state: str = "", year: int | None = None) -> QuerySet[Demand]:
    demands = demands_for(user).select_related("requester", "division")
    if state:
        demands = demands.filter(state=state)
    if year:
        demands = demands.filter(year=year)
    return demands


def review_queue(*, user) -> QuerySet[Demand]:
    """The open demands whose present step waits for a unit this person acts for, oldest first."""
    waiting = Q(pk__in=[])
    for unit_kind, division_id, role in RoleAssignment.objects.filter(user=user, unit__isnull=False).values_list(
        "unit__kind", "unit__division_id", "role"
    ):
        if ROLE_FOR_UNIT_KIND.get(unit_kind) == role:
            waiting |= Q(division_id=division_id, waiting_for__contains=unit_kind)
    return (
        Demand.objects.filter(waiting, state__in=OPEN_STATES)
        .exclude(created_by=user)
        .select_related("requester", "division")
        .order_by("updated_at", "id")
    )


def annual_list(*, year: int, division) -> QuerySet[Demand]:
    """The published list of a year and level: every registered demand handled by that division."""
    return (
        Demand.objects.filter(year=year, division=division, state__in=PUBLISHED_STATES)
        .select_related("requester")
        .prefetch_related("target_counties", "target_levels")
        .order_by("registration_number")
    )


def verification_lookup(number_or_code: str) -> dict:
    """A registered demand by its number or code, in one shape whether it exists or not."""
    from jianfu.registry.presenters import scope_text

    key = number_or_code.strip()
    demand = None
    if 0 < len(key) <= 64:
        demand = (
            Demand.objects.filter(
                Q(verification_code=key.upper()) | Q(registration_number=key), state__in=PUBLISHED_STATES
            )
            .select_related("requester", "division")
            .first()
        )
    if demand is None:
        return {
            "valid": False,
            "number": None,
            "title": None,
            "requester": None,
            "start": None,
            "end": None,
            "scope": None,
        }
    return {
        "valid": True,
        "number": demand.registration_number,
        "title": demand.title,
        "requester": demand.requester.name,
        "start": demand.start.isoformat(),
        "end": demand.end.isoformat(),
        "scope": scope_text(demand),
    }
