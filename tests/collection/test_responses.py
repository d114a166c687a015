"""Schools fill only what is missing (issue 14, item 5): a registered form reaches the schools in its scope
prefilled from what the platform holds; only the fields it does not hold are typed, each checked against its
element's type; the requester sees completion per school and downloads the aggregate."""

import io

import pytest
import time_machine
from django.http import Http404
from openpyxl import Workbook, load_workbook

from jianfu.audit.models import AuditEvent
from jianfu.collection.fields import FormField, InvalidValue, clean_value
from jianfu.collection.models import FormResponse, ResponseState
from jianfu.collection.response_sheets import read_upload, template_xlsx
from jianfu.collection.responses import (
    ALREADY_SUBMITTED,
    ONLY_PRINCIPAL,
    ResponseError,
    ResponseRejected,
    aggregate_xlsx,
    completion,
    form_for_school,
    forms_for_school,
    response_save,
    schools_reached,
    teacher_key,
)
from jianfu.registry.selectors import demand_list_for_school
from tests.collection.form_helpers import FILLING, dictionary, element_field, held, new, open_element, registered_form


@pytest.fixture(autouse=True)
def during_the_form_s_period():
    with time_machine.travel(FILLING, tick=False):
        yield


@pytest.fixture
def school_form(world):
    """School name and teacher count held; the number of school doctors and a counted element the platform
    does not hold typed by the school."""
    counted = open_element(type="integer")
    fields = [held("school.name"), held("count:teachers", "教职工总数"), new("校医人数"), element_field(counted)]
    return registered_form(world, fields), counted


@pytest.fixture
def teacher_form(world):
    """Teachers' names and ID numbers held; one teacher-level element the school must give."""
    asked = next(e for e in dictionary() if e.level == "teacher" and not e.platform and e.type in ("text", "choice"))
    fields = [held("teacher.name", "姓名"), held("teacher.id_number", "身份证号"), element_field(asked)]
    return registered_form(world, fields, title="2021 年教师继续教育情况表"), asked


def a_valid_answer(asked) -> str:
    return asked.choices[0] if getattr(asked, "choices", ()) else "本科"


def test_a_school_sees_the_held_fields_filled_from_the_platform_and_only_the_new_ones_open(world, school_form):
    demand, counted = school_form
    view = form_for_school(demand, world.xixiu_school)
    by_label = {f.label: f for f in view.fields}
    assert by_label[held("school.name")["label"]].held and by_label["教职工总数"].held
    assert view.values[by_label[held("school.name")["label"]].key] == "西秀区第一小学"
    assert view.values[by_label["教职工总数"].key] == world.xixiu_school.teachers.count() == 3
    assert [f.label for f in view.open_fields] == ["校医人数", counted.label]
    assert by_label["教职工总数"].owner  # the system that holds it, shown as the source


def test_a_teacher_level_form_has_one_row_per_teacher_with_names_and_masked_id_numbers(world, teacher_form):
    demand, asked = teacher_form
    view = form_for_school(demand, world.xixiu_school)
    assert [row.name for row in view.rows] == list(
        world.xixiu_school.teachers.order_by("id").values_list("name", flat=True)
    )
    id_field = next(f for f in view.fields if f.label == "身份证号")
    ids = [row.values[id_field.key] for row in view.rows]
    assert ids == list(world.xixiu_school.teachers.order_by("id").values_list("id_number_masked", flat=True))
    assert all("*" in value for value in ids)
    assert [f.label for f in view.open_fields] == [asked.label]


def test_the_school_saves_a_draft_then_submits_and_the_held_values_are_kept_with_it(world, school_form):
    demand, counted = school_form
    response_save(demand, world.xixiu_school, world.principal, {"values": {"校医人数": "1"}}, submit=False)
    response = FormResponse.objects.get(demand=demand, school=world.xixiu_school)
    assert response.state == ResponseState.DRAFT and response.values["校医人数"] == "1"
    data = {"values": {"校医人数": "2", counted.label: "12"}}
    response_save(demand, world.xixiu_school, world.principal, data, submit=True)
    response.refresh_from_db()
    assert response.state == ResponseState.SUBMITTED and response.submitted_on.isoformat() == "2021-03-20"
    assert response.values == {
        held("school.name")["label"]: "西秀区第一小学",
        "教职工总数": 3,
        "校医人数": "2",
        counted.label: 12,
    }
    assert AuditEvent.objects.filter(action="form_response.submit", object_id=str(response.pk)).exists()


def test_held_values_sent_by_the_school_are_ignored_the_records_decide(world, school_form):
    demand, _counted = school_form
    data = {"values": {"教职工总数": "99", "校医人数": "1"}}
    response_save(demand, world.xixiu_school, world.principal, data, submit=False)
    assert FormResponse.objects.get(demand=demand).values["教职工总数"] == 3


def test_a_wrong_integer_is_refused_naming_the_field_and_the_fix_and_nothing_is_saved(world, school_form):
    demand, counted = school_form
    with pytest.raises(ResponseRejected) as rejected:
        response_save(demand, world.xixiu_school, world.principal, {"values": {counted.label: "12.5个"}}, submit=False)
    (message,) = rejected.value.errors.values()
    assert f"「{counted.label}」" in message and "整数" in message and "12.5个" in message
    assert not FormResponse.objects.exists()


def test_a_draft_may_leave_fields_blank_but_submitting_lists_every_blank_field(world, school_form):
    demand, counted = school_form
    response_save(demand, world.xixiu_school, world.principal, {"values": {}}, submit=False)
    with pytest.raises(ResponseRejected) as rejected:
        response_save(demand, world.xixiu_school, world.principal, {"values": {}}, submit=True)
    messages = list(rejected.value.errors.values())
    assert (
        len(messages) == 2 and "「校医人数」尚未填写" in messages[0] and f"「{counted.label}」尚未填写" in messages[1]
    )
    assert FormResponse.objects.get(demand=demand).state == ResponseState.DRAFT


def test_a_submitted_response_cannot_be_changed(world, school_form):
    demand, counted = school_form
    data = {"values": {"校医人数": "2", counted.label: "12"}}
    response_save(demand, world.xixiu_school, world.principal, data, submit=True)
    with pytest.raises(ResponseError, match=ALREADY_SUBMITTED[:8]):
        response_save(demand, world.xixiu_school, world.principal, data, submit=False)


def test_only_the_school_s_principal_fills_its_form_and_other_schools_see_nothing(world, school_form):
    demand, _counted = school_form
    with pytest.raises(ResponseError, match=ONLY_PRINCIPAL[:6]):
        response_save(demand, world.xixiu_school, world.teacher, {"values": {}}, submit=False)
    with pytest.raises(ResponseError):  # the principal of 西秀区第一小学 does not answer for 平坝's school
        response_save(demand, world.pingba_school, world.principal, {"values": {}}, submit=False)
    assert list(forms_for_school(school=world.pingba_school)) == []


def test_a_form_not_yet_registered_reaches_no_school(world):
    draft = registered_form(world, [new("校医人数")], state="submitted")
    assert list(forms_for_school(school=world.xixiu_school)) == []
    with pytest.raises(Http404):
        response_save(draft, world.xixiu_school, world.principal, {"values": {}}, submit=False)


def test_every_teacher_of_the_roster_answers_the_teacher_fields(world, teacher_form):
    demand, asked = teacher_form
    view = form_for_school(demand, world.xixiu_school)
    rows = [{"teacher": row.teacher_id, asked.label: a_valid_answer(asked)} for row in view.rows[:-1]]
    with pytest.raises(ResponseRejected) as rejected:
        response_save(demand, world.xixiu_school, world.principal, {"rows": rows}, submit=True)
    last = view.rows[-1]
    assert list(rejected.value.errors) == [teacher_key(view.open_fields[0], last.teacher_id)]
    assert last.name in rejected.value.errors[teacher_key(view.open_fields[0], last.teacher_id)]
    rows.append({"teacher": last.teacher_id, asked.label: a_valid_answer(asked)})
    response_save(demand, world.xixiu_school, world.principal, {"rows": rows}, submit=True)
    stored = FormResponse.objects.get(demand=demand).rows
    assert [r["身份证号"] for r in stored] == [row.values[view.fields[1].key] for row in view.rows]
    assert all("*" in r["身份证号"] for r in stored)


def test_the_schools_a_form_reaches_are_those_whose_calendar_lists_it(world, school_form):
    demand, _counted = school_form
    reached = set(schools_reached(demand))
    assert reached == {world.xixiu_school, world.xixiu_other_school}
    for school in (world.xixiu_school, world.xixiu_other_school, world.pingba_school):
        assert demand_list_for_school(school=school).filter(pk=demand.pk).exists() == (school in reached)


def test_completion_lists_every_school_the_form_reaches_with_where_its_answer_stands(world, school_form):
    demand, counted = school_form
    response_save(
        demand, world.xixiu_school, world.principal, {"values": {"校医人数": "1", counted.label: "3"}}, submit=True
    )
    states = {p.school.name: p.state for p in completion(demand)}
    assert states == {"西秀区第一小学": "submitted", "西秀区旧州镇中学": ""}


def test_the_aggregate_has_a_row_per_school_and_a_sheet_of_teacher_rows_with_masked_ids(world, teacher_form):
    demand, asked = teacher_form
    demand.fields = [held("school.name"), *demand.fields]
    demand.save()
    view = form_for_school(demand, world.xixiu_school)
    rows = [{"teacher": row.teacher_id, asked.label: a_valid_answer(asked)} for row in view.rows]
    response_save(demand, world.xixiu_school, world.principal, {"rows": rows}, submit=True)
    book = load_workbook(io.BytesIO(aggregate_xlsx(demand)))
    schools = list(book["学校汇总"].iter_rows(values_only=True))
    assert schools[0][:5] == ("学校标识码", "学校名称", "县（区）", "填报状态", "提交日期")
    assert [r[3] for r in schools[1:]] == ["已提交", "未填写"] and schools[1][5] == "西秀区第一小学"
    teachers = list(book["教师明细"].iter_rows(values_only=True))
    assert teachers[0] == ("学校标识码", "学校名称", "填报状态", "姓名", "身份证号", asked.label)
    assert len(teachers) == 1 + 3 and all("*" in r[4] for r in teachers[1:])
    full = [t.id_number_masked for t in world.xixiu_school.teachers.all()]
    assert sorted(r[4] for r in teachers[1:]) == sorted(full)


def test_the_prefilled_template_filled_in_excel_and_uploaded_saves_the_typed_values(world, school_form):
    demand, counted = school_form
    book = load_workbook(io.BytesIO(template_xlsx(form_for_school(demand, world.xixiu_school))))
    sheet = book["学校填报"]
    cells = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assert cells["教职工总数"][1].value == 3 and "已由平台填好" in cells["教职工总数"][4].value
    cells["校医人数"][1].value = 2
    cells[counted.label][1].value = 14
    buffer = io.BytesIO()
    book.save(buffer)
    typed = read_upload(buffer.getvalue(), form_for_school(demand, world.xixiu_school))
    response_save(demand, world.xixiu_school, world.principal, typed, submit=True)
    assert FormResponse.objects.get(demand=demand).values["校医人数"] == "2"


def test_an_upload_with_wrong_values_saves_nothing_and_lists_every_error(world, teacher_form):
    demand, asked = teacher_form
    book = load_workbook(io.BytesIO(template_xlsx(form_for_school(demand, world.xixiu_school))))
    sheet = book["教师填报"]
    header = [cell.value for cell in sheet[1]]
    assert header == ["教师编号", "教师", "姓名", "身份证号", asked.label]
    sheet.cell(row=2, column=5).value = "x" * 300
    sheet.cell(row=5, column=1).value = 999999  # a teacher who is not on the roster
    sheet.cell(row=5, column=2).value = "查无此人"
    buffer = io.BytesIO()
    book.save(buffer)
    typed = read_upload(buffer.getvalue(), form_for_school(demand, world.xixiu_school))
    with pytest.raises(ResponseRejected) as rejected:
        response_save(demand, world.xixiu_school, world.principal, typed, submit=False)
    messages = list(rejected.value.errors.values())
    assert any("第 5 行" in m and "查无此人" in m and "不在本校花名册" in m for m in messages)
    assert any(asked.label in m and ("最多填" in m or "选择" in m) for m in messages)
    assert not FormResponse.objects.exists()


def test_a_file_that_is_not_a_workbook_is_refused_saying_what_to_do(world, school_form):
    demand, _counted = school_form
    with pytest.raises(ResponseRejected) as rejected:
        read_upload(b"name,value\n", form_for_school(demand, world.xixiu_school))
    assert ".xlsx" in rejected.value.errors["file"]
    book = Workbook()
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(ResponseRejected) as rejected:
        read_upload(buffer.getvalue(), form_for_school(demand, world.xixiu_school))
    assert "学校填报" in rejected.value.errors["file"]


def typed(type: str, **extra) -> FormField:
    return FormField("f0", "校舍面积", "x", type, "", "", "教育事业统计", "school", "", **extra)


@pytest.mark.parametrize(
    ("field", "value", "stored"),
    [
        (typed("integer"), "1,200", 1200),
        (typed("integer"), 12.0, 12),  # Excel gives whole numbers as floats
        (typed("decimal"), "3.50", "3.50"),
        (typed("date"), "2021年9月1日", "2021-09-01"),
        (typed("date"), "2021/9/1", "2021-09-01"),
        (typed("boolean"), "是", "是"),
        (typed("boolean"), "否", "否"),
        (typed("choice", choices=("本科", "硕士")), "硕士", "硕士"),
        (typed("text"), "  有  ", "有"),
        (typed("integer"), "", ""),
    ],
)
def test_a_value_of_the_element_s_type_is_stored_in_one_form(field, value, stored):
    assert clean_value(field, value) == stored


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        (typed("integer"), "-3", "整数"),
        (typed("decimal"), "三百", "应填数字"),
        (typed("decimal"), "NaN", "应填数字"),
        (typed("date"), "2021-02-30", "应填日期"),
        (typed("date"), "九月", "应填日期"),
        (typed("boolean"), "也许", "「是」或「否」"),
        (typed("choice", choices=("本科", "硕士")), "大专", "本科、硕士"),
        (typed("text"), "字" * 201, "最多填 200 字"),
    ],
)
def test_a_value_of_the_wrong_type_is_refused_naming_the_field_and_the_fix(field, value, says):
    with pytest.raises(InvalidValue) as invalid:
        clean_value(field, value)
    assert "「校舍面积」" in str(invalid.value) and says in str(invalid.value)


def test_a_yes_typed_by_a_school_reading_english_is_stored_in_chinese_like_everyone_else_s():
    from django.utils import translation

    with translation.override("en"):
        assert clean_value(typed("boolean"), "Yes") == "是" and clean_value(typed("boolean"), "no") == "否"
