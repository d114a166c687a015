"""Each role logs in through the real login page in headless Chromium and sees what it can do."""

import pytest

from tests.sheets import TEACHER_HEADER, teacher_row, xlsx
from tests.world import PASSWORD, authenticator_code

pytestmark = pytest.mark.browser

HOME = {
    "city_officer": ("教育行政部门 · 安顺市教育局", "名册导入导出"),
    "county_officer": ("教育行政部门 · 西秀区教育局", "名册导入导出"),
    "department_clerk": ("提出单位 · 西秀区卫生健康局", "提出涉校事项"),
    "approver": ("审批机关 · 中共西秀区委员会", "审批事项"),
    "principal": ("学校（校长/办公室） · 西秀区第一小学", "本校教师名册"),
    "teacher": ("教师 · 西秀区第一小学", "我的信息"),
    "inspector": ("督导/纪检（只读） · 西秀区人民政府教育督导室", "督导评分"),
}


def log_in(page, username: str, password: str = PASSWORD):
    page.goto(page.base + "/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录", exact=True).click()
    code = authenticator_code(username) if password == PASSWORD else None
    if code:  # the roles that approve, review or administer go on to the verify page
        page.get_by_label("验证码或恢复码").fill(code)
        page.get_by_role("button", name="验证", exact=True).click()


@pytest.mark.parametrize("actor", HOME)
def test_each_role_logs_in_and_sees_its_role_and_what_it_can_do(e2e_world, page_at, actor):
    page = page_at()
    log_in(page, actor)
    role_tag, capability = HOME[actor]
    page.get_by_text(f"您好，{actor}").wait_for()
    assert role_tag in page.locator(".roles").inner_text()
    assert capability in page.locator(".capabilities").inner_text()
    assert all(url.startswith(page.base) for url in page.requested), "every asset is served locally"


def test_a_principal_on_a_phone_reads_the_masked_roster_without_the_page_overflowing(e2e_world, page_at):
    page = page_at(width=375)
    log_in(page, "principal")
    page.get_by_role("link", name="本校教师名册").click()
    table = page.locator("table").inner_text()
    assert e2e_world.xixiu_teacher.id_number_masked in table
    assert e2e_world.pingba_teacher.name not in table or e2e_world.pingba_teacher.name in {
        t.name for t in e2e_world.xixiu_school.teachers.all()
    }
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0


def test_a_county_officer_uploads_a_bad_roster_sees_every_error_then_a_good_one(e2e_world, page_at, tmp_path):
    page = page_at()
    log_in(page, "county_officer")
    page.get_by_role("link", name="名册导入导出").click()
    code = e2e_world.xixiu_school.code
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx(TEACHER_HEADER, [teacher_row(code, 1), teacher_row(code, 2, post="调离")]))
    page.get_by_label("Excel 文件（.xlsx）").set_input_files(str(bad))
    page.get_by_role("button", name="上传并导入").click()
    errors = page.get_by_role("alert").inner_text()
    assert "文件未导入：共 1 处错误" in errors and "调离" in errors and "岗位状态" in errors
    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx(TEACHER_HEADER, [teacher_row(code, 1), teacher_row(code, 2)]))
    page.get_by_label("Excel 文件（.xlsx）").set_input_files(str(good))
    page.get_by_role("button", name="上传并导入").click()
    page.get_by_text("教师导入完成：新增 2 条").wait_for()


def test_a_person_switches_the_interface_to_english(e2e_world, page_at):
    page = page_at()
    log_in(page, "teacher")
    page.get_by_role("button", name="English").click()
    page.get_by_text("What you can do here").wait_for()
    assert "My record" in page.locator(".capabilities").inner_text()


def test_five_wrong_passwords_lock_the_account_in_the_browser(e2e_world, page_at):
    page = page_at()
    for _ in range(5):
        log_in(page, "principal", "wrong-password")
    log_in(page, "principal")
    assert "账号已暂时锁定" in page.get_by_role("heading").first.inner_text()


def test_the_stylesheet_is_served_locally_and_applied(e2e_world, page_at):
    page = page_at()
    page.goto(page.base + "/login/")
    border = page.evaluate("getComputedStyle(document.querySelector('header.site')).borderBottomColor")
    assert border == "rgb(180, 35, 24)"
