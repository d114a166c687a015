"""The school's page of its teachers away (who, since when, until when, on whose approval, what it is owed,
yearly totals per teacher and for the school) and a teacher's own history (5.2, 5.3, issue 13 item 5)."""

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from jianfu.deadlines.models import PENDING, Obligation
from jianfu.org.access import scope_for
from jianfu.org.models import Role, RoleAssignment
from jianfu.org.selectors import school_get_for_user
from jianfu.registry.selectors import category_labels
from jianfu.secondments import selectors
from jianfu.secondments.models import PlacementState
from jianfu.secondments.presenters import SUBJECT_PLACEMENT, SUBJECT_SECONDMENT

AWAY = (PlacementState.ACTIVE, PlacementState.RETURN_REPORTED)


@login_required
def my_school(request):
    """A principal's own school's page."""
    codes = RoleAssignment.objects.filter(user=request.user, role=Role.PRINCIPAL).values_list("school__code", flat=True)
    code = codes.order_by("school__code").first()
    if code is None:
        raise Http404
    return redirect("secondments:school", code=code)


@login_required
def school_page(request, code):
    school = school_get_for_user(user=request.user, code=code)
    placements = list(
        selectors.placements_of_school(request.user, school.pk).select_related("secondment__demand__requester")
    )
    today = timezone.localdate()
    by_teacher: dict[int, list] = {}
    for placement in placements:
        by_teacher.setdefault(placement.teacher_id, []).append(placement)
    return render(
        request,
        "secondments/school.html",
        {
            "school": school,
            "today": today,
            "away": [p for p in placements if p.state in AWAY],
            "placements": placements,
            "totals": selectors.yearly_totals(placements),
            "teacher_totals": [
                {"teacher": rows[0].teacher, "totals": selectors.yearly_totals(rows)} for rows in by_teacher.values()
            ],
            "owed": _owed_to_and_by(school, placements),
            "categories": category_labels(),
        },
    )


def _owed_to_and_by(school, placements):
    """What is pending about the school's teachers: the returns the borrowing units owe it, and the
    confirmations the school itself owes."""
    secondments = {p.secondment_id for p in placements}
    return (
        Obligation.objects.filter(state__in=PENDING)
        .filter(
            Q(subject_type=SUBJECT_SECONDMENT, subject_id__in=list(secondments))
            | Q(subject_type=SUBJECT_PLACEMENT, owner_school=school)
        )
        .select_related("owner_unit", "owner_school")
        .order_by("due_on", "id")
    )


@login_required
def my_history(request):
    """A teacher's own history."""
    ids = sorted(scope_for(request.user).teacher_ids)
    if not ids:
        raise Http404
    return redirect("secondments:teacher", pk=ids[0])


@login_required
def teacher_history(request, pk):
    teacher = selectors.teacher_for_history(request.user, pk)
    placements = list(selectors.history_of_teacher(request.user, teacher.pk))
    return render(
        request,
        "secondments/teacher.html",
        {
            "teacher": teacher,
            "placements": placements,
            "periods": selectors.periods_of_teacher(request.user, teacher.pk),
            "totals": selectors.yearly_totals(placements),
            "categories": category_labels(),
            "own": teacher.pk in scope_for(request.user).teacher_ids,
        },
    )
