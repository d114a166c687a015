"""Issue 9, item 2: the requester's remaining declarations are the reviewer's checklist. A claim that
would clear a rule counts only once the reviewer certifies it (audited); an admission counts at once."""

import pytest

from jianfu.audit.models import AuditEvent
from jianfu.registry.errors import DemandError
from jianfu.registry.facts import facts_for
from jianfu.registry.models import Demand, ReviewDecision
from jianfu.registry.precheck import demand_precheck
from jianfu.registry.services import demand_declaration_review
from jianfu.workflow.demand import State
from tests.registry.scenario import act_through_api, file_through_api, post, rules

AN_APP = {
    "category": "app_demand",
    "title": "国家中小学智慧教育平台教师研修",
    "content": "请教师登录平台完成寒假研修课程。",
    "declared": {"app_actions": ["install"], "related_to_teaching": True},
}


def submitted_app(world, client_for) -> dict:
    client = client_for(world.department_clerk)
    draft = file_through_api(client, **AN_APP)
    awaiting = rules(draft["findings"])["forced_app_actions"]
    assert awaiting["severity"] == "block" and "待审核单位核实" in awaiting["message"]
    assert act_through_api(client, draft["id"], "submit", "draft").status_code == 200  # the reviewer checks it
    bureau = client_for(world.county_officer)
    assert act_through_api(bureau, draft["id"], "claim", "submitted").status_code == 200
    return draft


def test_a_requester_s_claim_clears_no_rule_until_the_reviewer_confirms_it(world, client_for):
    draft = submitted_app(world, client_for)
    bureau = client_for(world.county_officer)
    refused = act_through_api(bureau, draft["id"], "advance", "in_review")
    assert refused.status_code == 422 and "第 2.8 条" in refused.json()["detail"]
    confirmed = post(bureau, f"/api/v1/demands/{draft['id']}/declarations/related_to_teaching", {"value": True})
    assert confirmed.status_code == 200 and confirmed.json()["verdict"] == "confirmed"
    assert act_through_api(bureau, draft["id"], "advance", "in_review").json()["state"] == "registered"
    event = AuditEvent.objects.get(action="demand.declaration_confirmed")
    assert event.after["related_to_teaching"] is True


def test_the_reviewer_corrects_a_declaration_with_a_reason_and_the_rule_reads_the_correction(world, client_for):
    draft = submitted_app(world, client_for)
    with pytest.raises(DemandError, match="更正申报情况须写明理由"):
        demand_declaration_review(
            acting_user=world.county_officer, demand_id=draft["id"], key="related_to_teaching", value=False
        )
    demand_declaration_review(
        acting_user=world.county_officer,
        demand_id=draft["id"],
        key="related_to_teaching",
        value=False,
        reason="平台内容为招商宣传，与教学无关",
    )
    assert ReviewDecision.objects.get().verdict == ReviewDecision.Verdict.CORRECTED
    demand = Demand.objects.get(pk=draft["id"])
    assert facts_for(demand)["related_to_teaching"] is False
    assert "forced_app_actions" in {f.rule for f in demand_precheck(demand, registering=True).blocking}
    assert AuditEvent.objects.filter(action="demand.declaration_corrected").exists()


def test_an_admission_counts_at_once_and_a_claim_only_when_certified(world, file_demand):
    demand = file_demand(
        category="document",
        content="请各校落实。",
        declared={"teacher_duties": ["fee_collection"], "frontline_teachers": False},
    )
    facts = facts_for(demand)
    assert facts["teacher_duties"] == ["fee_collection"]  # the requester says it: judged at once
    assert "frontline_teachers" not in facts  # "not frontline teachers" would clear 4.2: not yet
    assert "frontline_non_teaching_duties" in {f.rule for f in demand_precheck(demand).findings}


def test_the_bureau_confirms_the_checklist_on_the_demand_s_page(world, client_for):
    draft = submitted_app(world, client_for)
    bureau = client_for(world.county_officer)
    page = bureau.get(f"/demands/{draft['id']}/").content.decode()
    assert "申报情况核实" in page and "待核实" in page
    bureau.post(f"/demands/{draft['id']}/declarations/related_to_teaching/", {"value": "on"})
    assert ReviewDecision.objects.get().value is True
    assert "核实无误" in bureau.get(f"/demands/{draft['id']}/").content.decode()


def test_the_requester_cannot_certify_its_own_declaration(world, client_for):
    draft = submitted_app(world, client_for)
    response = post(
        client_for(world.department_clerk),
        f"/api/v1/demands/{draft['id']}/declarations/related_to_teaching",
        {"value": True},
    )
    assert response.status_code == 403 and not ReviewDecision.objects.exists()
    assert Demand.objects.get(pk=draft["id"]).state == State.IN_REVIEW
