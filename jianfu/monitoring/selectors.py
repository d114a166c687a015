"""Reads of monitoring sites, scoped: a bureau sees its subtree's sites, a school its own."""

from django.db.models import QuerySet

from jianfu.monitoring.models import MonitoringSite
from jianfu.org.access import get_for_user, schools_for
from jianfu.org.models import Division, DivisionKind

COUNTY_KINDS = (
    DivisionKind.DISTRICT,
    DivisionKind.COUNTY,
    DivisionKind.AUTONOMOUS_COUNTY,
    DivisionKind.MANAGEMENT_COMMITTEE,
)


def sites_for(user, *, year: int | None = None, county: Division | None = None) -> QuerySet[MonitoringSite]:
    """The sites whose school the user may see (the city bureau every county's, a county its own, a
    principal its school's)."""
    sites = MonitoringSite.objects.filter(school__in=schools_for(user))
    return _narrowed(sites, year=year, county=county)


def site_get_for_user(user, site_id: int) -> MonitoringSite:
    """One site the user may see; 404 whether it is missing or out of reach."""
    return get_for_user(sites_for(user), pk=site_id)


def sites_of_year(year: int, *, county: Division | None = None) -> QuerySet[MonitoringSite]:
    """Every county's sites of a year, unscoped: for the operator's command, the demo and the report."""
    return _narrowed(MonitoringSite.objects.all(), year=year, county=county)


def counties_with_schools() -> QuerySet[Division]:
    """The county-level divisions that have schools: those a matrix is asked of."""
    return Division.objects.filter(kind__in=COUNTY_KINDS, schools__isnull=False).distinct().order_by("path")


def _narrowed(sites: QuerySet[MonitoringSite], *, year, county) -> QuerySet[MonitoringSite]:
    if year is not None:
        sites = sites.filter(year=year)
    if county is not None:
        sites = sites.filter(county=county)
    return sites.select_related("county", "school", "stand_in_approved_by").order_by(
        "year", "county__path", "area", "level"
    )
