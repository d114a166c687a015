"""Done-when of the registry: a department files a demand, the bureau reviews it, the joint reviewers
and the party committee approve it, and it appears on the published list with its number and QR. The demand is next year's: its plan
is being collected until 31 January of that year, so today is always inside the window."""

from datetime import date

import pytest

from tests.e2e.test_walkthrough import log_in

pytestmark = pytest.mark.browser
NEXT = date.today().year + 1


def decide(page, demand_url: str, button: str):
    page.goto(demand_url)
    page.get_by_role("button", name=button).click()
    page.get_by_text("已办理：").wait_for()


def test_a_demand_goes_from_a_department_to_the_published_list(e2e_world, page_at):
    clerk = page_at()
    log_in(clerk, "department_clerk")
    clerk.get_by_role("link", name="提出涉校事项").click()
    clerk.get_by_role("link", name="提出新事项").click()
    clerk.get_by_label("事项类别").select_option(label="督查检查评比考核")
    clerk.get_by_label("事项名称").fill(f"{NEXT} 年秋季学校食品安全专项检查")
    clerk.get_by_label("主要内容").fill("对城区小学食堂开展食品安全检查，实地查看，不要求提供照片。")
    clerk.get_by_role("group", name="涉及县（区）").get_by_label("西秀区").check()
    clerk.get_by_label("开始日期").fill(f"{NEXT}-09-06")
    clerk.get_by_label("结束日期").fill(f"{NEXT}-09-10")
    clerk.get_by_label("每校预计占用教师工时（小时）").fill("2")
    clerk.get_by_label("已列入本年度计划").check()
    clerk.get_by_role("group", name="督查检查评比考核的类型").get_by_label("检查", exact=True).check()
    clerk.get_by_role("button", name="保存并预审").click()
    clerk.locator("section.findings").wait_for()
    assert clerk.locator(".finding.block").count() == 0, "nothing stops this inspection"
    assert "本级教育行政部门审核" in clerk.locator("ol.route").inner_text()
    clerk.get_by_role("button", name="确认提交审核").click()
    clerk.get_by_text("已办理：事项现为「已提交」").wait_for()
    demand_url = clerk.url

    officer = page_at()
    log_in(officer, "county_officer")
    officer.get_by_role("link", name="审核涉校事项").click()
    officer.get_by_role("link", name=f"{NEXT} 年秋季学校食品安全专项检查").click()
    officer.get_by_role("button", name="开始办理").click()
    officer.get_by_text("已办理：事项现为「审核中」").wait_for()
    decide(officer, demand_url, "本级教育行政部门审核通过，转下一环节")

    reviewer = page_at()
    log_in(reviewer, "joint_reviewer")
    decide(reviewer, demand_url, "本级党委办公室、本级政府办公室、本级督查督办部门联合审核通过，转下一环节")

    approver = page_at()
    log_in(approver, "approver")
    approver.get_by_role("link", name="审批事项").click()
    approver.get_by_role("link", name=f"{NEXT} 年秋季学校食品安全专项检查").click()
    approver.get_by_role("button", name="同意并登记").click()
    approver.get_by_text("已办理：事项现为「已登记」").wait_for()
    number = f"安教减备〔{NEXT}〕520402-0001号"
    assert number in approver.locator(".registered").inner_text()

    public = page_at(width=375)
    public.goto(public.base + f"/lists/{NEXT}/520402/")
    row = public.get_by_role("row", name=number)
    assert f"{NEXT} 年秋季学校食品安全专项检查" in row.inner_text()
    qr = row.get_by_role("img", name="核验二维码")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0"), "the QR code is shown beside the number"
    row.get_by_role("link").click()
    public.get_by_text("有效：此事项已登记备案").wait_for()
    assert number in public.locator(".facts").inner_text()


def test_an_unknown_code_gets_the_same_page_saying_not_registered(e2e_world, page_at):
    page = page_at()
    page.goto(page.base + "/v/ABCDEFGHJKMN")
    assert "查无此备案" in page.get_by_role("status").inner_text()
