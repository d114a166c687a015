"""GET /api/v1/data-access/{id}/rows with a token: the running grant's data, only the granted elements; 404
for another's grant; 410 with the sentence once it has ended."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine
from django.test import Client

from jianfu.collection.grants import grant_decide, grant_request
from jianfu.org.services import api_token_create


def bearer(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(acting_user=user, name='程序')}")


def test_a_program_with_the_departments_token_reads_only_the_granted_elements_until_the_grant_ends(world):
    with time_machine.travel(datetime(2021, 3, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        grant = grant_request(
            world.department_clerk,
            elements=["roster.teachers_on_post", "teacher.gender"],
            purpose="核对在岗教师人数",
            division=world.xixiu,
            starts_on=date(2021, 3, 1),
            ends_on=date(2021, 6, 30),
        )
        grant_decide(grant.pk, world.county_officer, grant=True)
        answer = bearer(world.department_clerk).get(f"/api/v1/data-access/{grant.pk}/rows")
        stranger = bearer(world.other_county_officer).get(f"/api/v1/data-access/{grant.pk}/rows")
    with time_machine.travel(datetime(2021, 7, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        ended = bearer(world.department_clerk).get(f"/api/v1/data-access/{grant.pk}/rows")

    body = answer.json()
    assert answer.status_code == 200 and body["header"] == ["学校标识码", "学校名称", "在岗教师数"]
    assert len(body["rows"]) == 2 and body["not_held"][0]["owner"] == "全国教师管理信息系统"
    assert stranger.status_code == 404
    assert ended.status_code == 410 and "已于 2021-06-30 到期" in ended.json()["detail"]
