"""Writes for secondments (5.2) and short assignments (5.3). Each runs in one transaction and is audited.

The request itself is a registry demand, created through the registry's own service so its pre-check
runs (a seven-month secondment is a draft with the block of 5.2 that cannot be submitted); submission,
approval and filing go through `registry.services.demand_act`, and this app's hooks (hooks.py) react to
the demand's transitions: placements become active, post statuses change, obligations open.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from jianfu.audit.services import audit_record
from jianfu.documents.language import official_language
from jianfu.org.access import get_for_user, schools_for
from jianfu.org.models import Role, RoleAssignment, Teacher, Unit
from jianfu.packs.active import active_engine
from jianfu.policy.durations import days_spanned
from jianfu.registry.access import may_request_for, requester_units
from jianfu.registry.errors import DemandError
from jianfu.registry.services import demand_create, demand_declaration_review, demand_update
from jianfu.secondments.models import Placement, PlacementState, Purpose, Secondment
from jianfu.workflow.demand import State

KINDS = ("secondment", "short_assignment")
# Purposes clause 5.3 bars unless the education bureau consents explicitly (rules.yaml).
RESTRICTED_PURPOSES = frozenset({Purpose.MEETING_SERVICE, Purpose.CEREMONY, Purpose.RECEPTION})
PENDING_PLACEMENT = (PlacementState.REQUESTED, PlacementState.ACTIVE, PlacementState.RETURN_REPORTED)
HOURS_PER_DAY = 8  # the demand's "teacher hours per school": a borrowed teacher's whole working day

KIND_UNKNOWN = gettext_lazy("「类别」应为借用（secondment）或抽调（short_assignment）；请选择其一")
PURPOSE_UNKNOWN = gettext_lazy("「用途」{purpose!r} 不在可选范围内；请选择工作任务、会议会务、庆典活动、接待或其他")
END_BEFORE_START = gettext_lazy("「结束日期」早于「开始日期」；请改正日期")
TITLE_NEEDED = gettext_lazy("「事项名称」不能为空；请写明借用或抽调的事由")
TASK_NEEDED = gettext_lazy("「工作任务」不能为空；请写明借用教师承担的具体工作")
NO_REQUESTER_UNIT = gettext_lazy("您没有以任何单位名义提出事项的权限；请由本单位的事项提出人员办理")
TEACHER_OUT_OF_REACH = gettext_lazy(
    "「借用教师」中有本单位辖区以外或不存在的教师（编号 {ids}）；请从辖区学校的花名册中选择"
)
TEACHER_NOT_ON_POST = gettext_lazy("「借用教师」{name} 当前岗位状态为「{status}」，不在岗；请选择在岗教师")
OVERLAP = gettext_lazy(
    "「借用教师」{name} 在 {start} 至 {end} 已被「{other}」借用或抽调，期间重叠；同一教师不能同时被两处借用，请改选教师或调整日期"
)
TEACHERS_FIXED = gettext_lazy("事项已是「{state}」，不能再更改借用教师；只有草稿或退回修改的事项可以更改")
NOT_THE_REQUESTER = gettext_lazy("只有提出借用的单位可以办理此事")
RENEW_ONLY_REGISTERED = gettext_lazy("只有已登记（经批准）的借用可以续借；此事项当前为「{state}」")
RENEW_END_NOT_LATER = gettext_lazy("续借的「结束日期」应晚于原借用的结束日期 {end}；请改正")
RENEW_TOO_MANY = gettext_lazy(
    "此借用已续借 {count} 次，本政策包规定最多续借 {limit} 次（第 {clause} 条：借用期限原则上不超过半年）；"
    "请让教师按期返岗，确需继续借用的须重新提出并说明理由"
)
RENEW_NO_TEACHERS = gettext_lazy("原借用中没有仍在借用的教师，无须续借")
NOT_ACTIVE = gettext_lazy("{name} 的借用当前为「{state}」，不能报告返岗；只有借用中的教师可以报告返岗")
NOT_REPORTABLE_BEFORE_START = gettext_lazy("「返岗日期」{on} 早于借用开始日期 {start}；请改正")
NOT_THE_SCHOOL = gettext_lazy("只有教师所在学校（校长或学校办公室）可以确认返岗")
NOT_CONFIRMABLE = gettext_lazy("{name} 的借用当前为「{state}」，不能确认返岗")
CONSENT_NEEDS_REASON = gettext_lazy("同意抽调教师参与会务、庆典或接待须写明理由（第 5.3 条）；理由将记入办理记录")
CONSENT_NOT_NEEDED = gettext_lazy("此事项的用途不是会务、庆典或接待，无须教育行政部门另行同意")


class SecondmentInvalid(ValueError):
    """A request or step that cannot be taken: `field` names the field, the message says how to fix it."""

    def __init__(self, field: str, message):
        super().__init__(str(message))
        self.field = field
        self.message = str(message)


def request_secondment(
    user,
    *,
    kind: str,
    title: str,
    task: str,
    start: date,
    end: date,
    teacher_ids=(),
    purpose: str = Purpose.TASK,
    renewal_of: Secondment | None = None,
    on: date | None = None,
    requester: Unit | None = None,
) -> Secondment:
    """A draft registry demand of the category `kind`, and a placement (requested) for each teacher.
    `requester`: the borrowing unit, by default the first unit the user raises demands for."""
    _check_request(kind=kind, title=title, task=task, start=start, end=end, purpose=purpose)
    requester = requester or requester_units(user).order_by("pk").first()
    if requester is None:
        raise PermissionDenied(NOT_THE_REQUESTER if renewal_of else NO_REQUESTER_UNIT)
    with transaction.atomic():
        teachers = _teachers_in_reach(user, teacher_ids)
        demand = demand_create(
            acting_user=user,
            data=_demand_data(kind=kind, title=title, task=task, start=start, end=end, requester=requester)
            | {"declared": _declared(purpose), "target_schools": sorted({t.school for t in teachers}, key=_pk)},
        )
        secondment = Secondment.objects.create(demand=demand, renewal_of=renewal_of, purpose=purpose)
        _place(secondment, teachers)
        _recheck(secondment, user)
        audit_record(
            acting_user=user,
            action="secondment.request",
            object_type="secondment",
            object_id=secondment.pk,
            after=secondment_snapshot(secondment),
        )
    return secondment


def set_teachers(secondment_id: int, user, teacher_ids) -> Secondment:
    """The teachers of a draft (or a demand returned for revision), replaced by `teacher_ids`."""
    with transaction.atomic():
        secondment = _own_secondment(user, secondment_id)
        demand = secondment.demand
        if demand.state not in (State.DRAFT, State.RETURNED):
            raise SecondmentInvalid("teachers", TEACHERS_FIXED.format(state=demand.get_state_display()))
        before = secondment_snapshot(secondment)
        teachers = _teachers_in_reach(user, teacher_ids)
        secondment.placements.exclude(teacher__in=teachers).delete()
        kept = set(secondment.placements.values_list("teacher_id", flat=True))
        _place(secondment, [t for t in teachers if t.pk not in kept])
        demand.target_schools.set({t.school for t in teachers})
        _recheck(secondment, user)
        audit_record(
            acting_user=user,
            action="secondment.set_teachers",
            object_type="secondment",
            object_id=secondment.pk,
            before=before,
            after=secondment_snapshot(secondment),
        )
    return secondment


def renew(secondment_id: int, user, *, end: date, on: date | None = None) -> Secondment:
    """A renewal: a new demand of the same kind from the day after the end, for the teachers still away,
    approved afresh and counted. More renewals than the pack allows are refused (5.2)."""
    with transaction.atomic():
        original = _own_secondment(user, secondment_id)
        demand = original.demand
        if demand.state != State.REGISTERED:
            raise SecondmentInvalid("renewal_of", RENEW_ONLY_REGISTERED.format(state=demand.get_state_display()))
        if end <= demand.end:
            raise SecondmentInvalid("end", RENEW_END_NOT_LATER.format(end=demand.end.isoformat()))
        start = demand.end + timedelta(days=1)
        count, limit, clause = renewals_of(original) + 1, *max_renewals(start)
        if limit is not None and count > limit:
            raise SecondmentInvalid("renewal_of", RENEW_TOO_MANY.format(count=count - 1, limit=limit, clause=clause))
        teachers = [p.teacher_id for p in original.placements.filter(state=PlacementState.ACTIVE)]
        if not teachers:
            raise SecondmentInvalid("teachers", RENEW_NO_TEACHERS)
        with official_language():  # the title is the renewal's record: Chinese, whoever renews
            title = gettext("%(title)s（第 %(count)s 次续借）") % {"title": demand.title, "count": count}
        return request_secondment(
            user,
            kind=demand.category,
            title=title,
            task=demand.content,
            start=start,
            end=end,
            teacher_ids=teachers,
            purpose=original.purpose,
            renewal_of=original,
            on=on,
            requester=demand.requester,
        )


def report_return(placement_id: int, user, *, on: date) -> Placement:
    """The borrowing unit reports that the teacher went back on `on`; the school then owes the
    confirmation (an obligation), and once every teacher is back the return owed is met."""
    from jianfu.secondments import timers

    with transaction.atomic():
        placement = _placement_for_requester(user, placement_id)
        if placement.state != PlacementState.ACTIVE:
            raise SecondmentInvalid(
                "state", NOT_ACTIVE.format(name=placement.teacher.name, state=placement.get_state_display())
            )
        if on < placement.start:
            raise SecondmentInvalid(
                "returned_on", NOT_REPORTABLE_BEFORE_START.format(on=on.isoformat(), start=placement.start.isoformat())
            )
        before = placement_snapshot(placement)
        placement.state, placement.returned_on = PlacementState.RETURN_REPORTED, on
        placement.save(update_fields=["state", "returned_on"])
        timers.return_reported(placement, user)
        audit_record(
            acting_user=user,
            action="secondment.report_return",
            object_type="placement",
            object_id=placement.pk,
            before=before,
            after=placement_snapshot(placement),
        )
    return placement


def confirm_return(placement_id: int, user, *, on: date) -> Placement:
    """The teacher's school confirms the return: 在岗 again, the post-status period closed on the day
    the teacher came back, the obligations met. The school may confirm a return nobody reported."""
    from jianfu.secondments import timers
    from jianfu.secondments.periods import period_close

    with transaction.atomic():
        placement = get_for_user(_placements_for_school(user), pk=placement_id)
        placement = (
            Placement.objects.select_for_update(of=("self",))
            .select_related("teacher", "secondment__demand")
            .get(pk=placement.pk)
        )
        if not _is_principal_of(user, placement.school_id):
            raise PermissionDenied(NOT_THE_SCHOOL)
        if placement.state not in (PlacementState.ACTIVE, PlacementState.RETURN_REPORTED):
            raise SecondmentInvalid(
                "state", NOT_CONFIRMABLE.format(name=placement.teacher.name, state=placement.get_state_display())
            )
        before = placement_snapshot(placement)
        placement.returned_on = placement.returned_on or on
        placement.state = PlacementState.RETURNED
        placement.return_confirmed_on, placement.return_confirmed_by = on, user
        placement.save(update_fields=["state", "returned_on", "return_confirmed_on", "return_confirmed_by"])
        for earlier in _renewed_placements(placement):
            earlier.state, earlier.returned_on = PlacementState.RETURNED, placement.returned_on
            earlier.return_confirmed_on, earlier.return_confirmed_by = on, user
            earlier.save(update_fields=["state", "returned_on", "return_confirmed_on", "return_confirmed_by"])
        period_close(placement, until=placement.returned_on)
        timers.return_confirmed(placement, user)
        audit_record(
            acting_user=user,
            action="secondment.confirm_return",
            object_type="placement",
            object_id=placement.pk,
            before=before,
            after=placement_snapshot(placement),
        )
    return placement


def consent_purpose(secondment_id: int, user, *, reason: str):
    """The reviewing bureau's explicit consent (5.3) to a short assignment for a meeting, ceremony or
    reception, with its reason: the block stands until it is given. Recorded as the bureau's review of
    the requester's request for consent (registry ReviewDecision, audited there)."""
    from jianfu.secondments.selectors import secondments_visible_to

    if not reason.strip():
        raise SecondmentInvalid("reason", CONSENT_NEEDS_REASON)
    secondment = get_for_user(secondments_visible_to(user), pk=secondment_id)
    if secondment.purpose not in RESTRICTED_PURPOSES:
        raise SecondmentInvalid("purpose", CONSENT_NOT_NEEDED)
    try:
        return demand_declaration_review(
            acting_user=user, demand_id=secondment.demand_id, key="purpose_consented", value=True, reason=reason
        )
    except DemandError as error:
        raise SecondmentInvalid("reason", str(error)) from None


# --- counting against the pack -------------------------------------------------------------------------


def renewals_of(secondment: Secondment) -> int:
    """How many times the chain ending in `secondment` has been renewed (0 for an original)."""
    count = 0
    while secondment.renewal_of_id:
        secondment = secondment.renewal_of
        count += 1
    return count


def max_renewals(on: date) -> tuple[int | None, str]:
    """The pack's number of renewals allowed at `on`, and its clause (None: no limit in the pack)."""
    limit = active_engine().pack.limits.get("secondment_max_renewals")
    dated = limit.at(on) if limit else None
    return (int(dated.value), dated.clause) if dated else (None, "")


# --- helpers --------------------------------------------------------------------------------------------


def _check_request(*, kind, title, task, start, end, purpose) -> None:
    if kind not in KINDS:
        raise SecondmentInvalid("kind", KIND_UNKNOWN)
    if purpose not in Purpose.values:
        raise SecondmentInvalid("purpose", PURPOSE_UNKNOWN.format(purpose=purpose))
    if not (title or "").strip():
        raise SecondmentInvalid("title", TITLE_NEEDED)
    if not (task or "").strip():
        raise SecondmentInvalid("task", TASK_NEEDED)
    if end < start:
        raise SecondmentInvalid("end", END_BEFORE_START)


def _demand_data(*, kind, title, task, start, end, requester) -> dict:
    return {
        "category": kind,
        "title": title.strip(),
        "content": task.strip(),
        "requester": requester,
        "start": start,
        "end": end,
        "estimated_hours": Decimal(min(days_spanned(start, end) * HOURS_PER_DAY, 99_999)),
    }


def _declared(purpose: str) -> dict:
    """Naming a restricted purpose is asking the bureau for its consent: a claim only the bureau's
    confirmation (consent_purpose) can make true, so the block moves from submission to registration."""
    return {"purpose_consented": True} if purpose in RESTRICTED_PURPOSES else {}


def _pk(obj) -> int:
    return obj.pk


def _teachers_in_reach(user, teacher_ids) -> list[Teacher]:
    ids = sorted({int(t) for t in teacher_ids or ()})
    teachers = list(
        Teacher.objects.filter(pk__in=ids, school__in=schools_for(user)).select_related("school").order_by("pk")
    )
    missing = sorted(set(ids) - {t.pk for t in teachers})
    if missing:
        raise SecondmentInvalid("teachers", TEACHER_OUT_OF_REACH.format(ids="、".join(map(str, missing))))
    return teachers


def _place(secondment: Secondment, teachers) -> None:
    demand = secondment.demand
    for teacher in teachers:
        _refuse_overlap(secondment, teacher, demand.start, demand.end)
        Placement.objects.create(
            secondment=secondment, teacher=teacher, school=teacher.school, start=demand.start, end=demand.end
        )


def _refuse_overlap(secondment: Secondment, teacher: Teacher, start: date, end: date) -> None:
    other = (
        Placement.objects.filter(teacher=teacher, state__in=PENDING_PLACEMENT, start__lte=end, end__gte=start)
        .exclude(secondment=secondment)
        .select_related("secondment__demand")
        .first()
    )
    if other is not None:
        raise SecondmentInvalid(
            "teachers",
            OVERLAP.format(
                name=teacher.name,
                start=other.start.isoformat(),
                end=other.end.isoformat(),
                other=str(other.secondment.demand),
            ),
        )


def _recheck(secondment: Secondment, user) -> None:
    """The demand's pre-check again, now that its placements are recorded (headcount per school,
    purpose and renewals are facts from them): an unchanged update through the registry."""
    demand = secondment.demand
    data = {
        "category": demand.category,
        "title": demand.title,
        "content": demand.content,
        "legal_basis": demand.legal_basis,
        "requester": demand.requester,
        "start": demand.start,
        "end": demand.end,
        "estimated_hours": demand.estimated_hours,
        "declared": demand.declared_facts,
        "target_schools": list(demand.target_schools.all()),
    }
    demand_update(acting_user=user, demand_id=demand.pk, data=data)
    secondment.demand.refresh_from_db()


def _own_secondment(user, secondment_id: int) -> Secondment:
    from jianfu.secondments.selectors import secondment_for

    secondment = secondment_for(user, secondment_id)
    secondment = Secondment.objects.select_for_update(of=("self",)).select_related("demand").get(pk=secondment.pk)
    if not may_request_for(user, secondment.demand):
        raise PermissionDenied(NOT_THE_REQUESTER)
    return secondment


def _placement_for_requester(user, placement_id: int) -> Placement:
    from jianfu.secondments.selectors import secondments_visible_to

    visible = Placement.objects.filter(secondment__in=secondments_visible_to(user))
    placement = get_for_user(visible, pk=placement_id)
    placement = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("teacher", "secondment__demand")
        .get(pk=placement.pk)
    )
    if not may_request_for(user, placement.secondment.demand):
        raise PermissionDenied(NOT_THE_REQUESTER)
    return placement


def _placements_for_school(user):
    from jianfu.secondments.selectors import placements_visible_to

    return placements_visible_to(user)


def _is_principal_of(user, school_id: int) -> bool:
    return RoleAssignment.objects.filter(user=user, role=Role.PRINCIPAL, school_id=school_id).exists()


def _renewed_placements(placement: Placement) -> list[Placement]:
    """The same teacher's placements in the secondments this one renewed: back once, back in all."""
    earlier, secondment = [], placement.secondment
    while secondment.renewal_of_id:
        secondment = secondment.renewal_of
        earlier += list(secondment.placements.filter(teacher_id=placement.teacher_id, state__in=PENDING_PLACEMENT))
    return earlier


def secondment_snapshot(secondment: Secondment) -> dict:
    demand = secondment.demand
    return {
        "demand": demand.pk,
        "category": demand.category,
        "purpose": secondment.purpose,
        "start": demand.start.isoformat(),
        "end": demand.end.isoformat(),
        "renewal_of": secondment.renewal_of_id,
        "teachers": sorted(secondment.placements.values_list("teacher_id", flat=True)),
    }


def placement_snapshot(placement: Placement) -> dict:
    return {
        "teacher": placement.teacher_id,
        "state": placement.state,
        "returned_on": placement.returned_on.isoformat() if placement.returned_on else None,
        "confirmed_on": placement.return_confirmed_on.isoformat() if placement.return_confirmed_on else None,
    }


def today_or(on: date | None) -> date:
    return on or timezone.localdate()
