"""Excel import: all or nothing, with an error that names the row, the column, the value and the fix."""

import zipfile

import pytest

from jianfu.audit.models import AuditEvent
from jianfu.org.imports.sheet import ImportRejected
from jianfu.org.models import School, Teacher, Unit
from jianfu.org.services import roster_import
from tests.sheets import SCHOOL_HEADER, TEACHER_HEADER, UNIT_HEADER, id_number, teacher_row, xlsx


def snapshot():
    return School.objects.count(), Teacher.objects.count(), Unit.objects.count(), AuditEvent.objects.count()


def rejected(kind, data, user):
    before = snapshot()
    with pytest.raises(ImportRejected) as caught:
        roster_import(kind=kind, data=data, acting_user=user)
    assert snapshot() == before, "a rejected file must write nothing"
    return caught.value.errors


def test_a_county_officer_imports_teachers_and_the_import_is_audited(world):
    code = world.xixiu_school.code
    data = xlsx(TEACHER_HEADER, [teacher_row(code, 1), teacher_row(code, 2, duties="班主任、年级组长")])
    counts = roster_import(kind="teachers", data=data, acting_user=world.county_officer)
    assert counts == {"created": 2, "updated": 0}
    imported = Teacher.objects.get(name="测试教师2")
    assert imported.duties == ["班主任", "年级组长"]
    assert imported.id_number_masked == id_number(seq=2)[:4] + "*" * 10 + id_number(seq=2)[-4:]
    event = AuditEvent.objects.latest("seq")
    assert (event.action, event.actor_label, event.after["created"]) == ("teachers.import", "county_officer", 2)


def test_importing_the_same_teacher_again_updates_instead_of_duplicating(world):
    code = world.xixiu_school.code
    roster_import(kind="teachers", data=xlsx(TEACHER_HEADER, [teacher_row(code, 1)]), acting_user=world.county_officer)
    again = xlsx(TEACHER_HEADER, [teacher_row(world.xixiu_other_school.code, 1, post="借用")])
    assert roster_import(kind="teachers", data=again, acting_user=world.county_officer) == {"created": 0, "updated": 1}
    moved = Teacher.objects.get(name="测试教师1")
    assert (moved.school, moved.post_status) == (world.xixiu_other_school, "seconded")


def test_one_bad_row_among_good_ones_rejects_the_whole_file(world):
    code = world.xixiu_school.code
    rows = [teacher_row(code, 1), teacher_row(code, 2), teacher_row(code, 3, post="调离")]
    errors = rejected("teachers", xlsx(TEACHER_HEADER, rows), world.county_officer)
    assert [(e.row, e.column, e.value) for e in errors] == [(4, "岗位状态", "调离")]
    assert "在岗、借用、抽调、其他离岗 或 休假" in errors[0].message


def test_a_wrong_check_digit_is_named_with_the_digit_it_should_be(world):
    good = id_number(seq=5)
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    errors = rejected(
        "teachers", xlsx(TEACHER_HEADER, [teacher_row(world.xixiu_school.code, 5, id=bad)]), world.county_officer
    )
    assert errors[0].column == "身份证号" and f"应为 {good[17]}" in errors[0].message


def test_an_id_number_excel_turned_into_a_number_is_refused_with_the_text_format_fix(world):
    row = teacher_row(world.xixiu_school.code, 6, id=520402198503120061)
    errors = rejected("teachers", xlsx(TEACHER_HEADER, [row]), world.county_officer)
    assert "设为「文本」格式" in errors[0].message


def test_an_unknown_school_code_is_refused(world):
    errors = rejected("teachers", xlsx(TEACHER_HEADER, [teacher_row("3152999999", 1)]), world.county_officer)
    assert (errors[0].column, errors[0].value) == ("学校标识码", "3152999999")
    assert "请先导入该学校" in errors[0].message


def test_a_school_of_another_county_is_refused_as_outside_jurisdiction(world):
    errors = rejected(
        "teachers", xlsx(TEACHER_HEADER, [teacher_row(world.pingba_school.code, 1)]), world.county_officer
    )
    assert "管辖范围以外" in errors[0].message


def test_a_teacher_listed_twice_is_refused_naming_the_first_row(world):
    code = world.xixiu_school.code
    errors = rejected(
        "teachers",
        xlsx(TEACHER_HEADER, [teacher_row(code, 1), teacher_row(code, 1, name="别名")]),
        world.county_officer,
    )
    assert (errors[0].row, errors[0].column) == (3, "身份证号") and "与第 2 行重复" in errors[0].message


def test_a_teacher_already_on_another_county_roster_is_refused(world):
    number = id_number(region="520403", seq=9)
    roster_import(
        kind="teachers",
        data=xlsx(TEACHER_HEADER, [teacher_row(world.pingba_school.code, 9, id=number)]),
        acting_user=world.other_county_officer,
    )
    errors = rejected(
        "teachers", xlsx(TEACHER_HEADER, [teacher_row(world.xixiu_school.code, 9, id=number)]), world.county_officer
    )
    assert "无法导入到本单位" in errors[0].message and "联系市教育局" in errors[0].message


def test_a_date_that_is_not_a_date_is_refused_with_the_format_to_use(world):
    errors = rejected(
        "teachers",
        xlsx(TEACHER_HEADER, [teacher_row(world.xixiu_school.code, 1, started="2008-13-45")]),
        world.county_officer,
    )
    assert (errors[0].column, errors[0].value) == ("参加工作日期", "2008-13-45")
    assert "2010-09-01" in errors[0].message


def test_a_missing_column_is_named(world):
    header = [h for h in TEACHER_HEADER if h != "身份证号"]
    errors = rejected("teachers", xlsx(header, [["3152000001", "某", "在编", "在岗"]]), world.county_officer)
    assert (errors[0].row, errors[0].column) == (1, "身份证号") and "缺少「身份证号」列" in errors[0].message


def test_an_unknown_county_is_refused_with_the_form_to_use(world):
    row = ["3152000500", "某某小学", "火星区", "小学", "村", 100, 10]
    errors = rejected("schools", xlsx(SCHOOL_HEADER, [row]), world.county_officer)
    assert errors[0].column == "所属县（区）" and "520402" in errors[0].message


def test_a_school_in_a_county_outside_jurisdiction_is_refused(world):
    row = ["3152000500", "某某小学", "平坝区", "小学", "村", 100, 10]
    errors = rejected("schools", xlsx(SCHOOL_HEADER, [row]), world.county_officer)
    assert "不在您的管辖范围内" in errors[0].message


def test_schools_import_with_levels_and_area(world):
    rows = [["3152000500", "西秀区某某九年制学校", "520402", "小学、初中", "乡镇", 800, 60]]
    assert roster_import(kind="schools", data=xlsx(SCHOOL_HEADER, rows), acting_user=world.county_officer) == {
        "created": 1,
        "updated": 0,
    }
    school = School.objects.get(code="3152000500")
    assert sorted(school.levels.values_list("name", flat=True)) == ["初中", "小学"] and school.area == "township"


def test_a_unit_of_an_unknown_kind_is_refused_listing_the_kinds(world):
    errors = rejected("units", xlsx(UNIT_HEADER, [["520402-XX", "西秀区某局", "某类", "520402"]]), world.county_officer)
    assert errors[0].column == "单位类别" and "教育局" in errors[0].message


def test_a_legacy_xls_file_is_refused_with_the_save_as_fix(world):
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    errors = rejected("teachers", data, world.county_officer)
    assert "另存为" in errors[0].message


def test_a_file_that_is_not_a_workbook_is_refused(world):
    errors = rejected("teachers", "学校标识码,姓名\n3152000001,张三\n".encode(), world.county_officer)
    assert "不是 Excel .xlsx 工作簿" in errors[0].message


def test_a_corrupt_workbook_is_refused(world):
    data = xlsx(TEACHER_HEADER, [teacher_row(world.xixiu_school.code, 1)])
    errors = rejected("teachers", data[: len(data) // 2], world.county_officer)
    assert "文件已损坏" in errors[0].message


def test_a_zip_that_is_not_a_workbook_is_refused_as_corrupt(world, tmp_path):
    path = tmp_path / "x.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "不是工作簿")
    assert "文件已损坏" in rejected("teachers", path.read_bytes(), world.county_officer)[0].message


def test_an_empty_file_is_refused(world):
    assert "文件是空的" in rejected("teachers", b"", world.county_officer)[0].message


def test_a_sheet_with_only_the_header_is_refused(world):
    assert "没有数据行" in rejected("teachers", xlsx(TEACHER_HEADER, []), world.county_officer)[0].message


def test_a_principal_may_not_import(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        roster_import(kind="teachers", data=xlsx(TEACHER_HEADER, []), acting_user=world.principal)
