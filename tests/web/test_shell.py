"""The web shell: login, lockout, the role-aware home page, language, the import page."""

import io

import pytest
from openpyxl import load_workbook

from jianfu.org.models import Teacher
from tests.sheets import TEACHER_HEADER, teacher_row, xlsx
from tests.world import PASSWORD


def login(client, username, password=PASSWORD):
    return client.post("/login/", {"username": username, "password": password})


def test_a_principal_logs_in_and_lands_on_home(world, client):
    response = login(client, "principal")
    assert response.status_code == 302 and response["Location"] == "/"
    assert "学校（校长/办公室）" in client.get("/").content.decode()


def test_a_wrong_password_says_so_in_chinese(world, client):
    page = login(client, "principal", "wrong").content.decode()
    assert "用户名或密码不正确" in page


def test_five_failures_lock_the_account_even_with_the_right_password(world, client):
    for _ in range(5):
        login(client, "principal", "wrong")
    response = login(client, "principal")
    assert response.status_code == 429
    assert "账号已暂时锁定" in response.content.decode()


def test_a_success_before_the_limit_resets_the_count(world, client):
    for _ in range(4):
        login(client, "principal", "wrong")
    assert login(client, "principal").status_code == 302


HOME = {
    "county_officer": ["名册导入导出", "审计日志", "审核涉校事项"],
    "department_clerk": ["提出涉校事项", "学校名录"],
    "approver": ["审批事项"],
    "principal": ["本校教师名册", "审查通知、拒绝未备案事项"],
    "teacher": ["我的信息", "举报"],
    "inspector": ["督导评分", "减负措施落实情况", "审计日志"],
}


@pytest.mark.parametrize("actor", HOME)
def test_home_says_what_each_role_can_do(world, client_for, actor):
    page = client_for(getattr(world, actor)).get("/").content.decode()
    for title in HOME[actor]:
        assert title in page
    if actor != "county_officer":
        assert "名册导入导出" not in page


def test_the_outsider_is_told_to_ask_for_a_role(world, client_for):
    assert "尚未分配角色" in client_for(world.outsider).get("/").content.decode()


def test_the_english_switch_changes_the_interface(world, client_for):
    client = client_for(world.principal)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert "Teachers of my school" in page and "Log out" in page


def test_the_demo_banner_shows_only_when_demo_data_is_loaded(world, client_for):
    from jianfu.org.models import DemoMark

    client = client_for(world.principal)
    assert "演示数据" not in client.get("/").content.decode()
    DemoMark.objects.create(version="test")
    assert "演示数据" in client.get("/").content.decode()


def test_an_upload_with_errors_lists_row_column_value_and_fix(world, client_for):
    data = xlsx(TEACHER_HEADER, [teacher_row(world.xixiu_school.code, 1, staffing="临时")])
    page = (
        client_for(world.county_officer)
        .post("/roster/import/", {"kind": "teachers", "file": io.BytesIO(data)})
        .content.decode()
    )
    assert "文件未导入：共 1 处错误" in page and "编制情况" in page and "临时" in page and "在编 或 非在编" in page
    assert not Teacher.objects.filter(name="测试教师1").exists()


def test_a_good_upload_reports_the_counts(world, client_for):
    data = xlsx(TEACHER_HEADER, [teacher_row(world.xixiu_school.code, 1)])
    client = client_for(world.county_officer)
    response = client.post("/roster/import/", {"kind": "teachers", "file": io.BytesIO(data)}, follow=True)
    assert "教师导入完成：新增 1 条" in response.content.decode()


def test_the_template_has_the_headers_the_import_reads(world, client_for):
    response = client_for(world.county_officer).get("/roster/teachers/template.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in book.worksheets[0][1]] == TEACHER_HEADER
    assert book.worksheets[1].title == "填写说明"


def test_the_export_masks_id_numbers_and_stays_in_scope(world, client_for):
    response = client_for(world.county_officer).get("/roster/teachers/export.xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(min_row=2, values_only=True))
    assert {r[0] for r in rows} == {world.xixiu_school.code, world.xixiu_other_school.code}
    assert all("**********" in r[2] for r in rows)


def test_the_exported_file_imports_back_unchanged_for_schools(world, client_for):
    from jianfu.org.services import roster_import

    data = client_for(world.county_officer).get("/roster/schools/export.xlsx").content
    assert roster_import(kind="schools", data=data, acting_user=world.county_officer) == {"created": 0, "updated": 2}


def test_an_english_browser_still_gets_chinese_until_the_person_switches(world, client):
    page = client.get("/login/", headers={"Accept-Language": "en-US,en;q=0.9"}).content.decode()
    assert "登录减负通" in page


def test_demo_school_names_are_not_repeated_within_a_county():
    import random

    from jianfu.org.demo.generator import plan_county_schools

    plans = plan_county_schools(random.Random(1), "西秀区", ["七眼桥镇", "旧州镇"], 120)
    assert len({p.name for p in plans}) == len(plans)


def test_a_refused_page_says_why_in_chinese(world, client_for):
    response = client_for(world.principal).get("/roster/import/")
    assert response.status_code == 403
    assert "只有教育行政部门工作人员可以导入名册" in response.content.decode()


def test_a_page_outside_scope_says_not_found_in_chinese_without_telling_which(world, client_for):
    response = client_for(world.county_officer).get(f"/schools/{world.pingba_school.code}/")
    assert response.status_code == 404 and "不存在，或不在您的查看范围内" in response.content.decode()


def test_the_pay_comparison_is_offered_only_to_holders_of_the_pay_permission(world, client_for):
    from tests.world import pay_readers

    assert "教师工资与公务员工资对比" not in client_for(world.city_officer).get("/").content.decode()
    reader = pay_readers(world.city_officer)
    assert "教师工资与公务员工资对比" in client_for(reader).get("/").content.decode()


def test_every_page_footer_leads_to_the_open_figures(world, client):
    assert 'href="/open/"' in client.get("/login/").content.decode()
