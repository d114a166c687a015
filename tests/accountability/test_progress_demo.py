"""The demo's progress reports of the reporting period: accepted ones, one returned with a remark, one
awaiting a decision and one overdue and escalated, all through the services; units without people waived."""

import time_machine
from django.contrib.auth import get_user_model

from jianfu.accountability.demo_progress import (
    AWAITING,
    NO_ACCOUNT,
    OVERDUE,
    REMARK,
    RETURNED,
    progress_demo_is_loaded,
    progress_demo_load,
)
from jianfu.accountability.models import MeasureReport
from jianfu.deadlines.models import Notification, Obligation
from jianfu.org.models import Role, Unit
from jianfu.org.services import role_grant


def report(key, period="2026-H1") -> MeasureReport:
    code, measure = key
    return MeasureReport.objects.get(unit__code=code, measure=measure, period=period)


@time_machine.travel("2026-11-27 10:00 +0800", tick=False)
def test_the_demo_leaves_accepted_returned_awaiting_and_one_overdue_escalated_report(world):
    users = get_user_model().objects
    role_grant(user=users.create_user("pingba_dw"), role=Role.APPROVER, unit=Unit.objects.get(code="520403-DW"))
    role_grant(user=users.create_user("city_dds"), role=Role.INSPECTOR, unit=Unit.objects.get(code="520400-DDS"))
    assert not progress_demo_is_loaded()
    assert progress_demo_load() == 28 * 3 - 1  # the city bureau and two county committees, less the overdue one
    assert progress_demo_is_loaded()
    assert report(RETURNED).state == "returned" and report(RETURNED).remarks == REMARK
    assert report(AWAITING).state == "submitted"
    assert MeasureReport.objects.filter(period="2026-H1", state="accepted").count() == 28 * 3 - 3
    overdue = Obligation.objects.get(kind="measure_report", subject_id=report(OVERDUE).pk)
    assert overdue.state == "overdue" and overdue.notifications.filter(kind="escalation").exists()
    escalated = Notification.objects.filter(kind="escalation", obligation__kind="measure_report")
    assert escalated.values("obligation").distinct().count() == 1
    waived = Obligation.objects.filter(kind="measure_report", state="waived")
    assert waived.exists() and set(waived.values_list("waive_reason", flat=True)) == {NO_ACCOUNT}
    in_progress = Obligation.objects.filter(kind="measure_report", what__contains="2026-H2", state="open")
    assert in_progress.count() == MeasureReport.objects.filter(period="2026-H2").count() > 28 * 3
