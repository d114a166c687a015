"""The violation cases a bureau or inspector may read, whatever opened them, and where each came from.

A case is opened by a school's refusal (jianfu.gate.services), by a demand that broke a time limit (an
emergency left unjustified, 2.3: jianfu.deadlines.violations; a secondment not returned, 5.2:
jianfu.secondments.timers) or by a substantiated complaint (jianfu.complaints.consequences). A refusal's
case is seen by whoever sees the refusal; the others by the bureaus and inspectors over the case's
division (the county's, or the city's for a city-level case)."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jianfu.gate.models import ViolationCase
from jianfu.gate.services import refusals_for
from jianfu.org.access import scope_for
from jianfu.org.models import Role


def cases_for(user) -> QuerySet[ViolationCase]:
    scope = scope_for(user)
    if not (scope.everything or scope.roles & {Role.EDUCATION_BUREAU, Role.INSPECTOR}):
        raise PermissionDenied(_("只有教育行政部门和督导人员可以查看违规线索"))
    visible = Q(refusal__in=refusals_for(user))
    if scope.everything:
        visible |= Q(refusal__isnull=True)
    for path in scope.roster_paths:
        visible |= Q(refusal__isnull=True, division__path__startswith=path)
    return (
        ViolationCase.objects.filter(visible)
        .select_related("refusal__school", "refusal__requester_unit", "demand__requester", "division")
        .prefetch_related("complaints")
    )


@dataclass(frozen=True)
class Origin:
    """What opened a case, as the cases list and the case page show it."""

    kind: str  # 学校拒绝 | 逾期未返岗 … in the reader's language
    title: str
    requester: str
    school: str
    day: date | None
    link: str
    link_label: str


def origin_of(case: ViolationCase) -> Origin:
    if case.refusal_id:
        refusal = case.refusal
        return Origin(
            _("学校拒绝"),
            refusal.title,
            refusal.requester_name,
            refusal.school.name,
            refusal.received_on,
            reverse("gate:refusal", args=[refusal.pk]),
            _("查看拒绝记录与拒绝函"),
        )
    if case.demand_id:
        demand = case.demand
        if demand.category in ("secondment", "short_assignment"):
            kind = _("借用教师逾期未返岗（第 5.2 条）")
        else:
            kind = _("紧急事项逾期未补办（第 2.3 条）")
        day = timezone.localdate(demand.registered_at) if demand.registered_at else None
        return Origin(
            kind,
            demand.title,
            demand.requester.name,
            "—",
            day,
            reverse("registry:demand", args=[demand.pk]),
            _("查看事项"),
        )
    complaint = next(iter(case.complaints.all()), None)
    return Origin(
        _("举报查实"),
        _("举报 #%(n)s") % {"n": complaint.pk} if complaint else "—",
        "—",
        "—",
        complaint.received_on if complaint else None,
        reverse("complaints-case", args=[complaint.pk]) if complaint else "",
        _("查看举报案件"),
    )
