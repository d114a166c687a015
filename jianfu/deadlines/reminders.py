"""Reminders: before the due date (the pack's offsets, in working days), on the day, and one escalation
to the level above once overdue. Each is recorded (ReminderSent, unique per obligation and key) in the
transaction that queues its delivery, so it goes out exactly once however often workers run, restart or
race. Tasks scheduled when the obligation opens wake the worker at the right moment; the worker's sweep
(`deadlines_sweep`) catches whatever a crashed task left behind."""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jianfu.audit.services import audit_record
from jianfu.deadlines.calendar import active_calendar, reminder_offsets
from jianfu.deadlines.models import PENDING, NotificationKind, Obligation, ObligationState, ReminderSent
from jianfu.deadlines.services import notify, obligations_recompute, people_of
from jianfu.org.models import Role, RoleAssignment, Unit

REMIND_AT = time(9)  # reminders go out at nine in the morning, local time
ESCALATION = "escalation"
SWEEP_HORIZON_DAYS = 21  # obligations due further off need no reminder yet (offsets are a few working days)


def reminder_plan(obligation: Obligation) -> list[tuple[str, datetime]]:
    """(key, when) in order: before-N for each offset, due, escalation on the day after the due date."""
    calendar, due = active_calendar(), obligation.due_on
    plan = [(f"before-{n}", _at(calendar.add_working_days(due, -n).day)) for n in reminder_offsets(due)]
    plan.append(("due", _at(due)))
    plan.append((ESCALATION, _at(due + timedelta(days=1), time(0))))
    return plan


def _at(day, hour: time = REMIND_AT) -> datetime:
    return timezone.make_aware(datetime.combine(day, hour))


def reminders_schedule(obligation: Obligation) -> None:
    """Queues a wake-up for each moment of the plan (one at once for those already past), inside the
    transaction that opened the obligation."""
    from jianfu.deadlines.tasks import remind

    now, moments = timezone.now(), set()
    for _key, when in reminder_plan(obligation):
        moments.add(when if when > now else None)
    for when in sorted(moments, key=lambda m: m or now):
        (remind.using(run_after=when) if when else remind).enqueue(obligation.pk)


def reminders_send_due(obligation_id: int, now: datetime | None = None) -> list[str]:
    """Sends what is due of one obligation's reminders, once: the latest notice whose time has come
    (earlier ones it supersedes are never sent late), and the escalation once it is overdue."""
    now = now or timezone.now()
    with transaction.atomic():
        obligation = Obligation.objects.select_for_update().filter(pk=obligation_id, state__in=PENDING).first()
        if obligation is None:
            return []
        _mark_overdue(obligation, now)
        plan = reminder_plan(obligation)
        keys = [key for key, _when in plan]
        sent = set(obligation.reminders.values_list("key", flat=True))
        due = [key for key, when in plan if when <= now and key not in sent]
        notices = [key for key in due if key != ESCALATION]
        done = []
        superseded = notices and any(keys.index(k) > keys.index(notices[-1]) for k in sent if k != ESCALATION)
        if notices and not superseded and _record(obligation, notices[-1]):
            _remind_owner(obligation, notices[-1])
            done.append(notices[-1])
        if ESCALATION in due and _record(obligation, ESCALATION):
            _escalate(obligation)
            done.append(ESCALATION)
    return done


def _record(obligation: Obligation, key: str) -> bool:
    """The exactly-once key; False when another worker recorded it first."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(obligation=obligation, key=key)
    except IntegrityError:
        return False
    return True


def _mark_overdue(obligation: Obligation, now: datetime) -> None:
    if obligation.state == ObligationState.OPEN and timezone.localtime(now).date() > obligation.due_on:
        obligation.state = ObligationState.OVERDUE
        obligation.save(update_fields=["state"])
        audit_record(
            acting_user=None,
            action="obligation.overdue",
            object_type="obligation",
            object_id=obligation.pk,
            after={"due": obligation.due_on.isoformat(), "owner": obligation.owner_name},
        )


def _remind_owner(obligation: Obligation, key: str) -> None:
    if key == "due":
        title = _("今天到期：{what}").format(what=obligation.what)
    else:
        title = _("{due} 到期：{what}").format(due=obligation.due_on.isoformat(), what=obligation.what)
    body = _("依据第 {clause} 条，须于 {due} 前办理。").format(clause=obligation.clause, due=obligation.due_on)
    notify(
        users=people_of(unit=obligation.owner_unit, school=obligation.owner_school),
        kind=NotificationKind.REMINDER,
        title=title,
        body=body,
        link=obligation.link,
        obligation=obligation,
    )


def escalation_unit(obligation: Obligation) -> Unit | None:
    """The education bureau one level above the owner's division; without one, the unit it is owed to."""
    parent_id = obligation.division.parent_id
    above = Unit.objects.filter(division_id=parent_id, kind="education_bureau").first() if parent_id else None
    return above or obligation.owed_to


def inspectors_over(division):
    """督导/纪检 of the division and the levels above it: they oversee what is overdue in their area."""
    paths = [p for p in division.path.split("/") if p]
    ancestors = ["/" + "/".join(paths[: i + 1]) + "/" for i in range(len(paths))]
    holders = RoleAssignment.objects.filter(
        role=Role.INSPECTOR, unit__division__path__in=ancestors, user__is_active=True
    ).values("user_id")
    return get_user_model().objects.filter(pk__in=holders)


def _escalate(obligation: Obligation) -> None:
    from jianfu.deadlines.hooks import on_escalation

    unit = escalation_unit(obligation)
    title = _("已逾期：{owner} {what}").format(owner=obligation.owner_name, what=obligation.what)
    body = _("应于 {due} 前办理（第 {clause} 条），至今未办。").format(due=obligation.due_on, clause=obligation.clause)
    users = list(people_of(unit=unit)) if unit else []
    users += list(people_of(unit=obligation.owner_unit, school=obligation.owner_school))
    users += list(inspectors_over(obligation.division))
    notify(
        users=users,
        kind=NotificationKind.ESCALATION,
        title=title,
        body=body,
        link=obligation.link,
        obligation=obligation,
    )
    on_escalation(obligation)


def deadlines_sweep(now: datetime | None = None) -> int:
    """What the worker does each round besides running tasks: due dates reckoned again for years the
    calendar has gained, and every reminder whose time has come sent (if a task did not already)."""
    now = now or timezone.now()
    obligations_recompute()
    horizon = timezone.localtime(now).date() + timedelta(days=SWEEP_HORIZON_DAYS)
    candidates = (
        Obligation.objects.filter(state__in=PENDING, due_on__lte=horizon)
        .exclude(reminders__key=ESCALATION)
        .values_list("pk", flat=True)
    )
    return sum(len(reminders_send_due(pk, now)) for pk in list(candidates))
