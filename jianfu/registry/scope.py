"""The schools a demand reaches, as a query: the ones it names, or those in its counties (every county
of the handling division when none is ticked), at its levels and in its areas (any when none is ticked).

The same reading as `selectors.demand_list_for_school`, turned the other way round: from a demand to its
schools. Two demands reach the same schools when one school answers both queries (clause 3.1 compares
forms only where they land on the same desks)."""

from django.db.models import Q, QuerySet

from jianfu.org.models import School
from jianfu.registry.models import Demand


def scope_filter(demand: Demand) -> Q:
    """The condition a school meets when the demand reaches it."""
    counties = list(demand.target_counties.values_list("pk", flat=True))
    levels = list(demand.target_levels.values_list("pk", flat=True))
    areas = [area for area in demand.target_areas.split(",") if area]
    covered = Q(county_id__in=counties) if counties else Q(county__path__startswith=demand.division.path)
    if levels:
        covered &= Q(levels__in=levels)
    if areas:
        covered &= Q(area__in=areas)
    return Q(pk__in=demand.target_schools.values("pk")) | covered


def schools_in_scope(demand: Demand) -> QuerySet[School]:
    if not demand.pk:
        return School.objects.none()
    return School.objects.filter(pk__in=School.objects.filter(scope_filter(demand)).values("pk"))


def scopes_meet(demand: Demand, other: Demand) -> bool:
    """Whether at least one school is reached by both demands."""
    return schools_in_scope(demand).filter(pk__in=schools_in_scope(other).values("pk")).exists()
