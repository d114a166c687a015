"""The city bureau's dashboard in a real Chromium: every chart drawn by the vendored ECharts, at 1280 and at
375 px, nothing fetched from elsewhere, and a table downloaded through its link."""

import io
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import time_machine
from openpyxl import load_workbook

from jianfu.monitoring.dashboard import KEYS
from tests.e2e.test_walkthrough import log_in
from tests.monitoring.test_dashboard import two_years_of_records

SHOTS = Path("/tmp/jf-p3")
RECORDED = datetime(2021, 2, 22, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def every_chart_drawn(page) -> None:
    for key in KEYS:
        page.locator(f'[data-chart="{key}"][data-rendered="1"]').wait_for(state="attached")


def test_the_city_bureau_sees_every_chart_drawn_and_downloads_a_table(e2e_world, page_at):
    with time_machine.travel(RECORDED, tick=False):
        two_years_of_records(e2e_world)
    SHOTS.mkdir(exist_ok=True)
    page = page_at(width=1280)
    log_in(page, "city_officer")  # once: the authenticator's code of this half-minute cannot be typed twice
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(page.base + "/dashboard/?year=2021")
        every_chart_drawn(page)
        assert page.locator("canvas").count() == len(KEYS)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"the page is {overflow}px wider than the screen at {width}px"
        page.screenshot(path=str(SHOTS / f"dashboard-{width}.png"), full_page=True)
        assert all(url.startswith(page.base) for url in page.requested), "ECharts and every asset served locally"
    with page.expect_download() as download:
        page.locator('[data-series="refusals"] a[data-download]').click()
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    assert [list(r) for r in sheet.iter_rows(min_row=3, values_only=True)] == [["2020", 1, 1, 0], ["2021", 1, 1, 0]]
