"""The secondments' time limits, all through the deadlines app (one mechanism for every deadline):

- on registration the borrowing unit owes the return of its teachers by the end date (reminders before
  it at the pack's offsets, on the day, one escalation to the level above once overdue);
- an overdue return opens one violation case against the borrowing unit, with the escalation;
- a reported return makes the teacher's school owe the confirmation;
- the roster's post status flips on the start date: a task queued at registration wakes the worker
  then, and the worker's sweep (`post_status_sweep`) catches whatever a lost task left behind.
"""

from datetime import datetime, time

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from jianfu.audit.services import audit_record
from jianfu.deadlines.hooks import bureau_of
from jianfu.deadlines.models import NotificationKind, Obligation, ObligationKind
from jianfu.deadlines.services import notify, obligation_meet, obligation_open, people_of
from jianfu.documents.language import official_gettext as _
from jianfu.gate.models import ViolationCase
from jianfu.org.models import Role
from jianfu.secondments.models import Placement, PlacementState, Secondment

SECONDMENT, PLACEMENT = "secondment", "placement"
CLOSED = (PlacementState.RETURNED, PlacementState.CANCELLED)


def secondment_link(secondment: Secondment) -> str:
    """The secondment's page (S3's), or the demand's page until it exists."""
    try:
        return reverse("secondments:detail", args=[secondment.pk])
    except NoReverseMatch:
        return reverse("registry:demand", args=[secondment.demand_id])


def return_owed(secondment: Secondment, acting_user) -> Obligation:
    """The borrowing unit owes the teachers' return by the end date (pack: secondment_return_days)."""
    demand = secondment.demand
    return obligation_open(
        kind=ObligationKind.SECONDMENT_RETURN,
        what=_("「{title}」期满，让借用的教师于 {end} 前返回原学校").format(title=demand.title, end=demand.end),
        limit="secondment_return_days",
        start=demand.end,
        subject_type=SECONDMENT,
        subject_id=secondment.pk,
        link=secondment_link(secondment),
        owner_unit=demand.requester,
        owed_to=bureau_of(demand.division),
        acting_user=acting_user,
    )


def return_met_if_all_back(secondment: Secondment, acting_user, note: str = "") -> None:
    """The return owed is met once no teacher of the secondment is still away."""
    if secondment.placements.filter(state=PlacementState.ACTIVE).exists():
        return
    obligation_meet(
        kind=ObligationKind.SECONDMENT_RETURN,
        subject_type=SECONDMENT,
        subject_id=secondment.pk,
        acting_user=acting_user,
        note=note,
    )


def return_renewed(original: Secondment, acting_user) -> None:
    """A registered renewal carries the return over to its own end: the original's is met."""
    obligation_meet(
        kind=ObligationKind.SECONDMENT_RETURN,
        subject_type=SECONDMENT,
        subject_id=original.pk,
        acting_user=acting_user,
        note=_("已续借，返岗时限随续借事项"),
    )


def return_reported(placement: Placement, acting_user) -> None:
    """The borrowing unit said the teacher is back: the school owes the confirmation, and is told."""
    secondment = placement.secondment
    return_met_if_all_back(secondment, acting_user)
    link = secondment_link(secondment)
    obligation_open(
        kind=ObligationKind.RETURN_CONFIRM,
        what=_("确认 {name} 已于 {on} 返回本校").format(name=placement.teacher.name, on=placement.returned_on),
        limit="return_confirm_days",
        start=placement.returned_on,
        subject_type=PLACEMENT,
        subject_id=placement.pk,
        link=link,
        owner_school=placement.school,
        owed_to=secondment.demand.requester,
        acting_user=acting_user,
    )
    notify(
        users=people_of(school=placement.school),
        kind=NotificationKind.RETURN_REPORTED,
        title=_("{unit} 报告 {name} 已于 {on} 返岗，请确认").format(
            unit=secondment.demand.requester.name, name=placement.teacher.name, on=placement.returned_on
        ),
        link=link,
    )


def return_confirmed(placement: Placement, acting_user) -> None:
    secondment = placement.secondment
    obligation_meet(
        kind=ObligationKind.RETURN_CONFIRM, subject_type=PLACEMENT, subject_id=placement.pk, acting_user=acting_user
    )
    for earlier in _chain(secondment):
        return_met_if_all_back(earlier, acting_user)
    notify(
        users=people_of(unit=secondment.demand.requester, roles=[Role.REQUESTER]),
        kind=NotificationKind.RETURN_CONFIRMED,
        title=_("{school} 已确认 {name} 返岗").format(school=placement.school.name, name=placement.teacher.name),
        link=secondment_link(secondment),
    )


def _chain(secondment: Secondment):
    while secondment is not None:
        yield secondment
        secondment = secondment.renewal_of


def start_flip_schedule(placement: Placement) -> None:
    """Wakes the worker on the start date to flip the roster's status (queued in the registration's
    transaction; nothing to queue when the start has come)."""
    from jianfu.secondments.tasks import post_status_flip

    when = timezone.make_aware(datetime.combine(placement.start, time(0)))
    if when > timezone.now():
        post_status_flip.using(run_after=when).enqueue(placement.pk)


def overdue_case_open(obligation: Obligation) -> ViolationCase | None:
    """An overdue return (escalated once) becomes one violation case against the borrowing unit, for the
    bureau that approved it (the level above when the borrowing unit is that bureau itself)."""
    secondment = Secondment.objects.select_related("demand__division__parent", "demand__requester").filter(
        pk=obligation.subject_id
    )
    secondment = secondment.first()
    if secondment is None:
        return None
    demand = secondment.demand
    division = demand.division
    if demand.requester.kind == "education_bureau" and division.parent_id:
        division = division.parent
    if ViolationCase.objects.filter(demand=demand, refusal__isnull=True).exists():
        return None
    case = ViolationCase.objects.create(demand=demand, division=division)
    away = [p.teacher.name for p in secondment.placements.filter(state=PlacementState.ACTIVE).select_related("teacher")]
    audit_record(
        acting_user=None,
        action="case.open_overdue_secondment",
        object_type="violation_case",
        object_id=case.pk,
        after={
            "demand": demand.pk,
            "secondment": secondment.pk,
            "borrowing_unit": demand.requester.code,
            "obligation": obligation.pk,
            "due": obligation.due_on.isoformat(),
            "teachers": away,
        },
    )
    bureau = bureau_of(division)
    notify(
        users=people_of(unit=bureau, roles=[Role.EDUCATION_BUREAU]) if bureau else [],
        kind=NotificationKind.SECONDMENT_OVERDUE,
        title=_("违规线索：{unit} 借用（抽调）的教师逾期未返岗（第 {clause} 条）").format(
            unit=demand.requester.name, clause=obligation.clause
        ),
        body=_("「{title}」应于 {due} 结束，{names} 至今未返回原学校。").format(
            title=demand.title, due=obligation.due_on, names=_("、").join(away)
        ),
        link=secondment_link(secondment),
        subject=("violation_case", case.pk),
    )
    return case
