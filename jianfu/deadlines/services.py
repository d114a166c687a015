"""Writes: obligations opened, met and waived as work happens, and notifications to people. Each runs
inside the caller's transaction (or its own) with an audit event; deliveries are queued as tasks in the
same transaction, so the database worker sees them only once the work is committed."""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from jianfu.audit.services import audit_record
from jianfu.deadlines.calendar import active_calendar, term_from
from jianfu.deadlines.models import PENDING, Notification, Obligation, ObligationKind, ObligationState
from jianfu.org.access import can_manage_roster
from jianfu.org.models import Role, RoleAssignment, School, Unit

WAIVE_NEEDS_REASON = gettext_lazy("免除待办须写明理由；理由将记入审计日志")
WAIVE_ONLY_BUREAU = gettext_lazy("只有待办所在地区的教育行政部门可以免除待办")
NOT_PENDING = gettext_lazy("此待办已办结或已免除，不能再免除；请刷新后查看")


def obligation_open(
    *,
    kind: str,
    what: str,
    limit: str,
    start: date,
    subject_type: str,
    subject_id: int,
    link: str,
    owner_unit: Unit | None = None,
    owner_school: School | None = None,
    owed_to: Unit | None = None,
    acting_user=None,
) -> Obligation:
    """Opens what `owner` owes from `start` under the pack's `limit` (its days, their unit, its clause),
    and schedules its reminders. A pending obligation of the same kind for the same thing is kept."""
    with transaction.atomic():
        pending = Obligation.objects.filter(
            kind=kind, subject_type=subject_type, subject_id=subject_id, state__in=PENDING
        ).first()
        if pending:
            return pending
        term = term_from(limit, start)
        obligation = Obligation.objects.create(
            kind=kind,
            what=what[:300],
            clause=term.clause,
            owner_unit=owner_unit,
            owner_school=owner_school,
            owed_to=owed_to,
            division=owner_unit.division if owner_unit else owner_school.county,
            subject_type=subject_type,
            subject_id=subject_id,
            link=link,
            counted_from=start,
            days=term.days,
            unit=term.unit,
            due_on=term.due.day,
            due_estimated=term.due.estimated,
        )
        audit_record(
            acting_user=acting_user,
            action="obligation.open",
            object_type="obligation",
            object_id=obligation.pk,
            after=_snapshot(obligation),
        )
        from jianfu.deadlines.reminders import reminders_schedule

        reminders_schedule(obligation)
    return obligation


def obligation_meet(
    *, kind: str, subject_type: str, subject_id: int, acting_user=None, note: str = ""
) -> Obligation | None:
    """The work owed was done: the pending obligation of that kind for that thing, if any, is met."""
    with transaction.atomic():
        obligation = (
            Obligation.objects.select_for_update()
            .filter(kind=kind, subject_type=subject_type, subject_id=subject_id, state__in=PENDING)
            .first()
        )
        if obligation is None:
            return None
        obligation.note = note.strip()
        return _close(obligation, ObligationState.MET, acting_user, "obligation.meet")


def obligation_waive(*, acting_user, obligation_id: int, reason: str) -> Obligation:
    """The bureau of the owner's area lets an obligation go, with a reason (audited)."""
    if not reason.strip():
        raise ValueError(str(WAIVE_NEEDS_REASON))
    with transaction.atomic():
        obligation = Obligation.objects.select_for_update().select_related("division").get(pk=obligation_id)
        if not can_manage_roster(acting_user, obligation.division):
            raise PermissionDenied(str(WAIVE_ONLY_BUREAU))
        if obligation.state not in PENDING:
            raise ValueError(str(NOT_PENDING))
        obligation.waive_reason = reason.strip()
        return _close(obligation, ObligationState.WAIVED, acting_user, "obligation.waive")


def _close(obligation: Obligation, state: str, acting_user, action: str) -> Obligation:
    before = _snapshot(obligation)
    obligation.state = state
    obligation.closed_at = timezone.now()
    obligation.closed_by = acting_user if acting_user and acting_user.is_authenticated else None
    obligation.save(update_fields=["state", "closed_at", "closed_by", "waive_reason", "note"])
    audit_record(
        acting_user=acting_user,
        action=action,
        object_type="obligation",
        object_id=obligation.pk,
        before=before,
        after=_snapshot(obligation),
    )
    return obligation


def obligations_recompute(*, today: date | None = None) -> int:
    """Due dates reckoned Monday–Friday for a year the calendar lacked are reckoned again once it has it."""
    calendar, changed = active_calendar(), 0
    for obligation in Obligation.objects.filter(due_estimated=True, state__in=PENDING):
        reckoned = calendar.add_days(obligation.counted_from, obligation.days, unit=obligation.unit)
        if reckoned.estimated:
            continue
        Obligation.objects.filter(pk=obligation.pk).update(due_on=reckoned.day, due_estimated=False)
        changed += 1
    return changed


def notify(
    *, users, kind: str, title: str, body: str = "", link: str = "", obligation=None, subject=None
) -> list[Notification]:
    """Tells each person once (their inbox), and queues the delivery through the channels (mail...)
    in the same transaction."""
    from jianfu.deadlines.tasks import deliver

    made = []
    with transaction.atomic():
        for user in {u.pk: u for u in users}.values():
            notification = Notification.objects.create(
                recipient=user,
                kind=kind,
                title=title[:200],
                body=body,
                link=link,
                obligation=obligation,
                subject_type=subject[0] if subject else "",
                subject_id=subject[1] if subject else None,
            )
            deliver.enqueue(notification.pk)
            made.append(notification)
    return made


def people_of(*, unit: Unit | None = None, school: School | None = None, roles=None):
    """The active people holding a role on a unit, or the principal's office of a school."""
    assignments = RoleAssignment.objects.filter(user__is_active=True)
    if unit is not None:
        assignments = assignments.filter(unit=unit)
    else:
        assignments = assignments.filter(school=school, role__in=roles or [Role.PRINCIPAL])
    if roles:
        assignments = assignments.filter(role__in=roles)
    return get_user_model().objects.filter(pk__in=assignments.values("user_id")).order_by("pk")


def _snapshot(obligation: Obligation) -> dict:
    return {
        "kind": obligation.kind,
        "state": obligation.state,
        "owner": obligation.owner_name,
        "what": obligation.what,
        "clause": obligation.clause,
        "due": obligation.due_on.isoformat(),
        "estimated": obligation.due_estimated,
        "reason": obligation.waive_reason,
        "note": obligation.note,
    }


NOTE_NEEDS_TEXT = gettext_lazy("情况说明：请写明紧急登记的理由和依据")
NOTE_MAX = 2_000
NOTE_TOO_LONG = gettext_lazy("情况说明最多 {max} 字，现有 {n} 字；请精简，详细材料可另行归档")
NOT_THE_OWNER = gettext_lazy("只有承担此待办的单位可以办理它")
NOT_BY_STATEMENT = gettext_lazy("此待办随相关工作办理自动办结，无须另行填写说明")


def obligation_fulfil(*, acting_user, obligation_id: int, note: str) -> Obligation:
    """An obligation met by a written statement (an emergency's justification, 2.3), by its owner."""
    note = note.strip()
    if not note:
        raise ValueError(str(NOTE_NEEDS_TEXT))
    if len(note) > NOTE_MAX:
        raise ValueError(str(NOTE_TOO_LONG).format(max=NOTE_MAX, n=len(note)))
    with transaction.atomic():
        obligation = Obligation.objects.select_for_update().get(pk=obligation_id)
        owners = people_of(unit=obligation.owner_unit, school=obligation.owner_school)
        if not owners.filter(pk=acting_user.pk).exists():
            raise PermissionDenied(str(NOT_THE_OWNER))
        if obligation.kind != ObligationKind.JUSTIFICATION:
            raise ValueError(str(NOT_BY_STATEMENT))
        if obligation.state not in PENDING:
            raise ValueError(str(NOT_PENDING))
        obligation.note = note
        return _close(obligation, ObligationState.MET, acting_user, "obligation.fulfil")


def notification_read(*, user, notification_id: int) -> Notification:
    """Marks one of the person's notifications read (404 for anyone else's)."""
    from jianfu.org.access import get_for_user

    notification = get_for_user(Notification.objects.filter(recipient=user), pk=notification_id)
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk).update(read_at=timezone.now())
    return notification


def notifications_read_all(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
