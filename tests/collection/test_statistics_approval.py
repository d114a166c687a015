"""Clause 3.2: a statistical survey's approval number and validity are recorded by the statistics bureau at
its own route step, never typed by the requester; the registration shows them, and so does the education
bureau's consent to a teacher survey."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.http import Http404
from docx import Document

from jianfu.collection.approvals import NOT_THE_STATISTICS_BUREAU, approvals_of, record_statistics_approval
from jianfu.collection.models import StatisticsApproval
from jianfu.gate.screening import notice_screening
from jianfu.registry.errors import DemandError
from jianfu.registry.services import demand_act
from jianfu.workflow.demand import Action
from tests.collection.survey_helpers import survey_filed, survey_submitted
from tests.world import statistics_officer

DAY = datetime(2021, 3, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def on_the_first_of_march():
    with time_machine.travel(DAY, tick=False):
        yield


def approve(world, demand, officer, **overrides):
    values = {"number": "安统制〔2021〕3号", "valid_from": date(2021, 3, 1), "valid_until": date(2021, 12, 31)}
    return record_statistics_approval(demand, officer, **values | overrides)


def test_a_statistical_survey_is_submitted_without_the_requester_typing_an_approval_number(world):
    demand = survey_submitted(world)

    assert demand.state == "submitted"
    assert demand.waiting_for == "statistics_bureau"
    assert not any(f["rule"] == "required_fields_missing" for f in demand.findings)


def test_the_statistics_bureau_records_its_number_and_validity_and_passes_the_survey_to_education(world):
    demand = survey_submitted(world)
    officer = statistics_officer(world)

    approval = approve(world, demand, officer)

    demand.refresh_from_db()
    assert (approval.number, approval.valid_until, approval.recorded_by) == (
        "安统制〔2021〕3号",
        date(2021, 12, 31),
        officer,
    )
    assert demand.step == 1 and demand.waiting_for == "education_bureau"
    registered = demand_act(
        acting_user=world.county_officer, demand_id=demand.pk, action=Action.ADVANCE, expected_state=demand.state
    )
    assert registered.state == "registered"
    assert [a.as_text() for a in approvals_of(registered)] == [
        "统计审批：安统制〔2021〕3号（西秀区统计局，有效期 2021-03-01 至 2021-12-31）"
    ]


def test_a_survey_passed_by_the_statistics_bureau_without_a_number_cannot_be_registered(world):
    demand = survey_submitted(world)
    officer = statistics_officer(world)
    demand = demand_act(acting_user=officer, demand_id=demand.pk, action=Action.ADVANCE, expected_state="submitted")

    with pytest.raises(DemandError, match="统计审批文号"):
        demand_act(
            acting_user=world.county_officer, demand_id=demand.pk, action=Action.ADVANCE, expected_state=demand.state
        )


def test_the_requester_cannot_record_an_approval_number_for_its_own_survey(world):
    demand = survey_submitted(world)

    with pytest.raises(PermissionDenied, match=str(NOT_THE_STATISTICS_BUREAU)):
        approve(world, demand, world.department_clerk)
    assert not StatisticsApproval.objects.exists()


def test_a_number_is_recorded_only_at_the_statistics_step_and_a_draft_is_not_even_seen(world):
    officer = statistics_officer(world)
    with pytest.raises(Http404):
        approve(world, survey_filed(world), officer)
    demand = survey_submitted(world, title="2021 年学校校医配备统计")
    approve(world, demand, officer)

    with pytest.raises(DemandError, match="统计机构审批环节"):
        approve(world, demand, officer, number="安统制〔2021〕4号")
    assert StatisticsApproval.objects.get().number == "安统制〔2021〕3号"


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        ({"number": "  "}, "请填写「统计审批文号」"),
        ({"valid_from": date(2021, 6, 1), "valid_until": date(2021, 5, 1)}, "早于「有效期起」"),
        ({"valid_from": date(2020, 1, 1), "valid_until": date(2021, 2, 1)}, "已过"),
        ({"valid_until": date(2021, 4, 1)}, "超出统计审批有效期"),
    ],
)
def test_a_blank_backwards_expired_or_too_short_approval_is_refused_saying_which(world, overrides, words):
    demand = survey_submitted(world)

    with pytest.raises(DemandError, match=words):
        approve(world, demand, statistics_officer(world), **overrides)
    demand.refresh_from_db()
    assert demand.step == 0 and not StatisticsApproval.objects.exists()


def test_the_education_bureaus_consent_to_a_teacher_survey_is_shown_with_its_date(world):
    demand = survey_submitted(world, category="research_survey", fields="")
    registered = demand_act(
        acting_user=world.county_officer, demand_id=demand.pk, action=Action.ADVANCE, expected_state="submitted"
    )

    assert registered.state == "registered"
    assert [a.as_text() for a in approvals_of(registered)] == ["教育行政部门同意：西秀区教育局（2021-03-01）"]


def registered_survey(world, **approval):
    demand = survey_submitted(world)
    approve(world, demand, statistics_officer(world), **approval)
    demand.refresh_from_db()
    return demand_act(
        acting_user=world.county_officer, demand_id=demand.pk, action=Action.ADVANCE, expected_state=demand.state
    )


def test_the_statistics_bureau_passes_the_survey_from_its_form_on_the_demand_page(world, client_for):
    demand = survey_submitted(world)
    client = client_for(statistics_officer(world))
    page = client.get(f"/demands/{demand.pk}/").content.decode()
    assert "统计机构审批（第 3.2 条）" in page and 'value="advance"' not in page

    posted = {"number": "安统制〔2021〕3号", "valid_from": "2021-03-01", "valid_until": "2021-12-31"}
    response = client.post(f"/demands/{demand.pk}/statistics-approval/", posted, follow=True)

    assert "已登记统计审批文号" in response.content.decode()
    demand.refresh_from_db()
    assert demand.statistics_approval.number == "安统制〔2021〕3号" and demand.waiting_for == "education_bureau"


def test_a_bad_date_on_the_statistics_form_is_refused_saying_how_to_write_it(world, client_for):
    demand = survey_submitted(world)
    client = client_for(statistics_officer(world))
    posted = {"number": "安统制〔2021〕3号", "valid_from": "明天", "valid_until": "2021-12-31"}

    response = client.post(f"/demands/{demand.pk}/statistics-approval/", posted, follow=True)

    assert "请按 年-月-日 填写" in response.content.decode() and not StatisticsApproval.objects.exists()


def test_the_verification_page_and_the_certificate_show_the_statistics_approval(world, client_for, client):
    demand = registered_survey(world)

    page = client.get(f"/v/{demand.verification_code}").content.decode()
    data = client_for(world.department_clerk).get(f"/demands/{demand.pk}/certificate.docx").content
    document = Document(io.BytesIO(data))
    cells = "".join(c.text for t in document.tables for row in t.rows for c in row.cells)

    shown = "统计审批：安统制〔2021〕3号（西秀区统计局，有效期 2021-03-01 至 2021-12-31）"
    assert shown in page and shown in cells


def test_the_gate_lets_a_school_refuse_a_statistical_survey_whose_approval_is_not_in_force(world):
    demand = registered_survey(world, valid_from=date(2021, 3, 20))
    notice = f"请各校填报卫生健康基本情况统计表，备案号：{demand.registration_number}。"

    before = notice_screening(notice, user=world.principal)
    with time_machine.travel(datetime(2021, 3, 22, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        during = notice_screening(notice, user=world.principal)

    assert before.verdict == "refusable" and before.registrations[0]["status"] == "no_statistics_approval"
    (finding,) = [f for f in before.findings if f.rule == "registration_no_statistics_approval"]
    assert finding.clause == "3.2" and "无有效统计审批" in finding.message
    assert during.registrations[0]["status"] == "valid" and during.verdict != "refusable"
