"""Browser: the inspectorate reads a county's supervision score, follows a figure to the records behind it,
then opens a submitted progress report and returns it with a remark; the unit's person sees it returned with
the remark (issue 16, "Done when")."""

import os
from datetime import date
from pathlib import Path

import pytest

from jianfu.accountability.models import MeasureReport
from jianfu.accountability.progress import report_save, report_submit
from jianfu.gate.services import refusal_record
from tests.e2e.test_walkthrough import log_in

pytestmark = pytest.mark.browser

REMARK = "请补充清理后保留事项的清单文件"


def shot(page, name: str) -> None:
    folder = Path(os.environ.get("JIANFU_VAR_DIR", "/tmp/jf-e2e")) / "shots"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"accountability-{name}.png"), full_page=True)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name}: the page is {overflow} px wider than the window"


def submitted_report(world) -> MeasureReport:
    report = report_save(
        world.approver,
        measure="1.2",
        period="2026-H1",
        done="本期清理督查检查评比考核事项 12 项，取消 7 项。",
        links=[{"label": "年度计划", "url": "/registry/plans/"}],
        unit=world.unit("520402-DW"),
        on=date(2026, 7, 1),
    )
    return report_submit(world.approver, report.pk)


def unregistered_refusal(world, on: date):
    """A school refuses an unregistered demand: a record the county's registered_share counts against it."""
    return refusal_record(
        acting_user=world.principal,
        school=world.xixiu_school,
        channel="wechat_group",
        received_on=on,
        content="创文期间请各校安排教师到责任路口开展文明劝导执勤，每天两班。",
        requester_unit=world.unit("520402-WMB"),
    )


def test_the_inspector_reads_a_score_follows_a_figure_and_returns_a_report_the_unit_sees(e2e_world, page_at):
    world, today = e2e_world, date.today()
    year = today.year
    unregistered_refusal(world, today)
    report = submitted_report(world)
    page = page_at()
    log_in(page, "inspector")
    page.goto(f"{page.base}/accountability/scores/?year={year}")
    page.get_by_test_id("score-520402-ZF").get_by_role("link").click()
    total = page.get_by_test_id("score-total").inner_text()
    assert "总分" in total
    shot(page, "score")
    page.get_by_test_id("records-registered_share").click()
    assert "权重 20" in page.get_by_test_id("records-figure").inner_text()
    record = page.get_by_test_id("records-rows").locator("tbody a").first
    assert record.inner_text() and record.get_attribute("href").startswith("/")
    shot(page, "records")

    page.goto(f"{page.base}/accountability/measures/?period=2026-H1")
    assert page.get_by_test_id("measure-1.2").get_by_test_id("submitted").inner_text() == "1"
    shot(page, "measures")
    page.get_by_test_id("measure-1.2").get_by_role("link", name="1.2", exact=True).click()
    page.get_by_test_id("unit-520402-DW").get_by_role("link", name="已报送").click()
    assert page.get_by_test_id("report-state").inner_text() == "已报送"
    page.get_by_test_id("return").click()  # without a remark: refused, nothing changes
    assert "退回意见：退回报告须写明理由" in page.get_by_test_id("refused").inner_text()
    page.get_by_test_id("remarks-input").fill(REMARK)
    page.get_by_test_id("return").click()
    assert page.get_by_test_id("report-state").inner_text() == "已退回"
    shot(page, "returned")
    report.refresh_from_db()
    assert report.state == "returned" and report.remarks == REMARK

    unit_page = page_at(width=375)
    log_in(unit_page, "approver")
    unit_page.goto(f"{unit_page.base}/accountability/units/520402-DW/")
    shot(unit_page, "unit")
    unit_page.get_by_test_id("measure-1.2").get_by_role("link", name="已退回").click()
    assert REMARK in unit_page.get_by_test_id("remarks").inner_text()
    assert unit_page.get_by_test_id("done").input_value().startswith("本期清理")
    shot(unit_page, "unit-sees-remark")
