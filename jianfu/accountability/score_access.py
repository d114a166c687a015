"""Who reads and who adjusts the supervision scores.

The inspectorate (督导部门) reads and adjusts every score within its division's area; the city's education
bureau reads every score of the city; a county's education bureau reads its own county's row and nothing
else (the departments' scores are the inspectorate's business). Anyone else is told there is nothing here
(404), as for every object of the platform."""

from django.http import Http404

from jianfu.accountability.indicators import COUNTY, Scored
from jianfu.monitoring.selectors import COUNTY_KINDS
from jianfu.org.access import scope_for
from jianfu.org.models import Role, RoleAssignment


def _paths(user) -> tuple[set[str], set[str], set[str]]:
    """(areas read whole, counties whose own row only is read, areas adjusted)."""
    whole, own_row, adjusted = set(), set(), set()
    assignments = RoleAssignment.objects.filter(
        user=user, role__in=(Role.INSPECTOR, Role.EDUCATION_BUREAU), unit__isnull=False
    ).select_related("unit__division")
    for assignment in assignments:
        division = assignment.unit.division
        if assignment.role == Role.INSPECTOR:
            whole.add(division.path)
            adjusted.add(division.path)
        elif division.kind in COUNTY_KINDS:
            own_row.add(division.path)
        else:
            whole.add(division.path)
    return whole, own_row, adjusted


def _division_of(scored: Scored):
    return scored.county if scored.kind == COUNTY else scored.unit.division


def may_read(user, scored: Scored) -> bool:
    if not user.is_authenticated:
        return False
    if scope_for(user).everything:
        return True
    whole, own_row, _adjusted = _paths(user)
    path = _division_of(scored).path
    if any(path.startswith(p) for p in whole):
        return True
    return scored.kind == COUNTY and path in own_row


def may_adjust(user, scored: Scored) -> bool:
    if not user.is_authenticated:
        return False
    if scope_for(user).everything:
        return True
    return any(_division_of(scored).path.startswith(p) for p in _paths(user)[2])


def reads_scores(user) -> bool:
    """Does this person read any score at all (else the pages answer 404)?"""
    if not user.is_authenticated:
        return False
    return scope_for(user).everything or any(_paths(user))


def readable(user, everyone: list[Scored]) -> list[Scored]:
    """The scored units this person reads; 404 for someone who reads none."""
    if not reads_scores(user):
        raise Http404
    return [scored for scored in everyone if may_read(user, scored)]
