"""The survey's API: a teacher answers with a code and no account, leaving no address or agent anywhere;
officials read results and the gap of what their jurisdiction covers, and nothing else."""

import json
from datetime import date

from django.test import Client

from jianfu.complaints.access_log import is_complaint_path
from jianfu.monitoring.models import SurveyAnswer
from jianfu.monitoring.survey import CODE_USED, codes_issue
from tests.complaints import test_anonymity as anonymity
from tests.monitoring.survey_helpers import WEEK, sites_make, wave_make
from tests.world import committed_world

ON = date(2026, 11, 10)


def post_answer(client: Client, code: str, **extra):
    body = {"code": code, "hours": WEEK, "comment": "会议太多"} | extra
    return client.post("/api/v1/survey/answer", json.dumps(body), content_type="application/json")


def test_a_teacher_answers_without_an_account_and_leaves_no_address_or_agent(
    transactional_db,
    in_the_autumn_wave,
    sender,
    agent,
    logs,
):
    world = committed_world()
    site, _, _ = sites_make(world)
    (code,) = codes_issue(site.pk, world.principal, wave_id=wave_make().pk, count=1, on=ON)
    answered = post_answer(sender, code)
    assert answered.status_code == 201, answered.content
    again = post_answer(sender, code)
    assert again.status_code == 422 and again.json() == {"detail": str(CODE_USED), "field": "code"}
    assert not (answered.cookies or again.cookies)
    assert SurveyAnswer.objects.get().comment == "会议太多"
    assert is_complaint_path("/api/v1/survey/answer")
    anonymity.assert_no_trace(agent, logs)


def test_an_hour_out_of_range_is_refused_naming_the_activity(world, client, in_the_autumn_wave):
    site, _, _ = sites_make(world)
    (code,) = codes_issue(site.pk, world.principal, wave_id=wave_make().pk, count=1, on=ON)
    refused = post_answer(client, code, hours={"marking": 90})
    assert refused.status_code == 422
    assert refused.json()["field"] == "marking" and "批改作业" in refused.json()["detail"]


def test_officials_read_results_and_gap_of_their_jurisdiction_only(world, client_for, in_the_autumn_wave):
    sites_make(world)
    wave_make()
    city = client_for(world.city_officer)
    whole = city.get("/api/v1/monitoring/results?year=2026").json()
    assert {row["key"] for row in whole["counties"]} == {"520402", "520403"} and whole["city"] is not None
    assert city.get("/api/v1/monitoring/gap?year=2026&county=520403").json()["county"] == "520403"

    county = client_for(world.county_officer)
    own = county.get("/api/v1/monitoring/results?year=2026").json()
    assert own["county"] == "520402" and own["city"] is None
    assert {row["county"] for row in own["sites"]} == {"520402"}
    assert county.get("/api/v1/monitoring/results?year=2026&county=520403").status_code == 404
    assert county.get("/api/v1/monitoring/gap?year=2026&county=520403").status_code == 404
    assert client_for(world.outsider).get("/api/v1/monitoring/results?year=2026").status_code == 404


def test_results_need_a_signed_in_official(world, client):
    assert client.get("/api/v1/monitoring/results?year=2026").status_code == 401
