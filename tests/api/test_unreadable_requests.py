"""Requests that once gave a 500 now get a 4xx that says, in Chinese, what was wrong: a page number
no list has, a body the server will not read, a code no QR can hold, text longer than its field."""

import json
from datetime import datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest
import time_machine

from jianfu.registry.forms import CONTENT_MAX, TITLE_MAX
from jianfu.registry.services import REASON_MAX
from tests.api.test_token_writes import PAYLOAD

HUGE_PAGE = "461168601842738791"
CJK = r"[\u4e00-\u9fff]"


@pytest.fixture(autouse=True)
def during_the_2021_collection_window():
    with time_machine.travel(datetime(2021, 2, 22, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=True):
        yield


def post_json(client, path, body):
    return client.post(path, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("path", ["demands", "schools", "teachers", "units", "divisions"])
def test_a_page_far_past_the_last_is_a_chinese_404_on_every_api_list(world, client_for, path):
    response = client_for(world.city_officer).get(f"/api/v1/{path}?page={HUGE_PAGE}")
    assert response.status_code == 404
    assert response.json()["detail"].startswith(f"没有第 {HUGE_PAGE} 页：此列表共")


def test_api_lists_page_with_the_site_s_page_size(world, client_for):
    client = client_for(world.city_officer)
    first, second = client.get("/api/v1/units").json(), client.get("/api/v1/units?page=2").json()
    assert (first["count"], len(first["items"]), len(second["items"])) == (54, 50, 4)
    assert client.get("/api/v1/units?page=3").status_code == 404


@pytest.mark.parametrize(
    "path", ["/demands/", "/review/", "/schools/", "/teachers/", "/units/", "/results/", "/lists/2021/520402/"]
)
def test_a_page_far_past_the_last_shows_the_last_page_on_every_paged_screen(world, client_for, path):
    assert client_for(world.city_officer).get(f"{path}?page={HUGE_PAGE}").status_code == 200


def test_a_school_s_roster_far_past_its_last_page_shows_the_last_page(world, client_for):
    response = client_for(world.city_officer).get(f"/schools/{world.xixiu_school.code}/?page={HUGE_PAGE}")
    assert response.status_code == 200


def test_a_form_posted_as_multipart_without_a_boundary_is_a_chinese_400(world, client_for):
    response = client_for(world.department_clerk).post("/demands/new/", b"--x", content_type="multipart/form-data")
    assert response.status_code == 400
    assert "提交的内容无法解析" in response.content.decode()


def test_an_api_body_that_is_not_json_is_a_chinese_400(world, client_for):
    client = client_for(world.department_clerk)
    response = client.post("/api/v1/demands", b"--x", content_type="multipart/form-data")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("提交的内容无法解析")


def test_a_json_body_over_30_mb_is_a_chinese_413(world, client_for):
    body = json.dumps(PAYLOAD | {"content": "x" * (31 * 1024 * 1024)})
    response = client_for(world.department_clerk).post("/api/v1/demands", body, content_type="application/json")
    assert response.status_code == 413
    assert "提交的内容过大（表单文字或 JSON 超过 30 MB）" in response.json()["detail"]


def test_a_15_mb_paste_into_the_demand_form_is_a_chinese_413_page(world, client_for):
    """A browser sends the form url-encoded: 15 MB of Chinese is 45 MB on the wire."""
    form = {"title": "检查", "content": "检" * (5 * 1024 * 1024)}
    response = client_for(world.department_clerk).post(
        "/demands/new/", urlencode(form), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "<h1>提交的内容过大</h1>" in page and "请精简文字，长篇材料请作为附件上传" in page


def test_a_2400_character_code_has_no_qr_and_is_not_found(world, client):
    response = client.get("/v/" + "A" * 2400 + "/qr.svg")
    assert response.status_code == 404


def test_a_2400_character_code_is_answered_as_unknown(world, client):
    assert client.get("/v/" + "A" * 2400).status_code == 200


def test_demand_content_over_the_limit_is_refused_by_the_api_naming_the_field_and_the_limit(world, client_for):
    long = "检" * (CONTENT_MAX + 1)
    response = post_json(client_for(world.department_clerk), "/api/v1/demands", PAYLOAD | {"content": long})
    assert response.status_code == 422
    assert f"「主要内容」最多 {CONTENT_MAX} 字，现有 {CONTENT_MAX + 1} 字" in response.json()["detail"]


def test_demand_content_over_the_limit_is_refused_by_the_form_naming_the_field_and_the_limit(world, client_for):
    form = {"requester": world.unit("520402-WJJ").pk, "title": "检查", "content": "检" * (CONTENT_MAX + 1)}
    response = client_for(world.department_clerk).post("/demands/new/", form)
    assert response.status_code == 200
    assert f"「主要内容」最多 {CONTENT_MAX} 字，现有 {CONTENT_MAX + 1} 字" in response.content.decode()


def test_a_title_over_the_limit_is_refused_naming_the_field(world, client_for):
    response = post_json(client_for(world.department_clerk), "/api/v1/demands", PAYLOAD | {"title": "检" * 201})
    assert response.status_code == 422 and f"「事项名称」最多 {TITLE_MAX} 字" in response.json()["detail"]


def test_a_reason_over_the_limit_is_refused_naming_the_limit(world, client_for):
    clerk = client_for(world.department_clerk)
    demand = post_json(clerk, "/api/v1/demands", PAYLOAD).json()
    body = {"action": "withdraw", "expected_state": "draft", "reason": "因" * (REASON_MAX + 1)}
    response = post_json(clerk, f"/api/v1/demands/{demand['id']}/actions", body)
    assert response.status_code == 422 and f"「意见或理由」最多 {REASON_MAX} 字" in response.json()["detail"]
    assert clerk.get(f"/api/v1/demands/{demand['id']}").json()["state"] == "draft"


def test_an_api_parameter_of_the_wrong_type_is_named_in_chinese(world, client_for):
    response = client_for(world.city_officer).get("/api/v1/teachers?page=abc")
    assert response.status_code == 422
    assert response.json()["detail"] == "请求参数有误：查询参数 page 应为整数"
    assert response.json()["errors"][0]["loc"] == ["query", "page"]


def test_a_missing_field_of_the_body_is_named_in_chinese(world, client_for):
    body = {key: value for key, value in PAYLOAD.items() if key != "title"} | {"start": "九月"}
    response = post_json(client_for(world.department_clerk), "/api/v1/demands", body)
    assert response.status_code == 422
    assert response.json()["detail"] == "请求参数有误：请求正文 title 必须填写；请求正文 start 应为日期（YYYY-MM-DD）"


def test_an_object_outside_scope_is_not_found_in_chinese(world, client_for):
    response = client_for(world.county_officer).get(f"/api/v1/schools/{world.pingba_school.code}")
    assert response.status_code == 404 and response.json()["detail"].startswith("找不到")
