"""The county's yearly report (7.4): drafted, written and submitted by the county bureau only, its figures
frozen at submission, an obligation due on the pack's date met by it, and the city told."""

from datetime import date

import pytest
import time_machine
from django.core.management import call_command
from django.http import Http404

from jianfu.deadlines.models import Notification, Obligation, ObligationKind, ObligationState
from jianfu.gate.services import refusal_record
from jianfu.monitoring.report_services import (
    ReportError,
    report_draft,
    report_get_for_user,
    report_obligations_open,
    report_section_write,
    report_submit,
)

NOTICE = "创文期间请各校安排教师到责任路口开展文明劝导执勤，每天两班。"


@time_machine.travel("2026-03-02 10:00 +0800", tick=False)
def test_the_years_report_is_owed_by_each_county_bureau_by_the_25th_of_november(world):
    assert report_obligations_open(2026) == 2
    owed = Obligation.objects.get(kind=ObligationKind.COUNTY_REPORT, division=world.xixiu)
    assert owed.due_on == date(2026, 11, 25) and owed.clause == "7.4" and owed.owner_unit.code == "520402-JYJ"
    assert report_obligations_open(2026) == 0


@time_machine.travel("2027-01-04 10:00 +0800", tick=False)
def test_the_workers_round_opens_the_new_years_report_obligations(world):
    call_command("worker", "--once")
    owed = Obligation.objects.filter(kind=ObligationKind.COUNTY_REPORT, due_on=date(2027, 11, 25))
    assert sorted(owed.values_list("division__code", flat=True)) == ["520402", "520403"]


@time_machine.travel("2026-11-20 10:00 +0800", tick=False)
def test_the_county_bureau_submits_and_the_figures_are_frozen_and_the_city_told(world):
    report_obligations_open(2026)
    report = report_draft(world.xixiu, 2026, world.county_officer)
    report_section_write(report.pk, world.county_officer, "baseline", "本县今年事项总量较基数下降。")
    report = report_submit(report.pk, world.county_officer)
    assert report.state == "submitted" and report.figures["refusals"]["refusals"] == 0
    refusal_record(
        acting_user=world.principal,
        school=world.xixiu_school,
        channel="wechat_group",
        received_on=date(2026, 11, 20),
        content=NOTICE,
        requester_unit=world.unit("520402-WMB"),
    )
    report.refresh_from_db()
    assert report.figures["refusals"]["refusals"] == 0  # frozen as it stood
    assert Obligation.objects.get(kind=ObligationKind.COUNTY_REPORT, division=world.xixiu).state == ObligationState.MET
    assert Notification.objects.filter(recipient=world.city_officer, kind="report_submitted").exists()
    with pytest.raises(ReportError, match="已于 2026-11-20 报送"):
        report_section_write(report.pk, world.county_officer, "baseline", "改写")


def test_another_county_and_a_department_see_no_report(world):
    report = report_draft(world.xixiu, 2026, world.county_officer)
    for outsider in (world.other_county_officer, world.department_clerk, world.principal):
        with pytest.raises(Http404):
            report_get_for_user(report.pk, outsider)
    assert report_get_for_user(report.pk, world.city_officer) == report


def test_the_city_reads_but_does_not_write_a_countys_report(world):
    report = report_draft(world.xixiu, 2026, world.county_officer)
    with pytest.raises(ReportError, match="只有本县（区）教育局"):
        report_section_write(report.pk, world.city_officer, "baseline", "市里代写")


def test_an_unknown_section_is_refused_naming_the_sections_there_are(world):
    report = report_draft(world.xixiu, 2026, world.county_officer)
    with pytest.raises(ReportError, match="基数与总量、拒绝与违规、举报、借用与抽调、监测结果"):
        report_section_write(report.pk, world.county_officer, "summary", "文字")
