"""The schools' form pages (issue 14, item 5): /collect/ lists a school's registered forms, /collect/<id>/
shows the held fields filled and read-only with their source and only the new ones open, a bad value is
shown again as typed with the field named; the requester's progress page and aggregate download."""

import io

import pytest
import time_machine
from openpyxl import load_workbook

from jianfu.collection.models import FormResponse, ResponseState
from tests.collection.form_helpers import FILLING, dictionary, element_field, held, new, registered_form


@pytest.fixture(autouse=True)
def during_the_form_s_period():
    with time_machine.travel(FILLING, tick=False):
        yield


@pytest.fixture
def form(world):
    """Teachers' names and ID numbers held, their highest education asked (a choice), and a new
    school-level field."""
    asked = next(e for e in dictionary() if e.level == "teacher" and not e.platform and e.type == "choice")
    fields = [
        held("teacher.name", "姓名"),
        held("teacher.id_number", "身份证号"),
        element_field(asked),
        new("校医人数"),
    ]
    return registered_form(world, fields, title="2021 年教师情况表"), asked


def posted(demand, world, asked, *, choice, doctors="1"):
    data = {"f3": doctors}  # 校医人数
    for teacher in world.xixiu_school.teachers.order_by("id"):
        data[f"f2.t{teacher.pk}"] = choice
    return data


def test_the_principal_finds_the_registered_form_among_the_school_s_forms(world, form, client_for):
    demand, _asked = form
    page = client_for(world.principal).get("/collect/")
    assert page.status_code == 200
    assert "2021 年教师情况表" in page.content.decode() and f"/collect/{demand.pk}/" in page.content.decode()


def test_the_form_shows_held_values_read_only_with_their_source_and_only_the_new_fields_open(world, form, client_for):
    demand, asked = form
    html = client_for(world.principal).get(f"/collect/{demand.pk}/").content.decode()
    for teacher in world.xixiu_school.teachers.all():
        assert teacher.name in html and teacher.id_number_masked in html
        assert f'name="f2.t{teacher.pk}"' in html  # the asked element is open for each teacher
        assert f'name="f0.t{teacher.pk}"' not in html and f'name="f1.t{teacher.pk}"' not in html
    assert 'name="f3"' in html
    assert "已有数据 · 全国教师管理信息系统" in html or asked.owner in html


def test_a_wrong_value_is_shown_again_as_typed_with_the_field_and_the_choices_named(world, form, client_for):
    demand, asked = form
    response = client_for(world.principal).post(
        f"/collect/{demand.pk}/", posted(demand, world, asked, choice="差不多") | {"action": "save"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f"「{asked.label}」应从以下选项中选择一项" in html and "<option selected>差不多</option>" in html
    assert not FormResponse.objects.exists()


def test_the_principal_saves_a_draft_then_submits_and_the_page_says_so(world, form, client_for):
    demand, asked = form
    client = client_for(world.principal)
    client.post(f"/collect/{demand.pk}/", {"f3": "1", "action": "save"})
    assert FormResponse.objects.get().state == ResponseState.DRAFT
    page = client.post(
        f"/collect/{demand.pk}/",
        posted(demand, world, asked, choice=asked.choices[0]) | {"action": "submit"},
        follow=True,
    )
    assert "已提交（2021-03-20）" in page.content.decode()
    assert 'name="f3"' not in page.content.decode()  # nothing left to type
    response = FormResponse.objects.get()
    assert response.state == ResponseState.SUBMITTED and response.values["校医人数"] == "1"


def test_a_teacher_of_the_school_and_the_requester_cannot_fill_the_form(world, form, client_for):
    demand, _asked = form
    assert client_for(world.teacher).get(f"/collect/{demand.pk}/").status_code == 404
    assert client_for(world.department_clerk).post(f"/collect/{demand.pk}/", {"f3": "1"}).status_code == 404


def test_the_template_downloaded_and_uploaded_through_the_page_saves_a_draft(world, form, client_for):
    demand, asked = form
    client = client_for(world.principal)
    download = client.get(f"/collect/{demand.pk}/template.xlsx")
    book = load_workbook(io.BytesIO(download.content))
    for row in book["教师填报"].iter_rows(min_row=2):
        row[4].value = asked.choices[0]
    book["学校填报"]["B2"] = 3
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.name = "filled.xlsx"
    buffer.seek(0)
    upload = client.post(f"/collect/{demand.pk}/upload/", {"file": buffer})
    assert upload.status_code == 302, upload.content.decode()[-3000:]
    response = FormResponse.objects.get()
    assert response.values["校医人数"] == "3" and {r[asked.label] for r in response.rows} == {asked.choices[0]}


def test_the_requester_sees_completion_per_school_and_downloads_the_aggregate(world, form, client_for):
    demand, asked = form
    client_for(world.principal).post(
        f"/collect/{demand.pk}/", posted(demand, world, asked, choice=asked.choices[0]) | {"action": "submit"}
    )
    clerk = client_for(world.department_clerk)
    html = clerk.get(f"/collect/{demand.pk}/progress/").content.decode()
    assert "共 2 所学校：已提交 1 所，填写中 0 所，未填写 1 所。" in html
    download = clerk.get(f"/collect/{demand.pk}/progress/aggregate.xlsx")
    book = load_workbook(io.BytesIO(download.content))
    assert [r[1] for r in book["学校汇总"].iter_rows(min_row=2, values_only=True)] == [
        "西秀区第一小学",
        "西秀区旧州镇中学",
    ]
    assert len(list(book["教师明细"].iter_rows(min_row=2))) == 3
    assert f"/collect/{demand.pk}/progress/" in clerk.get("/collect/").content.decode()


def test_another_county_s_bureau_and_a_school_see_no_progress(world, form, client_for):
    demand, _asked = form
    assert client_for(world.other_county_officer).get(f"/collect/{demand.pk}/progress/").status_code == 404
    assert client_for(world.principal).get(f"/collect/{demand.pk}/progress/aggregate.xlsx").status_code == 404
    assert client_for(world.county_officer).get(f"/collect/{demand.pk}/progress/").status_code == 200


def test_the_demand_page_links_its_requester_to_the_form_s_progress_but_not_the_school(world, form, client_for):
    demand, _asked = form
    progress = f"/collect/{demand.pk}/progress/"
    assert progress in client_for(world.department_clerk).get(f"/demands/{demand.pk}/").content.decode()
    assert progress not in client_for(world.principal).get(f"/demands/{demand.pk}/").content.decode()
