"""Reads of secondments, scoped to who asks; one object is fetched only through `secondment_for` /
`placement_for`, 404 for missing and forbidden alike.

Who sees what (issue 13, item 5): the borrowing unit its own requests (the registry's scope: a requester
its unit's demands); the education bureau and the inspectorate every one handled in their area; the party
committee (approvers) the submitted ones of its level, which it files; a school its own teachers'
placements, and what it is owed; a teacher their own history."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from jianfu.org.access import get_for_user, schools_for, scope_for, teachers_for
from jianfu.org.models import Role, RoleAssignment, School, Teacher
from jianfu.policy.durations import days_spanned
from jianfu.registry.access import demands_for
from jianfu.secondments.models import Placement, PlacementState, PostStatusPeriod, Secondment

COUNTED = (PlacementState.ACTIVE, PlacementState.RETURN_REPORTED, PlacementState.RETURNED)


def _principal_school_ids(user) -> list[int]:
    return list(RoleAssignment.objects.filter(user=user, role=Role.PRINCIPAL).values_list("school_id", flat=True))


def placements_visible_to(user) -> QuerySet[Placement]:
    """The placements of the secondments the user sees through the registry, of the schools the user is
    principal of, and the user's own (a teacher)."""
    scope = scope_for(user)
    if scope.everything:
        return Placement.objects.select_related("teacher", "school", "secondment__demand")
    if not user.is_authenticated:
        return Placement.objects.none()
    visible = Q(secondment__demand__in=demands_for(user))
    schools = _principal_school_ids(user)
    if schools:
        visible |= Q(school_id__in=schools)
    if scope.teacher_ids:
        visible |= Q(teacher_id__in=scope.teacher_ids)
    return Placement.objects.filter(visible).select_related("teacher", "school", "secondment__demand")


def secondments_visible_to(user) -> QuerySet[Secondment]:
    scope = scope_for(user)
    if scope.everything:
        return Secondment.objects.select_related("demand")
    if not user.is_authenticated:
        return Secondment.objects.none()
    through_placements = placements_visible_to(user).values("secondment_id")
    visible = Q(demand__in=demands_for(user)) | Q(pk__in=through_placements)
    return Secondment.objects.filter(visible).select_related("demand", "demand__requester").distinct()


def secondment_for(user, pk: int) -> Secondment:
    return get_for_user(secondments_visible_to(user), pk=pk)


def placement_for(user, pk: int) -> Placement:
    return get_for_user(placements_visible_to(user), pk=pk)


def placements_of(user, secondment: Secondment) -> QuerySet[Placement]:
    """The teachers of a secondment the user may see: all of them for the borrowing unit and the
    reviewers, a school only its own."""
    return placements_visible_to(user).filter(secondment=secondment).order_by("school_id", "teacher_id")


def placements_of_school(user, school_id: int) -> QuerySet[Placement]:
    """Who of a school's teachers is (or was) away, since when, until when, on whose approval (404 unless
    the user sees the school)."""
    school = get_for_user(schools_for(user), pk=school_id)
    return (
        placements_visible_to(user)
        .filter(school=school)
        .exclude(state=PlacementState.CANCELLED)
        .order_by("-start", "teacher_id")
    )


def teacher_for_history(user, teacher_id: int) -> Teacher:
    """The teacher whose history the user may read: the roster's readers and the teacher's principal
    (teachers_for), the teacher themself."""
    return get_for_user(teachers_for(user), pk=teacher_id)


def history_of_teacher(user, teacher_id: int) -> QuerySet[Placement]:
    teacher = teacher_for_history(user, teacher_id)
    return (
        Placement.objects.filter(teacher=teacher)
        .exclude(state=PlacementState.CANCELLED)
        .select_related("school", "secondment__demand__requester")
        .order_by("-start", "-id")
    )


def periods_of_teacher(user, teacher_id: int) -> QuerySet[PostStatusPeriod]:
    teacher = teacher_for_history(user, teacher_id)
    return PostStatusPeriod.objects.filter(teacher=teacher).order_by("-since", "-id")


@dataclass(frozen=True)
class YearTotal:
    year: int
    secondments: int  # placements (one teacher each) approved, of the category secondment
    short_assignments: int
    days: int  # the days away they span, within the year

    @property
    def count(self) -> int:
        return self.secondments + self.short_assignments


def yearly_totals(placements) -> list[YearTotal]:
    """Per calendar year, the approved placements among `placements` and the days they span in that
    year (a placement over the new year counts in both, each for its own days). Newest year first."""
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for placement in placements:
        if placement.state not in COUNTED:
            continue
        end = placement.returned_on or placement.end
        end = max(min(end, placement.end), placement.start)
        for year in range(placement.start.year, end.year + 1):
            first, last = max(placement.start, date(year, 1, 1)), min(end, date(year, 12, 31))
            row = counts[year]
            row[0 if placement.secondment.demand.category == "secondment" else 1] += 1
            row[2] += days_spanned(first, last)
    return [YearTotal(year, *counts[year]) for year in sorted(counts, reverse=True)]


def school_for(user, school_id: int) -> School:
    return get_for_user(schools_for(user), pk=school_id)
