"""English on the accountability pages beyond what opening them shows (issue 16): what a unit is told when its
progress report is refused, what the inspectorate is told when a return or a score adjustment is refused and
when a report is accepted, what a county bureau is told when its pay figures are refused and when they are
saved below parity; and what stays Chinese whoever acts: the notice written for the reporting unit and the
scores' workbooks filed for the year-end assessment."""

from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from jianfu.accountability.progress import report_save, report_submit
from jianfu.deadlines.models import Notification
from jianfu.web.two_factor import client_sign_in_verified
from tests.web.every_page import chinese_interface as chinese_left
from tests.web.every_page import in_english as switched_to_english
from tests.world import pay_readers

AFTER_THE_FIRST_HALF = datetime(2026, 7, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
DONE = "本期清理督查检查评比考核事项 12 项，取消 7 项，合并 3 项，清单已在平台公示。"


@pytest.fixture(autouse=True)
def after_the_first_half():
    with time_machine.travel(AFTER_THE_FIRST_HALF, tick=False):
        yield


def in_english(user) -> Client:
    client = Client()
    client_sign_in_verified(client, user)
    return switched_to_english(client)


def chinese_interface(html: str, *typed: str) -> list[str]:
    assert '<html lang="en"' in html, "the page was not served in English"
    return chinese_left(html, *typed)


def submitted_report(world):
    unit = world.unit("520402-DW")
    report = report_save(world.approver, measure="1.2", period="2026-H1", done=DONE, links=[], unit=unit)
    return report_submit(world.approver, report.pk)


def test_a_unit_linking_a_page_outside_the_platform_is_told_in_english(world):
    unit = world.unit("520402-DW")
    report = report_save(world.approver, measure="1.2", period="2026-H1", done=DONE, links=[], unit=unit)
    typed = "通知原文 https://example.com/notice"
    page = in_english(world.approver).post(
        reverse("accountability:report_save", args=[report.pk]), {"done": DONE, "links": typed, "then": "submit"}
    )
    html = page.content.decode()
    assert page.status_code == 400
    assert "Related records, line 1: “https://example.com/notice” is not a page of this platform" in html
    assert chinese_interface(html, typed) == []


def test_a_unit_submitting_an_empty_report_is_told_in_english_what_to_write(world):
    unit = world.unit("520402-DW")
    report = report_save(world.approver, measure="1.2", period="2026-H1", done="", links=[], unit=unit)
    page = in_english(world.approver).post(
        reverse("accountability:report_save", args=[report.pk]), {"done": " ", "links": "", "then": "submit"}
    )
    html = page.content.decode()
    assert page.status_code == 400 and "Progress: say what was done this period" in html
    assert chinese_interface(html) == []


def test_the_inspectorate_returning_a_report_without_a_remark_is_told_in_english(world):
    report = submitted_report(world)
    page = in_english(world.inspector).post(
        reverse("accountability:report_decide", args=[report.pk]), {"decision": "return", "remarks": " "}
    )
    html = page.content.decode()
    assert page.status_code == 400 and "Remarks: returning a report needs the reason" in html
    assert chinese_interface(html) == []


def test_the_inspectorate_accepts_in_english_and_the_unit_is_told_in_chinese(world):
    report = submitted_report(world)
    page = in_english(world.inspector).post(
        reverse("accountability:report_decide", args=[report.pk]), {"decision": "accept", "remarks": ""}, follow=True
    )
    html = page.content.decode()
    assert page.status_code == 200 and "Report accepted." in html and "Accepted" in html
    assert chinese_interface(html) == []
    told = Notification.objects.get(recipient=world.approver, kind="measure_report_decided")
    assert told.title == "第1.2条措施2026-H1落实情况报告已认可"  # a record for others: the official language


def test_the_inspectorate_adjusting_a_score_without_a_reason_or_with_bad_points_is_told_in_english(world):
    client = in_english(world.inspector)
    score = reverse("scores:unit", args=[2026, "520402-ZF"])
    no_reason = client.post(score, {"indicator": "", "points": "-2", "reason": ""})
    bad_points = client.post(score, {"indicator": "", "points": "很多", "reason": "核查发现"})
    assert (no_reason.status_code, bad_points.status_code) == (400, 400)
    assert "Reason is required: give the grounds for the adjustment" in no_reason.content.decode()
    assert "Points must be a number from -100 to 100 other than 0" in bad_points.content.decode()
    assert chinese_interface(no_reason.content.decode()) == []
    assert chinese_interface(bad_points.content.decode(), "很多", "核查发现") == []


def test_a_county_bureau_entering_pay_that_is_no_amount_is_told_in_english(world):
    bureau = pay_readers(world.county_officer)
    typed = {"county": world.xixiu.code, "year": "2025", "teacher_average": "约十万", "civil_servant_average": "0"}
    page = in_english(bureau).post(reverse("pay:enter"), typed | {"rural_subsidy_average": ""})
    html = page.content.decode()
    assert page.status_code == 400
    assert "Average yearly pay of compulsory-education teachers “约十万” is not an amount" in html
    assert "Average yearly pay of local civil servants must be more than 0" in html
    assert chinese_interface(html, "约十万") == []


def test_a_county_bureau_saving_pay_below_parity_is_told_the_gap_in_english(world):
    bureau = pay_readers(world.county_officer)
    typed = {"county": world.xixiu.code, "year": "2025", "teacher_average": "98000", "civil_servant_average": "101500"}
    page = in_english(bureau).post(reverse("pay:enter"), typed | {"rural_subsidy_average": "3600"}, follow=True)
    html = page.content.decode()
    assert page.status_code == 200
    assert "teachers&#x27; average pay is 3500.00 yuan below local civil servants&#x27; average pay" in html
    assert "Below local civil servants' average pay" in html
    assert chinese_interface(html) == []


def test_the_scores_workbooks_stay_chinese_for_an_english_reader(world):
    client = in_english(world.inspector)
    assessment = client.get(reverse("scores:assessment") + "?year=2026")
    scores = client.get(reverse("scores:xlsx") + "?year=2026")
    assert (assessment.status_code, scores.status_code) == (200, 200)
    book = load_workbook(BytesIO(assessment.content))
    assert book.sheetnames == ["2026年度考核"]
    assert [cell.value for cell in book.active[1]][:4] == ["单位代码", "名称", "类别", "指标"]
    assert load_workbook(BytesIO(scores.content)).sheetnames[0] == "2026年县（区）得分"
