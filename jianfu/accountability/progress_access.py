"""Who may read and write the measures' progress reports.

- a unit's own people (any role on the unit) write its reports and read them;
- the inspectorate — a person with the inspector role on an education inspectorate (督导室) or a discipline
  commission (纪委监委) whose division covers the unit's — reads them and accepts or returns them;
- an education bureau whose division covers the unit's (the city's: every unit) reads them;
- anyone else is told a report does not exist (404), as for every object of the platform."""

from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet

from jianfu.accountability.models import MeasureReport
from jianfu.org.access import get_for_user
from jianfu.org.models import Role, RoleAssignment, Unit, UnitKind

INSPECTORATE_KINDS = (UnitKind.EDUCATION_INSPECTORATE, UnitKind.DISCIPLINE_COMMISSION)


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def own_units(user) -> QuerySet[Unit]:
    """The units on which this person holds a role (they write those units' reports)."""
    if not _signed_in(user):
        return Unit.objects.none()
    return Unit.objects.filter(role_assignments__user=user).distinct().select_related("division")


def inspectorate_paths(user) -> set[str]:
    """The division subtrees whose units' reports this person decides as the inspectorate."""
    if not _signed_in(user):
        return set()
    held = RoleAssignment.objects.filter(user=user, role=Role.INSPECTOR, unit__kind__in=INSPECTORATE_KINDS)
    return set(held.values_list("unit__division__path", flat=True))


def bureau_paths(user) -> set[str]:
    if not _signed_in(user):
        return set()
    held = RoleAssignment.objects.filter(user=user, role=Role.EDUCATION_BUREAU, unit__kind=UnitKind.EDUCATION_BUREAU)
    return set(held.values_list("unit__division__path", flat=True))


def _covers(paths: set[str], unit: Unit) -> bool:
    return any(unit.division.path.startswith(p) for p in paths)


def may_write(user, unit: Unit) -> bool:
    return _signed_in(user) and RoleAssignment.objects.filter(user=user, unit=unit).exists()


def may_decide(user, unit: Unit) -> bool:
    return _signed_in(user) and (user.is_superuser or _covers(inspectorate_paths(user), unit))


def may_read(user, unit: Unit) -> bool:
    if not _signed_in(user):
        return False
    return user.is_superuser or may_write(user, unit) or _covers(inspectorate_paths(user) | bureau_paths(user), unit)


def may_overview(user) -> bool:
    """The measures' pages are for people of a unit (not schools, not outsiders)."""
    return _signed_in(user) and (user.is_superuser or own_units(user).exists())


def reports_for(user) -> QuerySet[MeasureReport]:
    """The reports this person reads, as one queryset: every list and fetch goes through it."""
    reports = MeasureReport.objects.select_related("unit__division")
    if not _signed_in(user):
        return reports.none()
    if user.is_superuser:
        return reports
    paths = inspectorate_paths(user) | bureau_paths(user)
    parts = [Q(unit__in=own_units(user).values("pk"))] + [Q(unit__division__path__startswith=p) for p in paths]
    return reports.filter(reduce(or_, parts))


def units_readable(user) -> QuerySet[Unit]:
    """The units whose reports (and page) this person reads."""
    units = Unit.objects.select_related("division")
    if not _signed_in(user):
        return units.none()
    if user.is_superuser:
        return units
    paths = inspectorate_paths(user) | bureau_paths(user)
    parts = [Q(pk__in=own_units(user).values("pk"))] + [Q(division__path__startswith=p) for p in paths]
    return units.filter(reduce(or_, parts))


def report_get_for_user(report_id, user) -> MeasureReport:
    """One report, for those who read it; 404 for missing and forbidden alike."""
    return get_for_user(reports_for(user), pk=report_id)
