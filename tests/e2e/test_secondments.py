"""The browser test of issue 13: a borrowing unit requests a secondment of a named teacher, the county bureau
approves it and the party committee files it, the school sees its teacher away; time passes (frozen and
moved: the live server runs in this process, so it reads the same clock); the borrowing unit reports the
return, the school confirms it on a phone, and the teacher reads 在岗 in their own history. Every page is
photographed (JIANFU_VAR_DIR/shots) and the phone pages are checked for overflow."""

import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from jianfu.org.models import PostStatus, Teacher
from jianfu.secondments.models import PlacementState, Secondment
from jianfu.secondments.periods import post_status_sweep
from tests.e2e.test_walkthrough import log_in

pytestmark = pytest.mark.browser

SHANGHAI = ZoneInfo("Asia/Shanghai")


def shots_dir() -> Path:
    folder = Path(os.environ.get("JIANFU_VAR_DIR", "/tmp/jf-e2e")) / "shots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def shot(page, name: str) -> None:
    page.screenshot(path=str(shots_dir() / f"secondment-{name}.png"), full_page=True)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name}: the page is {overflow} px wider than the window"


def test_a_secondment_is_requested_approved_seen_by_the_school_and_the_return_confirmed(e2e_world, page_at):
    world = e2e_world
    teacher = world.xixiu_teacher
    Teacher.objects.filter(pk=teacher.pk).update(post_status=PostStatus.ON_POST)  # in class before it starts
    with time_machine.travel(datetime(2025, 8, 20, 9, 0, tzinfo=SHANGHAI), tick=True) as clock:
        # The county's health bureau asks for the teacher from September to the end of February.
        clerk = page_at()
        log_in(clerk, "department_clerk")
        clerk.get_by_role("navigation").get_by_role("link", name="借用抽调").click()
        clerk.get_by_role("link", name="提出借用或抽调").click()
        clerk.get_by_label("事项名称").fill("借用教师编写中小学健康教育读本")
        clerk.get_by_label("借用（抽调）任务").fill("编写全区中小学健康教育读本，每周四天在区卫生健康局")
        clerk.get_by_label("开始日期").fill("2025-09-01")
        clerk.get_by_label("结束日期").fill("2026-02-28")
        clerk.get_by_label("搜索教师（姓名、学校名称或学校标识码）").fill(teacher.name)
        clerk.get_by_role("button", name="搜索").click()
        clerk.get_by_label(f"{teacher.name}（{teacher.school.name}，{teacher.id_number_masked}）").check()
        shot(clerk, "1-request")
        clerk.get_by_role("button", name="保存并预审").click()
        clerk.get_by_text("已保存为草稿").wait_for()
        assert "未发现违反减负措施的问题" in clerk.locator("section.findings").inner_text()
        shot(clerk, "2-draft")
        clerk.get_by_role("link", name="打开事项页面（提交、审核、审批、备案）").click()
        clerk.get_by_role("button", name="确认提交审核").click()
        clerk.get_by_text("已办理：事项现为「已提交」").wait_for()
        secondment = Secondment.objects.get()
        demand_page = f"{clerk.base}/demands/{secondment.demand_id}/"

        # The county bureau consents (5.2); the county party committee files it and it is registered.
        bureau = page_at()
        log_in(bureau, "county_officer")
        bureau.goto(demand_page)
        bureau.get_by_role("button", name="通过，转下一环节").click()
        bureau.get_by_text("已办理：事项现为").wait_for()
        committee = page_at()
        log_in(committee, "approver")
        committee.goto(demand_page)
        committee.get_by_role("button", name="同意并登记").click()
        committee.get_by_text("已办理：事项现为「已登记」").wait_for()
        committee.goto(f"{committee.base}/secondments/")
        assert "借用教师编写中小学健康教育读本" in committee.locator("table.secondments").inner_text()
        shot(committee, "3-committee-list")
        secondment.demand.refresh_from_db()
        number = secondment.demand.registration_number
        assert number

        # September: the teacher has gone; the roster says 借用 (the worker's sweep) and the school sees it.
        clock.move_to(datetime(2025, 9, 10, 9, 0, tzinfo=SHANGHAI))
        post_status_sweep()
        school = page_at(width=375)
        log_in(school, "principal")
        school.get_by_role("link", name="本校外出教师").click()
        away = school.get_by_test_id("away").inner_text()
        for shown in (teacher.name, "西秀区卫生健康局", "2025-09-01", "2026-02-28", number):
            assert shown in away, shown
        shot(school, "4-school-away")
        bureau = page_at()
        log_in(bureau, "county_officer")
        bureau.get_by_role("link", name="在编不在岗摸底").click()
        row = bureau.get_by_test_id(f"census-row-{teacher.pk}").inner_text()
        assert number in row and "已审批" in row and "2025-09-01" in row
        shot(bureau, "4-census")

        # The end of February: the borrowing unit reports the return, the school confirms it.
        clock.move_to(datetime(2026, 2, 27, 15, 0, tzinfo=SHANGHAI))
        clerk = page_at()
        log_in(clerk, "department_clerk")
        clerk.goto(f"{clerk.base}/secondments/{secondment.pk}/")
        clerk.get_by_role("button", name=f"报告 {teacher.name} 已返岗").click()
        clerk.get_by_text("现为「已报返岗，待学校确认」").wait_for()
        shot(clerk, "5-return-reported")
        school = page_at(width=375)
        log_in(school, "principal")
        school.get_by_role("link", name="本校外出教师").click()
        school.get_by_test_id("away").get_by_role("link", name=teacher.name).click()
        school.get_by_role("button", name=f"确认 {teacher.name} 已返岗").click()
        school.get_by_text("现为「已返岗」").wait_for()
        shot(school, "6-return-confirmed")

        # The teacher reads their own history: back in post, the secondment returned.
        own = page_at(width=375)
        log_in(own, "teacher")
        own.get_by_role("link", name="我的借用记录").click()
        assert own.get_by_test_id("post-status").inner_text() == "在岗"
        assert "已返岗" in own.locator("table").first.inner_text()
        shot(own, "7-teacher-history")
    placement = secondment.placements.get()
    assert (placement.state, str(placement.return_confirmed_on)) == (PlacementState.RETURNED, "2026-02-27")
    assert all(url.startswith(clerk.base) for url in clerk.requested + school.requested), "every asset is local"
