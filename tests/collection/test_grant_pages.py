"""The /data-access/ pages: a department requests held elements, the county bureau grants on the grant's
page, the department downloads xlsx and CSV of only those elements; expired, the page says so."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from openpyxl import load_workbook

from jianfu.collection.models import AccessGrant

DAY = datetime(2021, 3, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
REQUEST = {
    "elements": ["roster.teachers_on_post", "teacher.gender"],
    "purpose": "核对在岗教师人数，安排体检",
    "starts_on": "2021-03-01",
    "ends_on": "2021-06-30",
}


@pytest.fixture(autouse=True)
def on_the_first_of_march():
    with time_machine.travel(DAY, tick=True) as traveller:
        yield traveller


def test_a_department_requests_the_bureau_grants_and_the_department_downloads_xlsx_and_csv(world, client_for, client):
    clerk = client_for(world.department_clerk)
    response = clerk.post("/data-access/new/", REQUEST | {"division": world.xixiu.pk})
    grant = AccessGrant.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/data-access/{grant.pk}/"
    page = clerk.get(f"/data-access/{grant.pk}/").content.decode()
    assert "由全国教师管理信息系统掌握：请向其主管部门申请（平台无此数据）" in page

    client.logout()
    bureau = client_for(world.county_officer)
    bureau.post(f"/data-access/{grant.pk}/decision/", {"verdict": "grant"})
    grant.refresh_from_db()
    assert grant.state == "granted"

    clerk = client_for(world.department_clerk)
    book = load_workbook(io.BytesIO(clerk.get(f"/data-access/{grant.pk}/data.xlsx").content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0] == ("学校标识码", "学校名称", "在岗教师数")
    assert {r[0] for r in rows[1:]} == {world.xixiu_school.code, world.xixiu_other_school.code}
    text = clerk.get(f"/data-access/{grant.pk}/data.csv").content.decode("utf-8-sig")
    assert text.splitlines()[0] == "学校标识码,学校名称,在岗教师数"


def test_a_bad_request_keeps_what_was_typed_and_says_why(world, client_for):
    clerk = client_for(world.department_clerk)
    response = clerk.post("/data-access/new/", REQUEST | {"division": world.xixiu.pk, "ends_on": "2021-02-01"})
    page = response.content.decode()
    assert response.status_code == 400 and "早于「开始日期」" in page and "核对在岗教师人数，安排体检" in page
    assert not AccessGrant.objects.exists()


def test_an_expired_grant_downloads_nothing_and_the_page_says_when_it_ended(world, client_for, on_the_first_of_march):
    clerk = client_for(world.department_clerk)
    clerk.post("/data-access/new/", REQUEST | {"division": world.xixiu.pk})
    grant = AccessGrant.objects.get()
    AccessGrant.objects.filter(pk=grant.pk).update(state="granted")
    on_the_first_of_march.move_to(datetime(2021, 7, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    clerk = client_for(world.department_clerk)  # a new session: the old one ended long ago

    response = clerk.get(f"/data-access/{grant.pk}/data.csv", follow=True)

    assert "已于 2021-06-30 到期" in response.content.decode() and response["Content-Type"].startswith("text/html")


def test_strangers_get_not_found(world, client_for):
    client_for(world.department_clerk).post("/data-access/new/", REQUEST | {"division": world.xixiu.pk})
    grant = AccessGrant.objects.get()
    other = client_for(world.other_county_officer)
    assert other.get(f"/data-access/{grant.pk}/").status_code == 404
    assert other.get(f"/data-access/{grant.pk}/data.xlsx").status_code == 404
