"""What the measures' units owe: one report per measure per period, opened by the worker's round when the
period begins, due on the period's due date; reminders before it and one escalation once overdue."""

from datetime import date

import time_machine
from django.core.management import call_command

from jianfu.accountability.measures import measures, period_parse
from jianfu.accountability.models import MeasureReport
from jianfu.accountability.progress import report_edit, report_submit
from jianfu.accountability.progress_timers import measure_obligations_open, period_obligations_open
from jianfu.deadlines.models import Notification, Obligation, ReminderSent

DONE = "本期已清理涉及学校的填表任务，取消 5 项。"


def owed_pairs() -> int:
    return sum(len(m.units) for m in measures())


def xixiu_report(period="2026-H1") -> MeasureReport:
    return MeasureReport.objects.get(measure="1.2", unit__code="520402-DW", period=period)


def test_the_workers_round_opens_each_units_report_of_the_period_once(world):
    with time_machine.travel("2026-07-01 10:00 +0800", tick=False):
        call_command("worker", "--once")
        call_command("worker", "--once")
    first_half = Obligation.objects.filter(kind="measure_report", what__contains="2026-H1")
    second_half = Obligation.objects.filter(kind="measure_report", what__contains="2026-H2")
    assert first_half.count() == second_half.count() == owed_pairs() > 28 * 3
    owed = first_half.get(subject_id=xixiu_report().pk)
    assert (
        owed.due_on == date(2026, 7, 10) and owed.owner_unit.code == "520402-DW" and owed.owed_to.code == "520402-DDS"
    )
    assert second_half.get(subject_id=xixiu_report("2026-H2").pk).due_on == date(2027, 1, 10)
    assert MeasureReport.objects.filter(state="draft").count() == 2 * owed_pairs()


def test_a_period_past_its_due_date_is_not_opened_by_the_round(world):
    assert measure_obligations_open(today=date(2026, 11, 27)) == owed_pairs()  # 2026-H2 only
    assert not MeasureReport.objects.filter(period="2026-H1").exists()


def test_an_overdue_report_escalates_once_across_two_worker_rounds(world):
    with time_machine.travel("2026-07-01 10:00 +0800", tick=False):
        period_obligations_open(period_parse("2026-H1"))
        submitted = MeasureReport.objects.get(measure="1.1", unit__code="520402-DW", period="2026-H1")
        report_edit(world.approver, submitted.pk, done=DONE, links=[])
        report_submit(world.approver, submitted.pk)
    owed = Obligation.objects.get(kind="measure_report", subject_id=xixiu_report().pk)
    with time_machine.travel("2026-07-08 09:30 +0800", tick=False):
        call_command("worker", "--once")
    assert Notification.objects.filter(recipient=world.approver, obligation=owed, kind="reminder").count() == 1
    for _round in range(2):
        with time_machine.travel("2026-07-13 10:00 +0800", tick=False):
            call_command("worker", "--once")
    owed.refresh_from_db()
    assert owed.state == "overdue"
    escalated = Notification.objects.filter(obligation=owed, kind="escalation")
    assert sorted(escalated.values_list("recipient__username", flat=True)) == ["approver", "city_officer", "inspector"]
    assert ReminderSent.objects.filter(obligation=owed, key="escalation").count() == 1
    met = Obligation.objects.get(kind="measure_report", subject_id=submitted.pk)
    assert met.state == "met" and not met.notifications.filter(kind="escalation").exists()
