"""The census page of clause 5.1 (issue 13, item 3): the county bureau reads its county on a date, matched and
flagged, orders the flagged back and downloads the report; the city reads every county's figures; bad
parameters are answered with a sentence; schools, teachers and requesting units do not see it."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from jianfu.org.models import PostStatus
from jianfu.secondments.models import PostStatusPeriod, ReturnOrder, Source
from tests.secondments.census_helpers import approved_secondment, everyone_on_post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def on_a_school_day():
    with time_machine.travel(datetime(2021, 10, 15, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        yield


@pytest.fixture
def county(world):
    """In 西秀区 on 15 October 2021: one teacher on an approved secondment, a colleague away without one."""
    everyone_on_post()
    approved_secondment(world, world.xixiu_teacher, date(2021, 9, 1), date(2021, 12, 31), number="N-2")
    PostStatusPeriod.objects.create(
        teacher=world.xixiu_colleague,
        status=PostStatus.OTHER_OFF_POST,
        since=date(2021, 3, 1),
        where="区政府办公室",
        source=Source.ROSTER,
    )
    return world


def text_of(response) -> str:
    return response.content.decode()


def row_html(page: str, teacher) -> str:
    return page.split(f'data-testid="census-row-{teacher.pk}"')[1].split("</tr>")[0]


def test_the_county_bureau_sees_its_county_matched_and_flagged_with_a_return_order_only_for_the_flagged(
    county, client_for
):
    page = text_of(client_for(county.county_officer).get("/secondments/census/?as_of=2021-10-15"))
    approved, flagged = row_html(page, county.xixiu_teacher), row_html(page, county.xixiu_colleague)
    assert "N-2" in approved and "已审批" in approved and "2021-09-01" in approved and "下达返岗通知" not in approved
    assert "无审批" in flagged and "区政府办公室" in flagged and "2021-03-01" in flagged and "下达返岗通知" in flagged
    assert county.xixiu_colleague.id_number_masked in flagged
    assert "不在岗 2 人，其中问题 1 人。" in page


def test_the_bureau_orders_a_flagged_teacher_back_once_from_the_page(county, client_for):
    client = client_for(county.county_officer)
    body = {"teacher": county.xixiu_colleague.pk, "county": "520402", "as_of": "2021-10-15"}
    response = client.post("/secondments/census/orders/", body)
    assert response.status_code == 302 and response.url == "/secondments/census/?county=520402&as_of=2021-10-15"
    order = ReturnOrder.objects.get()
    assert order.teacher == county.xixiu_colleague and order.issued_on == date(2021, 10, 15)
    page = text_of(client.get(response.url))
    assert "已下达返岗通知" in page and "2021-10-15 已通知" in row_html(page, county.xixiu_colleague)
    again = text_of(client.post("/secondments/census/orders/", body, follow=True))
    assert "同一次离岗只下达一次" in again and ReturnOrder.objects.count() == 1
    approved = text_of(
        client.post("/secondments/census/orders/", body | {"teacher": county.xixiu_teacher.pk}, follow=True)
    )
    assert "无须下达返岗通知" in approved and ReturnOrder.objects.count() == 1


def test_an_inspector_reads_the_census_but_orders_nobody_back(county, client_for):
    page = text_of(client_for(county.inspector).get("/secondments/census/"))
    assert "无审批" in row_html(page, county.xixiu_colleague)
    assert "下达返岗通知（" not in page


def test_the_city_reads_every_county_s_figures_and_opens_one(county, client_for):
    client = client_for(county.city_officer)
    page = text_of(client.get("/secondments/census/?as_of=2021-10-15"))
    figures = page.split('data-testid="census-figures"')[1].split("</table>")[0]
    assert "西秀区" in figures and "平坝区" in figures
    xixiu = figures.split("西秀区")[1].split("</tr>")[0]
    assert [cell.split(">")[-1] for cell in xixiu.split("</td>")[1:6]] == ["2", "1", "0", "1", "0"]
    assert "N-2" in text_of(client.get("/secondments/census/?county=520402&as_of=2021-10-15"))


@pytest.mark.parametrize(
    ("query", "sentence"),
    [
        ("?as_of=2021-13-45", "日期「2021-13-45」无效"),
        ("?as_of=yesterday", "日期「yesterday」无效"),
        ("?county=520403", "县（区）代码「520403」不在您的管辖范围内"),
        ("?county=nowhere", "县（区）代码「nowhere」不在您的管辖范围内"),
    ],
)
def test_a_bad_census_parameter_is_answered_with_a_sentence(county, client_for, query, sentence):
    response = client_for(county.county_officer).get("/secondments/census/" + query)
    assert response.status_code == 400 and sentence in text_of(response)


@pytest.mark.parametrize("actor", ["principal", "teacher", "department_clerk", "outsider"])
def test_schools_teachers_and_requesting_units_do_not_see_the_census(county, client_for, actor):
    client = client_for(getattr(county, actor))
    assert client.get("/secondments/census/").status_code == 403
    assert client.get("/secondments/census.xlsx?county=520402").status_code == 403


def test_the_census_downloads_as_a_workbook_and_a_pdf(county, client_for):
    client = client_for(county.county_officer)
    workbook = client.get("/secondments/census.xlsx?county=520402&as_of=2021-10-15")
    assert workbook.status_code == 200 and workbook.content[:2] == b"PK"
    assert 'filename="census-520402-2021-10-15.xlsx"' in workbook["Content-Disposition"]
    pdf = client.get("/secondments/census.pdf?county=520402&as_of=2021-10-15")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    wrong = client.get("/secondments/census.doc?county=520402", follow=True)
    assert "请先选择县（区）和摸底日期" in text_of(wrong)
