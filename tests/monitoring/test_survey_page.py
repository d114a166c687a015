"""The survey's public page: a teacher answers with the school's code and no account; nothing of who answered
is kept (not the code, the address, the agent or an account), a code answers once, bad hours are refused
naming the activity with everything typed kept, and one address cannot submit without limit."""

import json
from datetime import date

from django.test import Client

from jianfu.complaints.access_log import is_complaint_path
from jianfu.monitoring.models import SurveyAnswer, SurveyCode
from jianfu.monitoring.survey import CODE_USED, codes_issue, normalised
from jianfu.monitoring.survey_limits import ANSWERS_PER_HOUR
from tests.complaints import test_anonymity as anonymity
from tests.monitoring.survey_helpers import sites_make, wave_make
from tests.world import committed_world

ON = date(2026, 11, 10)


def form(code: str, **hours) -> dict:
    week = {"teaching": "16", "preparation": "8", "marking": "6", "external_registered": "2.5"} | hours
    return {"code": code, "demands": "区里的安全检查表", "comment": "会议太多"} | {
        f"hours_{activity}": value for activity, value in week.items()
    }


def one_code(world) -> str:
    site, _, _ = sites_make(world)
    (code,) = codes_issue(site.pk, world.principal, wave_id=wave_make().pk, count=1, on=ON)
    return code


def test_the_page_shows_the_wave_every_activity_and_what_is_stored(world, client, in_the_autumn_wave):
    wave_make()

    page = client.get("/survey/")

    text = page.content.decode()
    assert page.status_code == 200 and not page.cookies
    assert "2026年秋季学期" in text and "批改作业" in text and "未登记的外部事项" in text
    assert "不保存您的姓名、账号、问卷码、网络地址" in text
    assert 'step="0.5"' in text and 'max="80"' in text and "#c=" not in text.split("<script>")[0]


def test_a_teacher_answers_through_the_page_and_no_row_holds_the_code_the_address_or_the_agent(
    transactional_db, in_the_autumn_wave, sender, agent, logs
):
    world = committed_world()
    code = one_code(world)

    answered = sender.post("/survey/", form(code))

    assert answered.status_code == 302 and answered["Location"] == "/survey/thanks/"
    assert not answered.cookies
    assert "平台不保存您的身份" in sender.get("/survey/thanks/").content.decode()
    stored = SurveyAnswer.objects.get()
    assert stored.hours["external_registered"] == 2.5 and stored.comment == "会议太多"
    assert SurveyCode.objects.get().used
    text = anonymity.database_text()
    assert code not in text and normalised(code) not in text
    assert is_complaint_path("/survey/")
    anonymity.assert_no_trace(agent, logs)


def test_a_signed_in_official_answering_leaves_no_account_on_the_answer(world, client_for, in_the_autumn_wave):
    code = one_code(world)
    client = client_for(world.principal)
    page = client.get("/survey/").content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]

    answered = client.post("/survey/", form(code) | {"csrfmiddlewaretoken": token})

    assert answered.status_code == 302
    fields = {field.name for field in SurveyAnswer._meta.get_fields()}
    assert fields == {"id", "site", "wave", "hours", "demands", "comment", "answered_on"}


def test_a_code_answers_once_and_the_second_time_says_it_is_used(world, client, in_the_autumn_wave):
    code = one_code(world)

    first = client.post("/survey/", form(code))
    again = client.post("/survey/", form(code.lower().replace("-", "")))

    assert first.status_code == 302
    assert again.status_code == 400 and str(CODE_USED) in again.content.decode()
    assert 'data-testid="survey-error-code"' in again.content.decode()
    assert SurveyAnswer.objects.count() == 1


def test_bad_hours_are_refused_naming_the_activity_and_everything_typed_is_kept(world, client, in_the_autumn_wave):
    code = one_code(world)

    refused = client.post("/survey/", form(code, marking="95"))

    text = refused.content.decode()
    assert refused.status_code == 400
    assert 'data-testid="survey-error-marking"' in text and "「批改作业」的时数应在 0 至 80 小时之间" in text
    assert f'value="{code}"' in text and 'value="95"' in text and 'value="2.5"' in text
    assert "区里的安全检查表" in text and "会议太多" in text
    assert not SurveyAnswer.objects.exists() and not SurveyCode.objects.get().used


def test_hours_that_are_not_numbers_are_refused_naming_the_activity(world, client, in_the_autumn_wave):
    code = one_code(world)

    refused = client.post("/survey/", form(code, parents="一小时"))

    assert refused.status_code == 400 and "「家校沟通」的时数应为数字" in refused.content.decode()


def test_an_unknown_code_is_refused_by_the_code_field(world, client, in_the_autumn_wave):
    wave_make()

    refused = client.post("/survey/", form("ABCDE-FGHJK"))

    assert refused.status_code == 400 and "问卷码不正确" in refused.content.decode()


def test_one_address_is_limited_on_the_page_and_the_api_together(world, in_the_autumn_wave):
    wave_make()
    one = Client(REMOTE_ADDR=anonymity.ADDRESS)
    body = json.dumps({"code": "ABCDE-FGHJK", "hours": {"teaching": 10}})
    page_answers = [one.post("/survey/", form("ABCDE-FGHJK")).status_code for _ in range(ANSWERS_PER_HOUR - 1)]
    api_answer = one.post("/api/v1/survey/answer", body, content_type="application/json")

    over_on_the_page = one.post("/survey/", form("ABCDE-FGHJK"))
    over_on_the_api = one.post("/api/v1/survey/answer", body, content_type="application/json")
    other = Client(REMOTE_ADDR="198.51.100.9").post("/survey/", form("ABCDE-FGHJK"))

    assert page_answers == [400] * (ANSWERS_PER_HOUR - 1) and api_answer.status_code == 422
    assert over_on_the_page.status_code == 429 and "一小时内提交的问卷已达上限" in over_on_the_page.content.decode()
    assert 'value="ABCDE-FGHJK"' in over_on_the_page.content.decode()
    assert over_on_the_api.status_code == 429 and "已达上限" in over_on_the_api.json()["detail"]
    assert other.status_code == 400
