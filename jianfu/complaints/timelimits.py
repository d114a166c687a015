"""A complaint's time limits as obligations (jianfu/deadlines): acceptance on filing, conclusion on
acceptance (moved once by an extension), review on the filer's request. The limits are the pack's
complaint_*_days, in calendar days as the 信访工作条例 counts them; a last day that falls on a public
holiday or a weekend moves to the next working day (民法典 art. 203: 期间的最后一日是法定休假日的，以法定
休假日结束的次日为期间的最后一日), and the reminders are planned from the day so moved."""

from datetime import date, timedelta

from jianfu.deadlines.calendar import active_calendar, term_from
from jianfu.deadlines.models import PENDING, Obligation, ObligationKind
from jianfu.deadlines.reminders import reminders_schedule
from jianfu.deadlines.services import obligation_meet, obligation_open
from jianfu.documents.language import official_gettext as _
from jianfu.org.models import Unit

SUBJECT = "complaint"
ACCEPT_DAYS = "complaint_accept_days"
CONCLUDE_DAYS = "complaint_conclude_days"
EXTENSION_DAYS = "complaint_extension_days"
REVIEW_REQUEST_DAYS = "complaint_review_request_days"
REVIEW_DAYS = "complaint_review_days"


def case_link(complaint) -> str:
    """The officials' page of the case (jianfu/complaints/urls.py: cases/<pk>/)."""
    return f"/complaints/cases/{complaint.pk}/"


def last_day(day: date) -> date:
    """The day itself if people work on it, else the next working day."""
    calendar = active_calendar()
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    return day


def limit_days(limit: str, start: date) -> int:
    return term_from(limit, start).days


def due_from(limit: str, start: date) -> date:
    return last_day(term_from(limit, start).due.day)


def _open(kind: str, limit: str, start: date, what: str, complaint, owner: Unit, owed_to: Unit | None, user):
    obligation = obligation_open(
        kind=kind,
        what=what,
        limit=limit,
        start=start,
        subject_type=SUBJECT,
        subject_id=complaint.pk,
        link=case_link(complaint),
        owner_unit=owner,
        owed_to=owed_to or owner,
        acting_user=user,
    )
    moved = last_day(obligation.due_on)
    if moved != obligation.due_on:
        # Reckoned again from the holiday's end: its reminders are planned anew from the moved day.
        Obligation.objects.filter(pk=obligation.pk).update(due_on=moved)
        obligation.due_on = moved
        reminders_schedule(obligation)
    return obligation


def acceptance_open(complaint, owed_to: Unit | None):
    return _open(
        ObligationKind.COMPLAINT_ACCEPT,
        ACCEPT_DAYS,
        complaint.received_on,
        _("决定是否受理举报 {pk}（被举报：{accused}）").format(pk=complaint.pk, accused=complaint.accused_name),
        complaint,
        complaint.investigating_unit,
        owed_to,
        None,
    )


def acceptance_met(complaint, user) -> None:
    obligation_meet(
        kind=ObligationKind.COMPLAINT_ACCEPT, subject_type=SUBJECT, subject_id=complaint.pk, acting_user=user
    )


def conclusion_open(complaint, owed_to: Unit | None, user, start: date):
    return _open(
        ObligationKind.COMPLAINT_CONCLUDE,
        CONCLUDE_DAYS,
        start,
        _("办结举报 {pk} 并答复举报人（被举报：{accused}）").format(pk=complaint.pk, accused=complaint.accused_name),
        complaint,
        complaint.investigating_unit,
        owed_to,
        user,
    )


def conclusion_met(complaint, user, note: str = "") -> None:
    obligation_meet(
        kind=ObligationKind.COMPLAINT_CONCLUDE,
        subject_type=SUBJECT,
        subject_id=complaint.pk,
        acting_user=user,
        note=note,
    )


def conclusion_extended(complaint, owed_to: Unit | None, user, reason: str) -> Obligation | None:
    """The one extension: the pending conclusion is met as extended, and a new one runs from its due day
    for the pack's extension days."""
    pending = pending_of(complaint, ObligationKind.COMPLAINT_CONCLUDE)
    if pending is None:
        return None
    conclusion_met(complaint, user, note=_("办理期限延长：{reason}").format(reason=reason))
    return _open(
        ObligationKind.COMPLAINT_CONCLUDE,
        EXTENSION_DAYS,
        pending.due_on,
        _("办结举报 {pk} 并答复举报人（已延期一次）").format(pk=complaint.pk),
        complaint,
        complaint.investigating_unit,
        owed_to,
        user,
    )


def conclusion_moved_to(complaint, unit: Unit) -> None:
    """The case was assigned to another unit: what is owed on it is now that unit's."""
    Obligation.objects.filter(subject_type=SUBJECT, subject_id=complaint.pk, state__in=PENDING).exclude(
        kind=ObligationKind.COMPLAINT_REVIEW
    ).update(owner_unit=unit, division=unit.division)


def review_open(complaint, reviewer: Unit, start: date):
    return _open(
        ObligationKind.COMPLAINT_REVIEW,
        REVIEW_DAYS,
        start,
        _("复查举报 {pk} 的答复（举报人申请复查）").format(pk=complaint.pk),
        complaint,
        reviewer,
        reviewer,
        None,
    )


def review_met(complaint, user) -> None:
    obligation_meet(
        kind=ObligationKind.COMPLAINT_REVIEW, subject_type=SUBJECT, subject_id=complaint.pk, acting_user=user
    )


def pending_of(complaint, kind: str | None = None) -> Obligation | None:
    pending = Obligation.objects.filter(subject_type=SUBJECT, subject_id=complaint.pk, state__in=PENDING)
    if kind:
        pending = pending.filter(kind=kind)
    return pending.order_by("due_on", "id").first()


def review_window_closes(replied_on: date) -> date:
    return due_from(REVIEW_REQUEST_DAYS, replied_on)
