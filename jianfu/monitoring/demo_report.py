"""Demo: every county's report for the previous year submitted to the city on its due date (its figures
frozen from the records as they stood), each with a sentence of the bureau's own under every heading; and
the current year's report owed by every county (an obligation due on the pack's date)."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from jianfu.monitoring.models import CountyReport, ReportState
from jianfu.monitoring.report_services import (
    report_draft,
    report_due,
    report_obligation_open,
    report_obligations_open,
    report_section_write,
    report_submit,
)
from jianfu.org.demo.load import bureau_person
from jianfu.org.models import Division

OWN_WORDS = {
    "baseline": "本县（区）严格执行事项登记备案制度，未经登记的事项一律不得进入学校。",
    "refusals": "学校依规拒绝的事项均已核查，违规线索按期办结并通报。",
    "complaints": "举报均在时限内受理、办结并答复举报人。",
    "secondments": "借用抽调教师均经审批，期满按时返岗；摸底发现的无审批离岗已通知返岗。",
    "monitoring": "监测点学校按学期组织教师匿名填报，结果用于下一年度事项总量安排。",
}


def report_demo_is_loaded() -> bool:
    return CountyReport.objects.filter(state=ReportState.SUBMITTED).exists()


def report_demo_load(today: date | None = None) -> int:
    """Returns how many reports were submitted."""
    today = today or timezone.localdate()
    last_year = today.year - 1
    submitted = 0
    for county in Division.objects.filter(schools__isnull=False).distinct().order_by("path"):
        bureau = bureau_person(county)
        if bureau is None:
            continue
        with transaction.atomic():
            due = report_due(last_year)
            report_obligation_open(county, last_year, today=date(last_year, 1, 1))
            report = report_draft(county, last_year, bureau, on=due)
            for key, text in OWN_WORDS.items():
                report_section_write(report.pk, bureau, key, text)
            report_submit(report.pk, bureau, on=due)
        submitted += 1
    report_obligations_open(today.year, today=today)
    return submitted
