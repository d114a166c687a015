"""The demand form's two helpers: the school picker's search (only schools this person's demands may
name) and the live pre-check (the same `demand_precheck` as saving, nothing saved)."""

from datetime import date

import pytest
from django.test import Client

from jianfu.audit.models import AuditEvent
from jianfu.org.models import Role
from jianfu.org.services import role_grant
from jianfu.registry.models import Demand
from jianfu.registry.precheck import demand_precheck
from jianfu.web.two_factor import client_sign_in_verified
from tests.registry.conftest import inspection_data
from tests.world import _user

SEARCH = "/demands/schools"
PRECHECK = "/demands/precheck"


def requester_of(world, unit_code: str, name: str):
    user = _user(name)
    role_grant(user=user, role=Role.REQUESTER, unit=world.unit(unit_code))
    return user


def found(response) -> set[str]:
    assert response.status_code == 200, response.content.decode()
    return {school["code"] for school in response.json()["schools"]}


def posted(world, **overrides) -> dict:
    """The form as the page posts it: dates as the date pickers send them, declarations as fields."""
    data = inspection_data(world, **overrides)
    declared = data.pop("declared")
    data["start"], data["end"] = data["start"].isoformat(), data["end"].isoformat()
    data["in_annual_plan"] = "on" if data["in_annual_plan"] else ""
    data["emergency"] = "on" if data["emergency"] else ""
    for key, value in declared.items():
        data[f"declared.{key}"] = "on" if value is True else value
    return data


# --- the school picker ---------------------------------------------------------------------------


def test_a_requester_finds_a_school_by_two_characters_of_its_name(world, client_for):
    client = client_for(world.department_clerk)
    answer = client.get(SEARCH, {"q": "一小"})
    assert found(answer) == {world.xixiu_school.code}
    assert answer.json()["schools"][0] == {
        "code": world.xixiu_school.code,
        "name": "西秀区第一小学",
        "county": "西秀区",
    }


def test_a_requester_finds_schools_by_the_start_of_their_code(world, client_for):
    client = client_for(world.department_clerk)
    assert found(client.get(SEARCH, {"q": "31520000"})) == {world.xixiu_school.code, world.xixiu_other_school.code}


def test_a_pingba_requester_does_not_find_xixiu_schools_it_may_not_name(world, client_for):
    client = client_for(requester_of(world, "520403-WJJ", "pingba_clerk"))
    assert found(client.get(SEARCH, {"q": "西秀区"})) == set()
    assert found(client.get(SEARCH, {"q": world.xixiu_school.code})) == set()
    assert found(client.get(SEARCH, {"q": "天龙"})) == {world.pingba_school.code}


def test_a_xixiu_requester_does_not_find_pingba_schools_even_naming_pingba(world, client_for):
    client = client_for(world.department_clerk)
    assert found(client.get(SEARCH, {"q": "小学", "county": [world.pingba.pk]})) == set()


def test_a_city_requester_searches_within_the_counties_it_ticked(world, client_for):
    client = client_for(requester_of(world, "520400-WJJ", "city_clerk"))
    assert found(client.get(SEARCH, {"q": "小学"})) == {world.xixiu_school.code, world.pingba_school.code}
    assert found(client.get(SEARCH, {"q": "小学", "county": [world.pingba.pk]})) == {world.pingba_school.code}


@pytest.mark.parametrize("actor", ["teacher", "principal", "outsider", "county_officer"])
def test_people_who_raise_no_demands_are_refused_the_search(world, client_for, actor):
    answer = client_for(getattr(world, actor)).get(SEARCH, {"q": "小学"})
    assert answer.status_code == 403
    assert "只有提出单位" in answer.json()["error"]


def test_someone_not_logged_in_is_sent_to_the_login_page(world, client):
    answer = client.get(SEARCH, {"q": "小学"})
    assert answer.status_code == 302 and answer["Location"].startswith("/login/")


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({}, "请输入学校名称"),
        ({"q": "  "}, "请输入学校名称"),
        ({"q": "小" * 51}, "1 至 50 个字符"),
        ({"q": "小学", "county": "西秀区"}, "参数 county 应为县（区）的编号"),
        ({"q": "小学", "county": ["1", "1 OR 1=1"]}, "参数 county"),
    ],
)
def test_bad_search_parameters_are_a_400_in_chinese(world, client_for, params, words):
    answer = client_for(world.department_clerk).get(SEARCH, params)
    assert answer.status_code == 400
    assert words in answer.json()["error"]


def test_a_county_that_does_not_exist_finds_nothing_rather_than_failing(world, client_for):
    assert found(client_for(world.department_clerk).get(SEARCH, {"q": "小学", "county": "99999999"})) == set()


# --- the live pre-check --------------------------------------------------------------------------


def test_the_live_precheck_answers_findings_and_saves_nothing(world, client_for):
    events = AuditEvent.objects.count()
    data = posted(world, category="city_campaign", content="创文期间请各校安排教师到责任路口开展文明劝导执勤。")
    answer = client_for(world.department_clerk).post(PRECHECK, data)
    assert answer.status_code == 200, answer.content.decode()
    findings = answer.json()["findings"]
    street_duty = [f for f in findings if f["clause"] in ("2.4", "A.15")]
    assert street_duty, findings
    assert all(f["severity_label"] and f["message"] for f in findings)
    assert answer.json()["route"], "the route the demand would take is shown too"
    assert not Demand.objects.exists() and AuditEvent.objects.count() == events


def test_the_live_precheck_says_what_saving_will_say(world, client_for, file_demand):
    """Same values, same function: the findings shown while filling in are the ones on the saved
    demand's page (a campus activity off the annual list, on a named school)."""
    overrides = {
        "category": "campus_activity",
        "title": "安全知识进校园",
        "content": "请各校组织学生参加安全知识网络答题，参与率须达到 100%。",
        "target_counties": [],
        "target_schools": world.xixiu_school.code,
        "declared": {"app_actions": ["quiz"], "participation_targets": True},
    }
    answer = client_for(world.department_clerk).post(PRECHECK, posted(world, **overrides))
    assert answer.status_code == 200, answer.content.decode()
    live = sorted((f["rule"], f["severity"]) for f in answer.json()["findings"])
    saved = sorted((f.rule, f.severity.value) for f in demand_precheck(file_demand(**overrides)).findings)
    assert live == saved and live


def test_a_form_with_another_problem_is_still_judged_and_the_problem_named(world, client_for):
    answer = client_for(world.department_clerk).post(PRECHECK, posted(world, title="", target_schools="3152999999"))
    assert answer.status_code == 200
    problems = answer.json()["problems"]
    assert any(p.startswith("事项名称：") for p in problems)
    assert any("3152999999 不存在" in p for p in problems)


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        ({"start": "", "end": ""}, "政策预审需要先填好：开始日期、结束日期"),
        ({"start": "2021-13-40"}, "开始日期"),
        ({"start": "2021-09-10", "end": "2021-09-06"}, "结束日期"),
        ({"category": "no_such_category"}, "事项类别"),
        ({"estimated_hours": "0"}, "每校预计占用教师工时"),
        ({"requester": "abc"}, "提出单位"),
    ],
)
def test_bad_input_to_the_live_precheck_is_a_400_in_chinese(world, client_for, overrides, words):
    answer = client_for(world.department_clerk).post(PRECHECK, posted(world) | overrides)
    assert answer.status_code == 400
    assert answer.json()["error"].startswith("政策预审需要先填好：") and words in answer.json()["error"]
    assert not Demand.objects.exists()


def test_an_end_before_the_start_is_named_with_its_fix(world, client_for):
    answer = client_for(world.department_clerk).post(PRECHECK, posted(world, start=date(2021, 9, 11)))
    assert any("结束日期早于开始日期" in p for p in answer.json()["problems"])


def test_the_live_precheck_needs_the_csrf_token(world):
    client = client_sign_in_verified(Client(enforce_csrf_checks=True), world.department_clerk)
    assert client.post(PRECHECK, posted(world)).status_code == 403
    client.get("/demands/new/")
    token = client.cookies["csrftoken"].value
    assert client.post(PRECHECK, posted(world) | {"csrfmiddlewaretoken": token}).status_code == 200


def test_the_live_precheck_is_a_post(world, client_for):
    assert client_for(world.department_clerk).get(PRECHECK).status_code == 405


@pytest.mark.parametrize("actor", ["teacher", "outsider"])
def test_people_who_raise_no_demands_are_refused_the_live_precheck(world, client_for, actor):
    answer = client_for(getattr(world, actor)).post(PRECHECK, posted(world))
    assert answer.status_code == 403 and "只有提出单位" in answer.json()["error"]


def test_editing_another_unit_s_demand_live_is_not_found(world, client_for, file_demand):
    demand = file_demand()
    client = client_for(requester_of(world, "520403-WJJ", "pingba_clerk"))
    assert client.post(f"/demands/{demand.pk}/precheck", posted(world)).status_code == 404
    assert client.post("/demands/999999/precheck", posted(world)).status_code == 404


def test_editing_live_judges_the_new_values_and_leaves_the_saved_demand_alone(world, client_for, file_demand):
    demand = file_demand()
    street_duty = "检查期间请各校安排教师到责任路口开展文明劝导执勤。"
    client = client_for(world.department_clerk)
    answer = client.post(f"/demands/{demand.pk}/precheck", posted(world, title="改过的名称", content=street_duty))
    assert answer.status_code == 200
    assert {f["clause"] for f in answer.json()["findings"]} & {"2.4", "A.15"}, "the new words are judged"
    demand.refresh_from_db()
    assert demand.title == "2021 年学校食品安全专项检查" and "执勤" not in demand.content
    assert not {f.clause for f in demand_precheck(demand).findings} & {"2.4", "A.15"}
