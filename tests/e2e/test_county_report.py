"""The county bureau's November in a real Chromium, before the report is due on the 25th: its dashboard with
every chart drawn by the vendored ECharts and one table downloaded as xlsx; then the reports page, where it
drafts this year's report, writes a section, submits it after the confirm step and sees 已报送 with the date."""

import io
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from openpyxl import load_workbook

from jianfu.monitoring.dashboard import KEYS
from jianfu.monitoring.models import CountyReport
from tests.e2e.test_walkthrough import log_in
from tests.monitoring.test_dashboard import two_years_of_records

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/jf-p2")
SHANGHAI = ZoneInfo("Asia/Shanghai")
RECORDED = datetime(2021, 2, 22, 10, 0, tzinfo=SHANGHAI)
NOVEMBER = datetime(2021, 11, 19, 9, 0, tzinfo=SHANGHAI)  # six days before the report is due
OWN_WORDS = "本区严格执行事项登记备案制度，今年事项总量较基数下降。"


def test_the_county_bureau_reads_its_dashboard_then_drafts_and_submits_the_report_before_it_is_due(e2e_world, page_at):
    with time_machine.travel(RECORDED, tick=False):
        two_years_of_records(e2e_world)
    SHOTS.mkdir(exist_ok=True)
    with time_machine.travel(NOVEMBER, tick=True):
        page = page_at(width=1280)
        log_in(page, "county_officer")

        page.goto(page.base + "/dashboard/")
        for key in KEYS:
            page.locator(f'[data-chart="{key}"][data-rendered="1"]').wait_for(state="attached")
        page.screenshot(path=str(SHOTS / "dashboard.png"), full_page=True)
        with page.expect_download() as download:
            page.locator('[data-series="refusals"] a[data-download]').click()
        sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
        assert ["2021", 1, 1, 0] in [list(row) for row in sheet.iter_rows(min_row=3, values_only=True)]

        page.goto(page.base + "/monitoring/reports/")
        assert "2021-11-25" in page.get_by_test_id("report-row-2021").inner_text()
        page.get_by_role("button", name="起草本年度报告").click()
        page.get_by_test_id("report-title").wait_for()
        assert "西秀区2021年教师减负情况报告" in page.get_by_test_id("report-title").inner_text()
        assert "学校拒绝 1 次" in page.get_by_test_id("report-section-refusals").inner_text()

        page.set_viewport_size({"width": 375, "height": 800})  # the draft, its forms and tables, on a phone
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"the report page is {overflow}px wider than a 375px screen"
        page.screenshot(path=str(SHOTS / "report-375.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 800})

        page.get_by_label("本县（区）关于「基数与总量」的说明").fill(OWN_WORDS)
        page.get_by_test_id("report-save-baseline").click()
        page.get_by_text("已保存「基数与总量」部分。").wait_for()
        assert page.get_by_label("本县（区）关于「基数与总量」的说明").input_value() == OWN_WORDS

        page.get_by_role("link", name="报送市教育局").click()
        page.get_by_role("button", name="确认报送").click()
        standing = page.get_by_test_id("report-standing")
        standing.get_by_text("已报送").wait_for()
        assert "2021-11-19 报送市教育局" in standing.inner_text() and "逾期" not in standing.inner_text()
        assert OWN_WORDS in page.get_by_test_id("report-section-baseline").inner_text()
        assert page.get_by_role("button", name="刷新数据").count() == 0
        page.screenshot(path=str(SHOTS / "report.png"), full_page=True)
        assert all(url.startswith(page.base) for url in page.requested), "every asset served locally"

    report = CountyReport.objects.get(county=e2e_world.xixiu, year=2021)
    assert report.state == "submitted" and report.sections == {"baseline": OWN_WORDS}
