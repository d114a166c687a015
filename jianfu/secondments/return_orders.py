"""Return orders (clause 5.1): the education bureau orders a teacher the census flags — away without approval,
or kept past an approved end — back to their school. The borrowing unit, when known, owes the return by the
pack's `return_order_days` (an obligation, reminded and escalated like every other); the school is told. One
order per period away: a second would only restart the clock."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jianfu.audit.services import audit_record
from jianfu.deadlines.calendar import term_from
from jianfu.deadlines.models import NotificationKind, ObligationKind
from jianfu.deadlines.services import notify, obligation_open, people_of
from jianfu.documents.language import official_language
from jianfu.org.access import can_manage_roster, get_for_user, teachers_for
from jianfu.org.models import Teacher, Unit, UnitKind
from jianfu.secondments.census import CensusRow, CensusStatus, census_of_teacher
from jianfu.secondments.models import PostStatusPeriod, ReturnOrder, Source
from jianfu.secondments.services import SecondmentInvalid

LIMIT = "return_order_days"
ONLY_THE_BUREAU = _("只有教师所在县（区）或上级的教育行政部门可以下达返岗通知")
NOT_FLAGGED = _("{name} 在 {day} 的摸底结论为「{status}」，不属于无审批或逾期未返岗，无须下达返岗通知")
NOT_AWAY = _("{name} 在 {day} 在岗，无须下达返岗通知")
ALREADY_ORDERED = _("已于 {issued} 对 {name} 下达返岗通知（限 {due} 前返岗）；同一次离岗只下达一次，请跟进该通知的办理")


def return_order_issue(user, *, teacher_id: int, on: date | None = None) -> ReturnOrder:
    """Orders a flagged teacher back (404 for a teacher outside the user's roster, like a missing one)."""
    on = on or timezone.localdate()
    teacher = get_for_user(teachers_for(user).select_related("school__county"), pk=teacher_id)
    if not can_manage_roster(user, teacher.school.county):
        raise PermissionDenied(str(ONLY_THE_BUREAU))
    with transaction.atomic():
        Teacher.objects.select_for_update().filter(pk=teacher.pk).first()  # one order at a time per teacher
        row = _flagged_row(teacher, on)
        period = _period_for(teacher, row, on)
        earlier = ReturnOrder.objects.filter(period=period).first()
        if earlier is not None:
            raise SecondmentInvalid(
                "teacher",
                ALREADY_ORDERED.format(issued=earlier.issued_on, name=teacher.name, due=earlier.due_on),
            )
        borrower = Unit.objects.filter(pk=row.borrowing_unit_id).first()
        order = ReturnOrder.objects.create(
            teacher=teacher,
            period=period,
            borrowing_unit=borrower,
            issued_by=user,
            issued_on=on,
            due_on=term_from(LIMIT, on).due.day,
        )
        _oblige_and_tell(order, row)
        audit_record(
            acting_user=user,
            action="return_order.issue",
            object_type="return_order",
            object_id=order.pk,
            after={
                "teacher": teacher.pk,
                "school": teacher.school.code,
                "period": period.pk,
                "census": str(row.status),
                "borrowing_unit": borrower.code if borrower else None,
                "issued_on": on.isoformat(),
                "due_on": order.due_on.isoformat(),
            },
        )
    return order


def _flagged_row(teacher: Teacher, on: date) -> CensusRow:
    row = census_of_teacher(teacher, on)
    if row is None:
        raise SecondmentInvalid("teacher", NOT_AWAY.format(name=teacher.name, day=on))
    if not row.flagged:
        raise SecondmentInvalid(
            "teacher", NOT_FLAGGED.format(name=teacher.name, day=on, status=CensusStatus(row.status).label)
        )
    return row


def _period_for(teacher: Teacher, row: CensusRow, on: date) -> PostStatusPeriod:
    """The period the order ends. A teacher away by the roster with no recorded start gets one now, from the
    order's date: from here on the history knows them."""
    if row.period_id:
        return PostStatusPeriod.objects.select_for_update().get(pk=row.period_id)
    return PostStatusPeriod.objects.create(teacher=teacher, status=teacher.post_status, since=on, source=Source.MANUAL)


def _oblige_and_tell(order: ReturnOrder, row: CensusRow) -> None:
    teacher, school = order.teacher, order.teacher.school
    bureau = Unit.objects.filter(division=school.county, kind=UnitKind.EDUCATION_BUREAU).first()
    with official_language():  # records are written in Chinese whoever reads them
        if order.borrowing_unit is not None:
            obligation_open(
                kind=ObligationKind.RETURN_ORDER,
                what=gettext("按返岗通知让 {school} 教师 {name} 返回原学校（第 5.1 条）").format(
                    school=school.name, name=teacher.name
                ),
                limit=LIMIT,
                start=order.issued_on,
                subject_type="return_order",
                subject_id=order.pk,
                link=_link(),
                owner_unit=order.borrowing_unit,
                owed_to=bureau,
                acting_user=order.issued_by,
            )
        notify(
            users=people_of(school=school),
            kind=NotificationKind.RETURN_ORDER,
            title=gettext("返岗通知：本校教师 {name} 应于 {due} 前返岗（第 5.1 条）").format(
                name=teacher.name, due=order.due_on
            ),
            body=gettext(
                "{teacher} 自 {since} 在 {where}，{why}。已通知{borrower}限期让其返回本校，返岗后请核实。"
            ).format(
                teacher=teacher.name,
                since=row.since or gettext("不详之日"),
                where=row.where or gettext("外单位"),
                why=gettext("借用期满未返岗") if row.status == CensusStatus.OVERDUE else gettext("未经审批"),
                borrower=order.borrowing_unit.name if order.borrowing_unit else gettext("相关单位"),
            ),
            link=_link(),
            subject=("return_order", order.pk),
        )


def _link() -> str:
    """The census page (jianfu/secondments/urls.py), where the bureau follows its orders."""
    try:
        return reverse("secondments:census")
    except NoReverseMatch:
        return "/secondments/census/"
