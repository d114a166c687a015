"""Issue 14, "Done when", through the API: a form demand asking schools for teachers' names, ID numbers and
qualifications gets a 3.1 finding naming those elements and their owner system; the same form with only
new fields gets none; two overlapping active forms see each other."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.registry.scenario import act_through_api, post, rules

HELD_RULES = {"held_data_collection", "held_data_justified", "personal_data_without_need", "collect_by_access_grant"}
TEACHERS = ["教师姓名", "身份证号", {"label": "教师资格"}]
NEW = [
    {"label": "每周课后服务课时", "element": "", "definition": "本学期每周安排的课后服务课时数"},
    {"label": "课后服务参与学生数", "element": "", "definition": "本学期参加课后服务的学生人数"},
]


@pytest.fixture(autouse=True)
def in_february_2021():
    with time_machine.travel(datetime(2021, 2, 22, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=True):
        yield


def form(world, fields, title="2021 年教师情况调查表") -> dict:
    return {
        "requester": "520402-WJJ",
        "category": "form",
        "title": title,
        "content": "请各校按表填报。",
        "target_counties": [world.xixiu.code],
        "start": "2021-09-06",
        "end": "2021-09-30",
        "estimated_hours": 1,
        "fields": fields,
    }


def filed(client, body) -> dict:
    response = post(client, "/api/v1/demands", body)
    assert response.status_code == 201, response.content.decode()
    return response.json()


def test_a_form_asking_teachers_names_id_numbers_and_qualifications_gets_a_3_1_finding_naming_them(world, client_for):
    client = client_for(world.department_clerk)
    demand = filed(client, form(world, [*TEACHERS, *NEW]))
    assert [f["element"] for f in demand["fields"][:3]] == [
        "teacher.name",
        "teacher.id_number",
        "teacher.certificate_kind",
    ]
    finding = rules(client.get(f"/api/v1/demands/{demand['id']}/precheck").json()["findings"])["held_data_collection"]
    assert finding["clause"] == "3.1" and finding["severity"] == "block"
    for element in ("教师姓名", "身份证件号码", "教师资格证种类"):
        assert f"{element}（全国教师管理信息系统）" in finding["message"]
    submitted = act_through_api(client, demand["id"], "submit", "draft")
    assert submitted.status_code == 422 and "已由教育系统采集" in submitted.json()["detail"]


def test_the_same_form_with_only_new_fields_gets_no_3_1_finding(world, client_for):
    client = client_for(world.department_clerk)
    demand = filed(client, form(world, NEW))
    found = rules(client.get(f"/api/v1/demands/{demand['id']}/precheck").json()["findings"])
    assert HELD_RULES & set(found) == set() and "repeated_data_collection" not in found
    assert act_through_api(client, demand["id"], "submit", "draft").status_code == 200


def test_two_overlapping_active_forms_see_each_other(world, client_for):
    client = client_for(world.department_clerk)
    first = filed(client, form(world, NEW, title="课后服务情况统计"))
    second = filed(
        client, form(world, [NEW[0], {"label": "课后服务收费标准", "element": ""}], title="课后服务收费调查")
    )
    for demand in (first, second):
        assert act_through_api(client, demand["id"], "submit", "draft").status_code == 200
    for demand, other in ((first, second), (second, first)):
        check = client.get(f"/api/v1/demands/{demand['id']}/precheck").json()
        finding = rules(check["findings"])["repeated_data_collection"]
        assert finding["clause"] == "3.1" and other["title"] in finding["message"]
        overview = client.get(f"/api/v1/demands/{demand['id']}/fields").json()
        assert [(o["demand"], o["fields"], o["score"], o["cited"]) for o in overview["overlaps"]] == [
            (other["id"], ["每周课后服务课时"], 0.5, True)
        ]


def test_a_field_naming_an_element_the_dictionary_lacks_is_refused_with_its_name(world, client_for):
    client = client_for(world.department_clerk)
    response = post(client, "/api/v1/demands", form(world, [{"label": "鞋码", "element": "teacher.shoe_size"}]))
    assert response.status_code == 422 and "teacher.shoe_size" in response.json()["detail"]
