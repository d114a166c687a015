"""Demo: the measures' progress reports of the current reporting period (the last half-year ended), through the
services. Every unit with people on the platform reports on each of its measures and the inspectorate over it
accepts — except 西秀区's report on 2.3, returned with a remark, and its report on 1.2, submitted and awaiting a
decision; 平坝区 has not reported on 3.1, which is overdue and escalated. What units without an account on the
platform owe is waived by the city bureau with that reason. The period in progress is owed by every unit."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from jianfu.accountability.measures import reporting_period
from jianfu.accountability.models import MeasureReport, ReportState
from jianfu.accountability.progress import report_decide, report_edit, report_submit
from jianfu.accountability.progress_timers import SUBJECT, measure_obligations_open, period_obligations_open
from jianfu.deadlines.models import PENDING, Obligation, ObligationKind
from jianfu.deadlines.reminders import reminders_send_due
from jianfu.deadlines.services import obligation_waive
from jianfu.org.models import Role, RoleAssignment, Unit, UnitKind

RETURNED = ("520402-DW", "2.3")
AWAITING = ("520402-DW", "1.2")
OVERDUE = ("520403-DW", "3.1")
REMARK = "请补充本期“进校园”活动清单及其审核备案记录的链接，并上传县委审定的清单文件。"
NO_ACCOUNT = "演示数据：该单位尚未在平台开通账号，本期进展由牵头单位汇总报告。"


def done_text(report: MeasureReport) -> str:
    return (
        f"{report.unit.name}按第 {report.measure} 条的要求，本期梳理了涉及中小学校和教师的相关事项，"
        "未经登记备案的一律不进校园；落实情况已在部门会议上通报，相关记录见平台。"
    )


def progress_demo_is_loaded() -> bool:
    return MeasureReport.objects.exclude(state=ReportState.DRAFT).exists()


def _person_on(unit: Unit):
    holder = RoleAssignment.objects.filter(unit=unit, user__is_active=True).order_by("user__username").first()
    return holder.user if holder else None


def _inspector_over(unit: Unit):
    """The inspector of the unit's own level, else the city's."""
    division = unit.division
    while division is not None:
        holder = (
            RoleAssignment.objects.filter(
                role=Role.INSPECTOR, unit__division=division, unit__kind=UnitKind.EDUCATION_INSPECTORATE
            )
            .order_by("user__username")
            .first()
        )
        if holder:
            return holder.user
        division = division.parent
    return None


def _city_bureau_person():
    holder = (
        RoleAssignment.objects.filter(role=Role.EDUCATION_BUREAU, unit__kind=UnitKind.EDUCATION_BUREAU)
        .order_by("unit__division__path", "user__username")
        .first()
    )
    return holder.user if holder else None


def progress_demo_load(today: date | None = None) -> int:
    """Returns how many reports were submitted."""
    today = today or timezone.localdate()
    period = reporting_period(today)
    period_obligations_open(period, today=period.starts)
    submitted = 0
    reports = MeasureReport.objects.filter(period=period.id).select_related("unit__division").order_by("pk")
    for report in reports:
        key = (report.unit.code, report.measure)
        writer = _person_on(report.unit)
        if writer is None or key == OVERDUE:
            continue
        with transaction.atomic():
            report_edit(
                writer, report.pk, done=done_text(report), links=[{"label": "年度计划", "url": "/registry/plans/"}]
            )
            report_submit(writer, report.pk, on=period.due - timedelta(days=3))
            submitted += 1
            if key != AWAITING:
                returned = key == RETURNED
                decided_on = period.due + timedelta(days=5)
                report_decide(
                    _inspector_over(report.unit),
                    report.pk,
                    accept=not returned,
                    remarks=REMARK if returned else "",
                    on=decided_on,
                )
    _waive_units_without_people(period.id)
    _escalate_the_overdue(period.id)
    measure_obligations_open(today=today)
    return submitted


def _waive_units_without_people(period_id: str) -> None:
    bureau = _city_bureau_person()
    with_people = RoleAssignment.objects.filter(unit__isnull=False).values("unit_id")
    without = MeasureReport.objects.filter(period=period_id).exclude(unit__in=with_people).values("pk")
    owed = Obligation.objects.filter(
        kind=ObligationKind.MEASURE_REPORT, subject_type=SUBJECT, subject_id__in=without, state__in=PENDING
    )
    for obligation in owed:
        obligation_waive(acting_user=bureau, obligation_id=obligation.pk, reason=NO_ACCOUNT)


def _escalate_the_overdue(period_id: str) -> None:
    code, measure = OVERDUE
    report = MeasureReport.objects.filter(period=period_id, unit__code=code, measure=measure).first()
    if report is None:
        return
    for obligation in Obligation.objects.filter(kind=ObligationKind.MEASURE_REPORT, subject_id=report.pk):
        reminders_send_due(obligation.pk)
