"""English on a demand's pages beyond what opening them shows (issue 8, item 24): what the form says
when it is filled in wrong, the live pre-check's answer, the message of an action that is refused; and
the records that stay Chinese whatever language the person reads the site in: the findings kept with a
demand, and the verification answer a refusal keeps (its letter quotes it)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from jianfu.gate.services import refusal_record
from jianfu.registry.models import Demand
from jianfu.registry.services import demand_act
from jianfu.registry.verification import verify
from jianfu.workflow.demand import Action
from tests.registry.conftest import filed
from tests.registry.test_form_endpoints import posted
from tests.web.every_page import CJK, chinese_interface, in_english, json_strings

# In the year's plan collection window, as the registry's tests are.
COLLECTING = datetime(2021, 2, 22, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
STREET_DUTY = "创文期间请各校安排教师到责任路口开展文明劝导执勤。"


@pytest.fixture(autouse=True)
def while_the_plan_is_collected():
    with time_machine.travel(COLLECTING, tick=True):
        yield


def act(user, demand, action, reason=""):
    demand.refresh_from_db()
    return demand_act(acting_user=user, demand_id=demand.pk, action=action, expected_state=demand.state, reason=reason)


def test_an_english_requester_is_told_what_is_wrong_with_the_form_in_english(world, client_for):
    client = in_english(client_for(world.department_clerk))
    form = posted(world, title="x" * 201, start=date(2021, 9, 10), end=date(2021, 9, 6), target_schools="3152999999")
    page = client.post("/demands/new/", form).content.decode()
    assert not Demand.objects.exists()
    assert "The end date is before the start date" in page
    assert "No school has the code 3152999999" in page
    assert "may have at most 200 characters and has 201" in page
    assert chinese_interface(page, form["content"], form["legal_basis"]) == []


def test_the_declaration_questions_are_asked_in_english(world, client_for):
    page = in_english(client_for(world.department_clerk)).get("/demands/new/").content.decode()
    assert "Evaluation methods" in page and "On-site visit" in page and "Teachers are sent on street duty" in page
    assert chinese_interface(page) == []


def test_the_live_precheck_answers_an_english_requester_in_english(world, client_for):
    client = in_english(client_for(world.department_clerk))
    waiting = client.post("/demands/precheck", posted(world) | {"start": "", "end": ""})
    assert waiting.status_code == 400
    assert waiting.json()["error"].startswith("The policy pre-check needs these first: Start date, End date")
    judged = client.post(
        "/demands/precheck", posted(world, category="city_campaign", content=STREET_DUTY, target_schools="3152999999")
    )
    assert judged.status_code == 200, judged.content.decode()
    labels = {f["severity_label"] for f in judged.json()["findings"]}
    assert "Not allowed" in labels and not any(CJK.search(label) for label in labels)
    problems = judged.json()["problems"]
    assert problems and not any(CJK.search(p) for p in json_strings(problems) if "3152999999" not in p)
    assert any(p.startswith("Named schools (school codes, separated by commas): No school has") for p in problems)


def test_a_refused_action_is_explained_in_english_on_the_demand_page(world, client_for):
    demand = filed(world)
    act(world.department_clerk, demand, Action.SUBMIT)
    bureau = in_english(client_for(world.county_officer))
    act(world.county_officer, demand, Action.CLAIM)
    page = bureau.post(
        f"/demands/{demand.pk}/act/", {"action": "return", "expected_state": "in_review", "reason": ""}, follow=True
    ).content.decode()
    assert "Give a reason: returning, rejecting, revoking a registration" in page
    stale = bureau.post(
        f"/demands/{demand.pk}/act/", {"action": "advance", "expected_state": "submitted"}, follow=True
    ).content.decode()
    assert "county_officer handled this demand at 2021-02-22" in stale and "it is now “In review”" in stale
    assert chinese_interface(page) == [] and chinese_interface(stale) == []


def test_findings_kept_with_a_demand_stay_chinese_when_an_english_requester_saves_it(world, client_for):
    """The page words a missing field in the reader's language; the demand keeps its findings as the
    records they are (the API and the audit read them), in Chinese like the pack it quotes."""
    client = in_english(client_for(world.department_clerk))
    saved = client.post("/demands/new/", posted(world, category="form", fields=""))
    demand = Demand.objects.get()
    assert saved.status_code == 302
    kept = [f["message"] for f in demand.findings if f["rule"] == "required_fields_missing"]
    assert kept == ["「报表」须填写：报表字段；请补充后再提交"]
    page = client.get(f"/demands/{demand.pk}/").content.decode()
    assert "“报表” needs: Form fields; fill them in and submit again." in page
    assert "Draft" in page and chinese_interface(page) == []


def test_the_verification_answer_is_a_chinese_record_and_the_public_page_speaks_english(world, client):
    demand = filed(world)
    act(world.department_clerk, demand, Action.SUBMIT)
    for user, action in [
        (world.county_officer, Action.CLAIM),
        (world.county_officer, Action.ADVANCE),
        (world.joint_reviewer, Action.ADVANCE),
        (world.approver, Action.ADVANCE),
    ]:
        act(user, demand, action)
    demand.refresh_from_db()
    with translation.override("en"):
        answer = verify(demand.verification_code)
        refusal = refusal_record(
            acting_user=world.principal,
            school=world.xixiu_school,
            channel="document",
            received_on=date(2021, 2, 20),
            content=STREET_DUTY,
            requester_unit=demand.requester,
            number=demand.registration_number,
        )
    assert answer["message"].startswith("有效：") and "城区" in answer["scope"] and "、" in answer["scope"]
    assert refusal.registration["message"] == answer["message"]
    page = in_english(client).get(f"/v/{demand.verification_code}").content.decode()
    assert "Valid: this demand is registered" in page and "Urban" in page
    assert chinese_interface(page) == []
