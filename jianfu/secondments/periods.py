"""A teacher's post status over time (PostStatusPeriod, what the census reads) and the status the roster
shows today, kept in step: a period opens when a secondment is registered (from its start), the roster's
status flips once the start has come (at once, or by the worker's sweep), and both close on the return."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from jianfu.audit.services import audit_record
from jianfu.org.models import PostStatus, Teacher
from jianfu.secondments.compliance import return_orders_complied
from jianfu.secondments.models import Placement, PlacementState, PostStatusPeriod, Source

STATUS_OF_KIND = {"secondment": PostStatus.SECONDED, "short_assignment": PostStatus.ASSIGNED}


def period_open(placement: Placement, *, today: date | None = None) -> PostStatusPeriod:
    """The placement's period (借用 or 抽调, from its start, where: the borrowing unit); the roster's
    status changes now if the start has come."""
    demand = placement.secondment.demand
    period = PostStatusPeriod.objects.filter(placement=placement).first() or PostStatusPeriod.objects.create(
        teacher=placement.teacher,
        status=STATUS_OF_KIND[demand.category],
        since=placement.start,
        where=demand.requester.name,
        where_unit=demand.requester,
        placement=placement,
        source=Source.SECONDMENT,
    )
    if placement.start <= (today or timezone.localdate()):
        _roster_status(placement.teacher, period.status, placement)
    return period


def period_close(placement: Placement, *, until: date) -> None:
    """The return: the placement's period (and those of the secondments it renewed) closed on the day the
    teacher came back; 在岗 again unless another period is still open for the teacher."""
    chain = [placement.pk, *_renewed_ids(placement)]
    ending = PostStatusPeriod.objects.filter(placement_id__in=chain, until__isnull=True)
    ended = list(ending.values_list("pk", flat=True))
    ending.update(until=until)
    return_orders_complied(ended, on=until)
    still_away = PostStatusPeriod.objects.filter(teacher=placement.teacher, until__isnull=True, since__lte=until)
    if not still_away.exists():
        _roster_status(placement.teacher, PostStatus.ON_POST, placement)


def period_cancel(placement: Placement) -> None:
    """A registration revoked before the teacher left: the period that never began is removed (the
    audit log keeps it); one that began stays open, for the census to flag as no longer approved."""
    today = timezone.localdate()
    if placement.start > today:
        PostStatusPeriod.objects.filter(placement=placement).delete()


def period_end_at(placement: Placement, until: date) -> None:
    """The original of a renewal: its period ends on its own last day; the renewal's period follows."""
    PostStatusPeriod.objects.filter(placement=placement, until__isnull=True).update(until=until)


def post_status_sweep(today: date | None = None) -> int:
    """Flips the roster to 借用/抽调 for every active placement whose start has come and whose teacher
    the roster still shows in post (the registration came before the start). Idempotent."""
    today = today or timezone.localdate()
    flipped = 0
    due = Placement.objects.filter(
        state=PlacementState.ACTIVE, start__lte=today, teacher__post_status=PostStatus.ON_POST
    ).select_related("teacher", "secondment__demand")
    for placement in due:
        with transaction.atomic():
            period = PostStatusPeriod.objects.filter(placement=placement, until__isnull=True).first()
            if period is not None:
                flipped += _roster_status(placement.teacher, period.status, placement)
    return flipped


def _roster_status(teacher: Teacher, status: str, placement: Placement) -> int:
    if teacher.post_status == status:
        return 0
    before = teacher.post_status
    Teacher.objects.filter(pk=teacher.pk).update(post_status=status)
    teacher.post_status = status
    audit_record(
        acting_user=None,
        action="teacher.post_status",
        object_type="teacher",
        object_id=teacher.pk,
        before={"post_status": before},
        after={"post_status": status, "placement": placement.pk},
    )
    return 1


def _renewed_ids(placement: Placement) -> list[int]:
    ids, secondment = [], placement.secondment
    while secondment.renewal_of_id:
        secondment = secondment.renewal_of
        ids += list(secondment.placements.filter(teacher_id=placement.teacher_id).values_list("pk", flat=True))
    return ids
