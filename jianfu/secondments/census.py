"""The census of clause 5.1: every teacher of a county whose post status on a date is not 在岗, since when,
where, and on whose approval.

It reads the history of post statuses (PostStatusPeriod), not the roster's present column, so that a census
of a past date is right, including a date between two secondments of one teacher. Each period is matched to
the approved placements of that teacher:

- an approved placement covering the date: `approved`, with the demand's registration number;
- an approved placement whose end has passed without a reported or confirmed return: `overdue`;
- none: `unapproved` (无审批) — the bureau may order the teacher back (return_orders.py).

Leave (休假: sick, maternity, study) is listed with the status `leave` and never flagged. Teachers whose roster
status says they are away but who have no period at all (a roster imported before the history existed) are
listed as `unapproved` with `since` unknown.
"""

from dataclasses import dataclass
from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jianfu.org.models import Division, PostStatus, Teacher
from jianfu.secondments.models import Placement, PlacementState, PostStatusPeriod, ReturnOrder
from jianfu.workflow.demand import State

APPROVED_DEMAND_STATES = (State.REGISTERED, State.DONE)


class CensusStatus(models.TextChoices):
    APPROVED = "approved", _("已审批")
    OVERDUE = "overdue", _("逾期未返岗")
    UNAPPROVED = "unapproved", _("无审批")
    LEAVE = "leave", _("休假")


FLAGGED = frozenset({CensusStatus.OVERDUE, CensusStatus.UNAPPROVED})


@dataclass(frozen=True)
class CensusRow:
    teacher_id: int
    id_number_masked: str
    name: str
    school: str
    school_code: str
    post_status: str  # a PostStatus value
    since: date | None  # None: away by the roster, with no recorded start
    until: date | None  # the approved end when matched, else the period's recorded end
    where: str
    approval: str | None  # the registration number of the approving demand
    status: CensusStatus
    period_id: int | None = None
    placement_id: int | None = None
    borrowing_unit_id: int | None = None
    ordered_on: date | None = None  # the bureau's return order for this period away, if one was issued
    order_due_on: date | None = None

    @property
    def flagged(self) -> bool:
        return self.status in FLAGGED


def census(county: Division, as_of: date) -> list[CensusRow]:
    """Every teacher of the county's schools away from post on `as_of`, ordered by school and teacher."""
    return _census({"school__county": county}, as_of)


def census_of_teacher(teacher: Teacher, as_of: date) -> CensusRow | None:
    """The one teacher's census row on `as_of`, or None when they were in post."""
    rows = _census({"pk": teacher.pk}, as_of)
    return rows[0] if rows else None


def _census(teachers: dict, as_of: date) -> list[CensusRow]:
    """`teachers`: the lookups that pick the teachers (of a county, or one). The periods are filtered through
    a join on them, not `teacher__in=<subquery>`, which PostgreSQL may plan as a loop over every teacher
    (minutes on a freshly loaded demo whose tables have no statistics yet)."""
    periods = list(
        PostStatusPeriod.objects.filter(
            **{f"teacher__{key}": value for key, value in teachers.items()}, since__lte=as_of
        )
        .filter(Q(until__isnull=True) | Q(until__gte=as_of))
        .exclude(status=PostStatus.ON_POST)
        .select_related("teacher__school", "where_unit")
        .order_by("teacher_id", "-since", "-id")
    )
    latest = {}
    for period in periods:  # overlapping records of one teacher: the latest start tells where they are
        latest.setdefault(period.teacher_id, period)
    placements = _approved_placements(latest)
    orders = _orders_of(latest.values())
    rows = [
        _period_row(period, placements.get(period.teacher_id, []), as_of, orders.get(period.pk))
        for period in latest.values()
    ]
    rows += [_unrecorded_row(teacher) for teacher in _away_without_history(teachers)]
    return sorted(rows, key=lambda row: (row.school_code, row.teacher_id))


def census_figures(as_of: date) -> list[dict]:
    """Per county (every county-level division with schools): how many away, and how many of them approved,
    overdue, unapproved and on leave — what the city sees of every county."""
    counties = Division.objects.filter(schools__isnull=False).distinct().order_by("path")
    figures = []
    for county in counties:
        counts = {status.value: 0 for status in CensusStatus}
        rows = census(county, as_of)
        for row in rows:
            counts[row.status] += 1
        figures.append(
            {"county": county.code, "name": county.name, "as_of": as_of.isoformat(), "away": len(rows), **counts}
        )
    return figures


def _approved_placements(periods: dict[int, PostStatusPeriod]) -> dict[int, list[Placement]]:
    placements = (
        Placement.objects.filter(teacher_id__in=list(periods), secondment__demand__state__in=APPROVED_DEMAND_STATES)
        .exclude(state__in=(PlacementState.CANCELLED, PlacementState.REQUESTED))
        .select_related("secondment__demand__requester")
        .order_by("-end", "-id")
    )
    by_teacher: dict[int, list[Placement]] = {}
    for placement in placements:
        by_teacher.setdefault(placement.teacher_id, []).append(placement)
    return by_teacher


def _orders_of(periods) -> dict[int, ReturnOrder]:
    latest_first = ReturnOrder.objects.filter(period_id__in=[p.pk for p in periods]).order_by("-issued_on", "-id")
    return {order.period_id: order for order in latest_first}  # the earliest, written last, wins


def _period_row(period: PostStatusPeriod, placements: list[Placement], as_of: date, order=None) -> CensusRow:
    teacher = period.teacher
    base = {
        "teacher_id": teacher.pk,
        "id_number_masked": teacher.id_number_masked,
        "name": teacher.name,
        "school": teacher.school.name,
        "school_code": teacher.school.code,
        "post_status": period.status,
        "since": period.since,
        "period_id": period.pk,
        "ordered_on": order.issued_on if order else None,
        "order_due_on": order.due_on if order else None,
    }
    if period.status == PostStatus.ON_LEAVE:
        return CensusRow(**base, until=period.until, where=period.where, approval=None, status=CensusStatus.LEAVE)
    placement, status = _match(period, placements, as_of)
    if placement is None:
        return CensusRow(
            **base,
            until=period.until,
            where=period.where or (period.where_unit.name if period.where_unit else ""),
            approval=None,
            status=CensusStatus.UNAPPROVED,
            borrowing_unit_id=period.where_unit_id,
        )
    demand = placement.secondment.demand
    return CensusRow(
        **base,
        until=placement.end,
        where=period.where or demand.requester.name,
        approval=demand.registration_number,
        status=status,
        placement_id=placement.pk,
        borrowing_unit_id=period.where_unit_id or demand.requester_id,
    )


def _match(period: PostStatusPeriod, placements: list[Placement], as_of: date):
    """The approved placement that explains the absence on `as_of`: one covering the date (the period's own
    placement first), else the latest one that ended without the teacher being reported back by then."""
    own_first = sorted(placements, key=lambda p: p.pk != period.placement_id)  # stable: latest end next
    for placement in own_first:
        if placement.start <= as_of <= placement.end:
            return placement, CensusStatus.APPROVED
    for placement in placements:
        if placement.end < as_of and not _returned_by(placement, as_of):
            return placement, CensusStatus.OVERDUE
    return None, CensusStatus.UNAPPROVED


def _returned_by(placement: Placement, as_of: date) -> bool:
    back = [day for day in (placement.returned_on, placement.return_confirmed_on) if day is not None]
    return bool(back) and min(back) <= as_of


def _away_without_history(teachers: dict):
    return (
        Teacher.objects.filter(**teachers)
        .exclude(post_status=PostStatus.ON_POST)
        .filter(post_periods__isnull=True)
        .select_related("school")
    )


def _unrecorded_row(teacher: Teacher) -> CensusRow:
    leave = teacher.post_status == PostStatus.ON_LEAVE
    return CensusRow(
        teacher_id=teacher.pk,
        id_number_masked=teacher.id_number_masked,
        name=teacher.name,
        school=teacher.school.name,
        school_code=teacher.school.code,
        post_status=teacher.post_status,
        since=None,
        until=None,
        where="",
        approval=None,
        status=CensusStatus.LEAVE if leave else CensusStatus.UNAPPROVED,
    )
