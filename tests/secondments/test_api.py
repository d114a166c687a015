"""Secondments in the REST API (issue 13): the lists scoped as the pages, one secondment 404 for a stranger,
the census of a county as rows, the return reported by the borrowing unit and confirmed by the school —
each refused to the other, in Chinese. (Token clients without CSRF: tests/api/test_token_writes.py.)"""

import json
from datetime import date

import pytest
from django.test import Client

from jianfu.org.models import PostStatus
from jianfu.secondments.models import PlacementState
from jianfu.web.two_factor import client_sign_in_verified
from tests.secondments.flow import approved, at, frozen_time, requested

pytestmark = pytest.mark.django_db


@pytest.fixture
def travel():
    with frozen_time() as move:
        yield move


def signed_in(user) -> Client:
    return client_sign_in_verified(Client(), user)


def post(client: Client, path: str, body: dict):
    return client.post(path, json.dumps(body), content_type="application/json")


def test_the_list_is_scoped_as_the_pages_and_shows_the_teachers_each_person_may_see(world, travel):
    other = world.xixiu_other_school.teachers.first()
    secondment = approved(world, requested(world, teachers=[world.xixiu_teacher, other]))
    clerk = signed_in(world.department_clerk).get("/api/v1/secondments").json()
    assert clerk["count"] == 1
    item = clerk["items"][0]
    assert (item["id"], item["category"], item["state"]) == (secondment.pk, "secondment", "registered")
    assert item["registration_number"] == secondment.demand.registration_number
    assert {p["teacher"] for p in item["placements"]} == {world.xixiu_teacher.pk, other.pk}
    school = signed_in(world.principal).get("/api/v1/secondments").json()
    assert [p["teacher"] for p in school["items"][0]["placements"]] == [world.xixiu_teacher.pk]
    assert signed_in(world.other_county_officer).get("/api/v1/secondments").json()["count"] == 0


def test_a_bad_filter_answers_422_with_the_page_s_sentence(world, travel):
    response = signed_in(world.department_clerk).get("/api/v1/secondments?kind=loan")
    assert response.status_code == 422 and "类别「loan」不存在" in response.json()["detail"]


def test_one_secondment_is_not_found_for_a_stranger_as_when_missing(world, travel):
    secondment = requested(world)
    assert signed_in(world.department_clerk).get(f"/api/v1/secondments/{secondment.pk}").status_code == 200
    stranger = signed_in(world.other_county_officer)
    assert stranger.get(f"/api/v1/secondments/{secondment.pk}").status_code == 404
    assert stranger.get("/api/v1/secondments/999999").status_code == 404


def test_the_borrowing_unit_reports_and_the_school_confirms_each_refused_the_other_s_step(world, travel):
    secondment = approved(world, requested(world))
    placement = secondment.placements.get()
    travel(at(2026, 2, 27))
    clerk, school = signed_in(world.department_clerk), signed_in(world.principal)
    refused = post(school, f"/api/v1/secondments/placements/{placement.pk}/return", {"on": "2026-02-27"})
    assert refused.status_code == 403 and "只有提出借用的单位" in refused.json()["detail"]
    reported = post(clerk, f"/api/v1/secondments/placements/{placement.pk}/return", {"on": "2026-02-27"})
    assert reported.status_code == 200 and reported.json()["state"] == PlacementState.RETURN_REPORTED
    refused = post(clerk, f"/api/v1/secondments/placements/{placement.pk}/confirm", {})
    assert refused.status_code == 403 and "只有教师所在学校" in refused.json()["detail"]
    confirmed = post(school, f"/api/v1/secondments/placements/{placement.pk}/confirm", {})
    assert confirmed.status_code == 200
    assert (confirmed.json()["state"], confirmed.json()["return_confirmed_on"]) == ("returned", "2026-02-27")
    world.xixiu_teacher.refresh_from_db()
    assert world.xixiu_teacher.post_status == PostStatus.ON_POST
    again = post(school, f"/api/v1/secondments/placements/{placement.pk}/confirm", {})
    assert again.status_code == 409 and "不能确认返岗" in again.json()["detail"]


def test_a_return_before_the_start_or_not_a_date_is_refused_in_chinese(world, travel):
    placement = approved(world, requested(world)).placements.get()
    clerk = signed_in(world.department_clerk)
    early = post(clerk, f"/api/v1/secondments/placements/{placement.pk}/return", {"on": "2025-08-01"})
    assert early.status_code == 422 and "早于借用开始日期" in early.json()["detail"]
    assert post(clerk, f"/api/v1/secondments/placements/{placement.pk}/return", {"on": "soon"}).status_code == 422
    outsider = signed_in(world.outsider)
    assert post(outsider, f"/api/v1/secondments/placements/{placement.pk}/return", {}).status_code == 404


def test_the_census_of_a_county_comes_as_rows_for_the_bureau_only(world, travel):
    approved(world, requested(world))
    travel(at(2025, 10, 8))
    rows = signed_in(world.county_officer).get("/api/v1/secondments/census?county=520402&as_of=2025-10-08").json()
    mine = [row for row in rows if row["name"] == world.xixiu_teacher.name]
    assert len(mine) == 1 and mine[0]["teacher"] == world.xixiu_teacher.id_number_masked
    assert (mine[0]["status"], mine[0]["since"], mine[0]["until"]) == ("approved", "2025-09-01", "2026-02-28")
    assert mine[0]["approval"].startswith("安教减备")
    bad = signed_in(world.county_officer).get("/api/v1/secondments/census?as_of=2025-02-30")
    assert bad.status_code == 422 and "日期「2025-02-30」无效" in bad.json()["detail"]
    assert signed_in(world.principal).get("/api/v1/secondments/census?county=520402").status_code == 403


def test_the_census_on_a_date_between_two_secondments_lists_the_teacher_nowhere(world, travel):
    first = approved(world, requested(world, start=date(2025, 9, 1), end=date(2025, 10, 31), title="第一次借用"))
    travel(at(2025, 10, 31, 16))
    clerk, school = signed_in(world.department_clerk), signed_in(world.principal)
    placement = first.placements.get()
    post(clerk, f"/api/v1/secondments/placements/{placement.pk}/return", {"on": "2025-10-31"})
    post(school, f"/api/v1/secondments/placements/{placement.pk}/confirm", {"on": "2025-10-31"})
    approved(world, requested(world, start=date(2025, 12, 1), end=date(2026, 3, 31), title="第二次借用"))
    bureau = signed_in(world.county_officer)

    def status_on(day: str):
        rows = bureau.get(f"/api/v1/secondments/census?county=520402&as_of={day}").json()
        return [row["status"] for row in rows if row["name"] == world.xixiu_teacher.name]

    assert (status_on("2025-10-15"), status_on("2025-11-15"), status_on("2025-12-15")) == (
        ["approved"],
        [],
        ["approved"],
    )
