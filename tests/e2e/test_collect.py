"""The browser test of issue 14, item 5: a school opens a registered form and finds the held fields filled
(its name and teacher count, each teacher's name and masked ID number), completes the rest, submits; the
requester sees the completion and downloads the aggregate xlsx. Every page photographed (JIANFU_VAR_DIR/
shots), the phone page checked for overflow."""

import io
import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from openpyxl import load_workbook

from jianfu.collection.models import FormResponse, ResponseState
from tests.collection.form_helpers import dictionary, element_field, held, new, open_element, registered_form
from tests.e2e.test_walkthrough import log_in

pytestmark = pytest.mark.browser


def shot(page, name: str) -> None:
    folder = Path(os.environ.get("JIANFU_VAR_DIR", "/tmp/jf-e2e")) / "shots"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"collect-{name}.png"), full_page=True)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name}: the page is {overflow} px wider than the window"


def test_a_school_fills_only_what_is_missing_and_the_requester_downloads_the_aggregate(e2e_world, page_at):
    world = e2e_world
    education = next(e for e in dictionary() if e.type == "choice" and "学历" in e.label and not e.platform)
    counted = open_element(type="integer")  # a count the platform does not hold: the school types it
    fields = [
        held("school.name", "学校名称"),
        held("count:teachers", "教职工总数"),
        new("校医人数", "学校在编在岗的专职校医人数"),
        element_field(counted),
        held("teacher.name", "姓名"),
        held("teacher.id_number", "身份证号"),
        element_field(education),
    ]
    demand = registered_form(world, fields, title="2021 年学校卫生与教师学历情况表")
    teachers = list(world.xixiu_school.teachers.order_by("id"))
    with time_machine.travel(datetime(2021, 3, 20, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=True):
        school = page_at(width=375)
        log_in(school, "principal")
        school.get_by_role("navigation").get_by_role("link", name="报表填报").click()
        school.get_by_role("link", name="2021 年学校卫生与教师学历情况表").click()
        assert school.get_by_label("学校名称").input_value() == "西秀区第一小学"
        assert school.get_by_label("教职工总数").input_value() == "3"
        assert school.get_by_label("学校名称").get_attribute("readonly") is not None
        body = school.locator("main").inner_text()
        for teacher in teachers:
            assert teacher.name in body and teacher.id_number_masked in body
        assert "已有数据 · " in body
        shot(school, "1-form-phone")
        # A wrong value first: shown again as typed, with the field named and the fix.
        school.get_by_label("校医人数").fill("1")
        school.get_by_label(counted.label).fill("十二")
        school.get_by_role("button", name="提交").click()
        school.get_by_role("alert").wait_for()
        alert = school.get_by_role("alert").inner_text()
        assert f"「{counted.label}」应填不带小数的整数" in alert and f"「{education.label}」尚未填写" in alert
        assert school.get_by_label(counted.label).input_value() == "十二"  # kept as typed
        shot(school, "2-errors-phone")
        school.get_by_label(counted.label).fill("12")
        for teacher in teachers:
            school.get_by_label(f"{teacher.name} {education.label}").select_option(education.choices[2])
        school.get_by_role("button", name="提交").click()
        school.get_by_text("已提交（2021-03-20）").wait_for()
        shot(school, "3-submitted-phone")
        response = FormResponse.objects.get(demand=demand, school=world.xixiu_school)
        assert response.state == ResponseState.SUBMITTED and response.values["校医人数"] == "1"

        clerk = page_at()
        log_in(clerk, "department_clerk")
        clerk.get_by_role("navigation").get_by_role("link", name="报表填报").click()
        clerk.get_by_role("link", name="2021 年学校卫生与教师学历情况表").click()
        clerk.get_by_text("共 2 所学校：已提交 1 所，填写中 0 所，未填写 1 所。").wait_for()
        shot(clerk, "4-progress")
        with clerk.expect_download() as download:
            clerk.get_by_role("link", name="下载汇总表（.xlsx）").click()
        book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    schools = list(book["学校汇总"].iter_rows(values_only=True))
    assert schools[1][:4] == (world.xixiu_school.code, "西秀区第一小学", "西秀区", "已提交")
    assert schools[1][5:] == ("西秀区第一小学", 3, "1", 12)
    assert schools[2][3] == "未填写"
    rows = list(book["教师明细"].iter_rows(min_row=2, values_only=True))
    assert [r[3:] for r in rows] == [(t.name, t.id_number_masked, education.choices[2]) for t in teachers]
