"""Issue 9, problems 1 and 3–6: the registry judges what its records hold, not what the requester ticks."""

from datetime import date

import pytest
import time_machine

from jianfu.registry.errors import DemandError
from jianfu.registry.facts import facts_for
from jianfu.registry.models import Demand, DemandTransition
from jianfu.registry.precheck import demand_precheck
from jianfu.registry.services import demand_act
from jianfu.workflow.demand import Action, State
from tests.registry.scenario import act_through_api, file_through_api, post, rules

A_YEAR_S_SECONDMENT = {
    "category": "secondment",
    "title": "借用教师参与创文工作",
    "content": "借用西秀区第一小学教师一名到创文办工作。",
    "start": "2021-03-01",
    "end": "2022-02-28",
}


def test_a_secondment_of_twelve_months_declared_as_five_is_a_draft_blocked_by_5_2_and_cannot_be_submitted(
    world, client_for
):
    client = client_for(world.department_clerk)
    # The old field names are still accepted; a key the registry does not know is ignored; no teacher is named yet.
    declared = {"secondment_months": 5, "education_approved": True, "party_filed": True, "teachers_by_name": ["张三"]}
    draft = file_through_api(client, **A_YEAR_S_SECONDMENT, declared=declared)
    assert draft["state"] == "draft"
    too_long = rules(draft["findings"])["secondment_too_long"]
    assert (too_long["clause"], too_long["severity"]) == ("5.2", "block")
    assert "借用期限 12.0 个月，超过 6 个月" in too_long["message"]
    refused = act_through_api(client, draft["id"], "submit", "draft", reason="确需借用")
    assert refused.status_code == 422 and "借用期限 12.0 个月" in refused.json()["detail"]
    assert Demand.objects.get(pk=draft["id"]).state == State.DRAFT


def test_a_secondment_of_exactly_six_months_is_within_the_limit_and_one_day_more_is_not(world, client_for):
    client = client_for(world.department_clerk)
    six = file_through_api(client, **A_YEAR_S_SECONDMENT | {"end": "2021-08-31"})
    one_day_more = file_through_api(client, **A_YEAR_S_SECONDMENT | {"end": "2021-09-01"})
    assert "secondment_too_long" not in rules(six["findings"])
    assert rules(one_day_more["findings"])["secondment_too_long"]["message"].startswith("借用期限 6.1 个月")


def test_the_bureau_s_approval_in_the_platform_is_the_consent_a_secondment_needs(world, client_for):
    """Problem 3: a truthful "not yet approved" does not block once the bureau approved in the platform."""
    client = client_for(world.department_clerk)
    honest = {"education_approved": False, "party_filed": False}
    draft = file_through_api(client, **A_YEAR_S_SECONDMENT | {"end": "2021-06-30"}, declared=honest)
    submitted = act_through_api(client, draft["id"], "submit", "draft")
    assert submitted.status_code == 200, submitted.content.decode()
    demand = Demand.objects.get(pk=draft["id"])
    assert facts_for(demand)["education_approved"] is False  # nothing taken yet: the records say so
    for user, action, state in (
        (world.county_officer, "claim", "submitted"),
        (world.county_officer, "advance", "approval"),
    ):
        response = act_through_api(client_for(user), demand.pk, action, state)
        assert response.status_code == 200, response.content
    demand.refresh_from_db()
    assert facts_for(demand)["education_approved"] is True and facts_for(demand)["party_filed"] is False
    registered = act_through_api(client_for(world.approver), demand.pk, "advance", "approval")
    assert registered.status_code == 200, registered.content
    assert registered.json()["state"] == "registered"


def test_a_secondment_cannot_be_registered_if_the_bureau_s_step_was_never_taken(world, file_demand):
    """The consent is the step actually taken: a route that skipped it does not count a tick."""
    demand = file_demand(
        category="secondment", declared={"education_approved": True}, start=date(2021, 3, 1), end=date(2021, 6, 30)
    )
    demand_act(acting_user=world.department_clerk, demand_id=demand.pk, action=Action.SUBMIT, expected_state="draft")
    demand.refresh_from_db()
    assert [f.rule for f in demand_precheck(demand, registering=False).blocking] == ["secondment_without_education"]
    DemandTransition.objects.create(
        demand=demand,
        action=Action.ADVANCE,
        from_state="approval",
        to_state="approval",
        step=0,
        actor=world.county_officer,
    )
    assert demand_precheck(demand).blocking == []


def test_a_form_asking_for_fields_another_active_form_collects_is_told_so_under_3_1(world, client_for):
    """Problem 4: repeated collection is found from the fields, not left to a tick."""
    client = client_for(world.department_clerk)
    # New fields (the data dictionary holds neither): held ones are judged on their own (test_fields_dictionary.py).
    first = file_through_api(client, category="form", title="研学旅行情况表", fields=["研学旅行线路数", "午休安排方式"])
    assert act_through_api(client, first["id"], "submit", "draft").status_code == 200
    second = file_through_api(client, category="form", title="学生午休情况表", fields=["午休安排方式 ", "午休时长"])
    repeated = rules(second["findings"])["repeated_data_collection"]
    assert repeated["clause"] == "3.1" and "午休安排方式" in repeated["message"]
    alone = file_through_api(client, category="form", title="课后服务统计表", fields=["课后服务时长"])
    assert "repeated_data_collection" not in rules(alone["findings"])


def test_a_form_without_its_fields_is_not_submitted_the_category_requires_them(world, client_for):
    """Problem 5: the pack's required_fields are enforced."""
    client = client_for(world.department_clerk)
    draft = file_through_api(client, category="form", title="学生资助信息表")
    missing = rules(draft["findings"])["required_fields_missing"]
    assert missing["severity"] == "block" and "报表字段" in missing["message"]
    refused = act_through_api(client, draft["id"], "submit", "draft")
    assert refused.status_code == 422 and "须填写：报表字段" in refused.json()["detail"]


def test_a_draft_with_a_block_is_not_sent_to_review_from_the_page_and_the_page_says_why(world, file_demand, client_for):
    """Problem 6: no longer "submitted without a word"."""
    demand = file_demand(declared={"kind": "check", "evaluation_methods": ["screenshot"], "commercial": True})
    client = client_for(world.department_clerk)
    page = client.get(f"/demands/{demand.pk}/").content.decode()
    assert "不得开展" in page and "第 1.3 条" in page and "第 2.3 条" in page
    response = client.post(f"/demands/{demand.pk}/act/", {"action": "submit", "expected_state": "draft"}, follow=True)
    assert "不能提交" in response.content.decode()
    demand.refresh_from_db()
    assert demand.state == State.DRAFT and not demand.transitions.exists()


def test_a_campus_activity_is_on_the_annual_list_when_the_list_holds_it_not_when_the_requester_says_so(
    world, file_demand
):
    listed = file_demand(category="campus_activity", title="交通安全进校园", in_annual_plan=True, declared={})
    Demand.objects.filter(pk=listed.pk).update(state=State.REGISTERED)
    with time_machine.travel(date(2021, 5, 6)):
        same = file_demand(category="campus_activity", title="交通安全进校园", in_annual_plan=False, declared={})
        other = file_demand(
            category="campus_activity",
            title="消防宣传进校园",
            in_annual_plan=False,
            declared={"on_activity_list": True},
        )
        assert "campus_activity_not_on_list" not in {f.rule for f in demand_precheck(same).findings}
        assert "campus_activity_not_on_list" in {f.rule for f in demand_precheck(other).findings}


def test_unknown_declared_keys_are_ignored_by_the_api_not_refused(world, client_for):
    client = client_for(world.department_clerk)
    body = {"category": "meeting", "title": "安全会议", "declared": {"no_such_question": True, "seat_filling": True}}
    response = post(
        client,
        "/api/v1/demands",
        {"requester": "520402-WJJ", **body}
        | {"content": "召开安全会议。", "start": "2021-09-06", "end": "2021-09-06", "estimated_hours": 1},
    )
    assert response.status_code == 201, response.content
    assert Demand.objects.get(pk=response.json()["id"]).declared_facts == {"seat_filling": True}
    assert "training_seat_filling" in rules(response.json()["findings"])


def test_an_inspection_without_its_kind_is_not_submitted_and_the_form_asks_for_it(world, file_demand, client_for):
    """Problem 5, to the last field: the form asks the inspection's kind (one of four), and a draft
    without it is held back like any other missing field."""
    client = client_for(world.department_clerk)
    form = client.get("/demands/new/").content.decode()
    assert form.count('type="radio" name="declared.kind"') == 4
    demand = file_demand(declared={"evaluation_methods": ["on_site"]})
    missing = rules(demand.findings)["required_fields_missing"]
    assert missing["severity"] == "block" and "督查检查评比考核的类型" in missing["message"]
    with pytest.raises(DemandError, match="不能提交"):
        demand_act(
            acting_user=world.department_clerk, demand_id=demand.pk, action=Action.SUBMIT, expected_state="draft"
        )
    assert "required_fields_missing" not in rules(file_demand().findings)
