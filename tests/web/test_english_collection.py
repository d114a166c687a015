"""English on the collection pages beyond what opening them shows (issue 14): what a school is told when
a value is wrong, the message after a draft is saved, and what a department is told when its data-access
request is refused; and the records that stay Chinese whoever reads: a yes or no a school gives, and the
spreadsheet a requester downloads."""

import io

import pytest
import time_machine
from openpyxl import load_workbook

from jianfu.collection.models import FormResponse
from tests.collection.form_helpers import FILLING, dictionary, element_field, held, new, registered_form
from tests.web.every_page import chinese_interface, in_english


@pytest.fixture(autouse=True)
def during_the_form_s_period():
    with time_machine.travel(FILLING, tick=False):
        yield


@pytest.fixture
def form(world):
    """Teachers' names held, their highest education asked (a choice), a yes-or-no and a new number."""
    asked = next(e for e in dictionary() if e.level == "teacher" and not e.platform and e.type == "choice")
    yes_no = next(e for e in dictionary() if e.level == "school" and not e.platform and e.type == "boolean")
    fields = [held("teacher.name", "姓名"), element_field(asked), element_field(yes_no), new("校医人数")]
    return registered_form(world, fields, title="2021 年教师情况表"), asked, yes_no


def test_an_english_school_is_told_which_value_is_wrong_and_the_choices_in_english(world, form, client_for):
    demand, asked, _yes_no = form
    teacher = world.xixiu_school.teachers.order_by("id").first()
    client = in_english(client_for(world.principal))
    response = client.post(
        f"/collect/{demand.pk}/", {f"f1.t{teacher.pk}": "差不多", "f2": "maybe", "f3": "1", "action": "save"}
    )
    page = response.content.decode()
    assert response.status_code == 400 and not FormResponse.objects.exists()
    assert f"takes one of these choices: {', '.join(asked.choices)}; “差不多” is not one of them" in page
    assert "takes Yes or No, not “maybe”" in page
    assert chinese_interface(page, "差不多") == []


def test_a_yes_typed_in_english_is_stored_as_chinese_and_the_aggregate_stays_chinese(world, form, client_for):
    demand, _asked, yes_no = form
    client = in_english(client_for(world.principal))
    saved = client.post(f"/collect/{demand.pk}/", {"f2": "Yes", "f3": "1", "action": "save"}, follow=True)
    assert "Draft saved; you can go on filling it in at any time." in saved.content.decode()
    assert FormResponse.objects.get().values[yes_no.label] == "是"
    clerk = in_english(client_for(world.department_clerk))
    book = load_workbook(io.BytesIO(clerk.get(f"/collect/{demand.pk}/progress/aggregate.xlsx").content))
    assert book.sheetnames == ["学校汇总", "教师明细"]
    assert list(next(book["学校汇总"].iter_rows(max_row=1, values_only=True)))[:3] == [
        "学校标识码",
        "学校名称",
        "县（区）",
    ]


def test_a_department_is_told_in_english_why_its_request_is_refused(world, client_for):
    clerk = in_english(client_for(world.department_clerk))
    request = {"elements": ["teacher.gender"], "purpose": "核对人数", "division": world.xixiu.pk}
    page = clerk.post("/data-access/new/", request | {"starts_on": "2021-03-20", "ends_on": "2021-03-01"})
    html = page.content.decode()
    assert page.status_code == 400 and "The “End date” (2021-03-01) is before the “Start date” (2021-03-20)" in html
    assert chinese_interface(html, "核对人数") == []
