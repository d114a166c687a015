"""The progress demo on the demo's own organisation (eight counties, an account per role): one report overdue
and escalated, one returned, one awaiting, every other report of a unit with people accepted."""

from io import StringIO

import time_machine
from django.core.management import call_command

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
from jianfu.org.management.commands.demo import NOT_PRODUCTION_FLAG


@time_machine.travel("2026-11-27 10:00 +0800", tick=False)
def test_on_the_demo_organisation_one_report_is_overdue_and_escalated(db):
    call_command(
        "demo", "--teachers", "300", "--no-registry", NOT_PRODUCTION_FLAG, stdout=StringIO(), stderr=StringIO()
    )
    assert not progress_demo_is_loaded()
    submitted = progress_demo_load()
    assert progress_demo_is_loaded()
    assert submitted == 28 + 2 + 2 + 8 * 28 - 1  # city bureau, city party office, city health bureau, 8 committees
    states = MeasureReport.objects.filter(period="2026-H1")
    assert states.filter(state="returned").count() == 1 and states.filter(state="submitted").count() == 1
    assert states.filter(state="accepted").count() == submitted - 2
    escalated = Notification.objects.filter(kind="escalation", obligation__kind="measure_report")
    assert escalated.values("obligation").distinct().count() == 1
    assert escalated.filter(recipient__username="anshun-bureau").exists()
    assert states.get(unit__code=OVERDUE[0], measure=OVERDUE[1]).state == "draft"
    assert states.get(unit__code=RETURNED[0], measure=RETURNED[1]).remarks == REMARK
    assert states.get(unit__code=AWAITING[0], measure=AWAITING[1]).state == "submitted"
    waived = Obligation.objects.filter(kind="measure_report", state="waived")
    assert waived.exists() and set(waived.values_list("waive_reason", flat=True)) == {NO_ACCOUNT}
    assert not waived.filter(owner_unit__role_assignments__isnull=False).exists()
    in_progress = Obligation.objects.filter(kind="measure_report", what__contains="2026-H2", state="open")
    assert in_progress.count() == MeasureReport.objects.filter(period="2026-H2").count() > 28 * 9
