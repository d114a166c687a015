"""The registry through the API and the command line."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from jianfu.registry.models import QuotaBaseline
from tests.registry.test_lifecycle import register

PAYLOAD = {
    "requester": "520402-WJJ",
    "category": "inspection",
    "title": "2021 年学校食品安全专项检查",
    "content": "实地查看食堂。",
    "target_counties": ["520402"],
    "target_levels": ["primary"],
    "start": "2021-09-06",
    "end": "2021-09-10",
    "estimated_hours": 2,
    "in_annual_plan": True,
    "declared": {"kind": "check", "evaluation_methods": ["on_site"]},
}


def post(client, path, body):
    return client.post(path, json.dumps(body), content_type="application/json")


def test_a_department_files_and_submits_through_the_api_and_sees_a_conflict_when_stale(world, client_for):
    client = client_for(world.department_clerk)
    created = post(client, "/api/v1/demands", PAYLOAD)
    assert created.status_code == 201, created.content
    demand = created.json()
    assert demand["state"] == "draft" and demand["scope"] == "西秀区、小学"
    check = client.get(f"/api/v1/demands/{demand['id']}/precheck").json()
    assert check["route"][0] == "本级教育行政部门审核" and check["findings"] == []
    submitted = post(client, f"/api/v1/demands/{demand['id']}/actions", {"action": "submit", "expected_state": "draft"})
    assert submitted.json()["state"] == "submitted"
    again = post(client, f"/api/v1/demands/{demand['id']}/actions", {"action": "withdraw", "expected_state": "draft"})
    assert again.status_code == 409 and "当前状态为「已提交」" in again.json()["detail"]


def test_bad_input_through_the_api_names_the_field(world, client_for):
    response = post(client_for(world.department_clerk), "/api/v1/demands", PAYLOAD | {"end": "2021-09-01"})
    assert response.status_code == 422 and "结束日期：结束日期早于开始日期" in response.json()["detail"]


def test_acting_without_the_role_is_forbidden_and_another_county_sees_nothing(world, client_for):
    demand_id = post(client_for(world.department_clerk), "/api/v1/demands", PAYLOAD).json()["id"]
    post(
        client_for(world.department_clerk),
        f"/api/v1/demands/{demand_id}/actions",
        {"action": "submit", "expected_state": "draft"},
    )
    forbidden = post(
        client_for(world.approver),
        f"/api/v1/demands/{demand_id}/actions",
        {"action": "advance", "expected_state": "submitted"},
    )
    assert forbidden.status_code == 403
    assert client_for(world.other_county_officer).get(f"/api/v1/demands/{demand_id}").status_code == 404


def test_verify_answers_in_the_same_shape_for_known_and_unknown(world, file_demand, client):
    demand = register(world, file_demand())
    known = client.get(f"/api/v1/verify/{demand.verification_code}").json()
    unknown = client.get("/api/v1/verify/ZZZZZZZZZZZZ").json()
    assert known["valid"] and known["number"] == demand.registration_number
    assert set(known) == set(unknown) and unknown["valid"] is False


def test_the_verify_command_accepts_the_number_or_the_code(world, file_demand):
    demand = register(world, file_demand())
    for key in (demand.registration_number, demand.verification_code.lower()):
        out = StringIO()
        call_command("verify", key, stdout=out)
        assert out.getvalue().startswith(f"有效：{demand.registration_number}")
    with pytest.raises(CommandError, match="查无此备案"):
        call_command("verify", "安教减备〔2021〕9999号", stdout=StringIO())


def test_registry_list_prints_number_code_title_category_requester_state_scope(world, file_demand):
    demand = register(world, file_demand())
    file_demand(title="还在草稿的事项")
    out = StringIO()
    call_command("registry", "list", "--year", "2021", "--json", stdout=out)
    rows = json.loads(out.getvalue())
    assert rows[0] == {
        "number": demand.registration_number,
        "code": demand.verification_code,
        "title": demand.title,
        "category": "inspection",
        "requester": "西秀区卫生健康局",
        "state": "registered",
        "scope": "西秀区、小学、城区",
    }
    assert rows[1]["number"] is None and rows[1]["state"] == "draft"


def test_quota_prints_baseline_limit_and_used(world, file_demand):
    QuotaBaseline.objects.create(division=world.xixiu, category="inspection", year=2020, count=9)
    register(world, file_demand())
    out = StringIO()
    call_command("quota", "--year", "2021", "--json", stdout=out)
    assert json.loads(out.getvalue()) == [
        {
            "division": "西秀区",
            "division_code": "520402",
            "category": "inspection",
            "baseline": 9,
            "limit": 4,
            "used": 1,
        }
    ]


def test_a_draft_is_edited_through_the_api_and_a_submitted_one_is_not(world, client_for):
    client = client_for(world.department_clerk)
    demand_id = post(client, "/api/v1/demands", PAYLOAD).json()["id"]
    edited = client.put(
        f"/api/v1/demands/{demand_id}", json.dumps(PAYLOAD | {"title": "改过的名称"}), content_type="application/json"
    )
    assert edited.status_code == 200 and edited.json()["title"] == "改过的名称"
    post(client, f"/api/v1/demands/{demand_id}/actions", {"action": "submit", "expected_state": "draft"})
    refused = client.put(f"/api/v1/demands/{demand_id}", json.dumps(PAYLOAD), content_type="application/json")
    assert refused.status_code == 409 and "不能再修改" in refused.json()["detail"]
