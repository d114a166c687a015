"""A department files a demand, the bureau reviews it, the joint reviewers and the party committee
approve it, and it is registered with a number and a code; with every wrong move refused."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from jianfu.audit.models import AuditEvent
from jianfu.registry.models import QuotaBaseline
from jianfu.registry.services import DemandError, StaleDecision, demand_act
from jianfu.workflow.demand import Action, State


def act(user, demand, action, reason=""):
    demand.refresh_from_db()
    return demand_act(acting_user=user, demand_id=demand.pk, action=action, expected_state=demand.state, reason=reason)


def register(world, demand):
    act(world.department_clerk, demand, Action.SUBMIT)
    act(world.county_officer, demand, Action.CLAIM)
    act(world.county_officer, demand, Action.ADVANCE)
    act(world.joint_reviewer, demand, Action.ADVANCE)
    return act(world.approver, demand, Action.ADVANCE)


def test_an_inspection_walks_the_whole_route_and_is_registered(world, file_demand):
    demand = file_demand()
    assert demand.state == State.DRAFT
    act(world.department_clerk, demand, Action.SUBMIT)
    demand.refresh_from_db()
    assert demand.state == State.SUBMITTED
    assert [s["action"] for s in demand.route] == ["review", "joint_review", "approval"]
    assert demand.findings == []
    registered = register_rest(world, demand)
    assert registered.state == State.REGISTERED
    assert registered.registration_number == "安教减备〔2021〕520402-0001号"
    assert len(registered.verification_code) == 12
    assert [t.to_state for t in registered.transitions.all()] == [
        "submitted",
        "in_review",
        "joint_review",
        "approval",
        "registered",
    ]
    assert AuditEvent.objects.filter(object_type="demand", object_id=str(demand.pk)).count() == 6


def register_rest(world, demand):
    act(world.county_officer, demand, Action.CLAIM)
    act(world.county_officer, demand, Action.ADVANCE)
    act(world.joint_reviewer, demand, Action.ADVANCE)
    return act(world.approver, demand, Action.ADVANCE)


def test_numbers_follow_each_other_within_a_division_and_year(world, file_demand):
    first, second = register(world, file_demand()), register(world, file_demand(title="第二项检查"))
    assert (first.registration_number, second.registration_number) == (
        "安教减备〔2021〕520402-0001号",
        "安教减备〔2021〕520402-0002号",
    )


def test_the_requester_cannot_approve_its_own_demand(world, file_demand):
    demand = file_demand()
    act(world.department_clerk, demand, Action.SUBMIT)
    with pytest.raises(PermissionDenied, match="此事项当前环节不由您办理"):
        act(world.department_clerk, demand, Action.ADVANCE)


def test_the_party_committee_cannot_act_before_the_bureau_has_reviewed(world, file_demand):
    demand = file_demand()
    act(world.department_clerk, demand, Action.SUBMIT)
    with pytest.raises(PermissionDenied, match="当前环节不由您办理"):
        act(world.approver, demand, Action.ADVANCE)


def test_a_bureau_of_another_county_does_not_even_see_the_demand(world, file_demand):
    demand = file_demand()
    act(world.department_clerk, demand, Action.SUBMIT)
    with pytest.raises(Http404):
        act(world.other_county_officer, demand, Action.CLAIM)


def test_two_officers_deciding_at_once_one_wins_and_the_other_is_told(world, file_demand):
    demand = file_demand()
    act(world.department_clerk, demand, Action.SUBMIT)
    act(world.county_officer, demand, Action.CLAIM)
    seen = "in_review"
    demand_act(
        acting_user=world.county_officer,
        demand_id=demand.pk,
        action=Action.RETURN,
        expected_state=seen,
        reason="请补充检查标准",
    )
    with pytest.raises(StaleDecision, match=r"已由 county_officer .* 处理，当前状态为「已退回修改」"):
        demand_act(acting_user=world.county_officer, demand_id=demand.pk, action=Action.ADVANCE, expected_state=seen)


def test_returning_needs_a_reason_and_the_requester_can_submit_again(world, file_demand):
    demand = file_demand()
    act(world.department_clerk, demand, Action.SUBMIT)
    with pytest.raises(DemandError, match="请填写理由"):
        act(world.county_officer, demand, Action.RETURN, reason=" ")
    act(world.county_officer, demand, Action.RETURN, reason="请补充检查标准")
    assert act(world.department_clerk, demand, Action.SUBMIT).state == State.SUBMITTED


def test_approving_twice_is_refused(world, file_demand):
    demand = register(world, file_demand())
    with pytest.raises(DemandError, match="当前状态为「已登记」"):
        act(world.approver, demand, Action.ADVANCE)


def test_approval_beyond_the_quota_is_impossible_and_says_why(world, file_demand):
    QuotaBaseline.objects.create(division=world.xixiu, category="inspection", year=2020, count=2)
    register(world, file_demand())  # 2021 limit: half of 2 = 1
    second = file_demand(title="又一项检查")
    with pytest.raises(DemandError, match="限额为 1 项"):
        register(world, second)
    second.refresh_from_db()
    assert second.state == State.APPROVAL and second.registration_number is None


def test_a_demand_with_a_blocking_finding_is_not_even_submitted(world, file_demand):
    demand = file_demand(declared={"kind": "check", "evaluation_methods": ["screenshot"]})
    assert [f["rule"] for f in demand.findings] == ["paper_trail_evaluation"]  # shown on the saved draft
    with pytest.raises(DemandError, match="不能提交：不得以上传工作截图"):
        act(world.department_clerk, demand, Action.SUBMIT)
    demand.refresh_from_db()
    assert demand.state == State.DRAFT


def test_the_requester_withdraws_before_a_decision(world, file_demand):
    demand = file_demand()
    act(world.department_clerk, demand, Action.SUBMIT)
    assert act(world.department_clerk, demand, Action.WITHDRAW).state == State.WITHDRAWN


def test_someone_holding_both_roles_cannot_approve_what_they_reviewed(world, file_demand):
    from jianfu.org.models import Role
    from jianfu.org.services import role_grant

    role_grant(user=world.county_officer, role=Role.APPROVER, unit=world.unit("520402-DW"))
    demand = file_demand()
    act(world.department_clerk, demand, Action.SUBMIT)
    act(world.county_officer, demand, Action.ADVANCE)
    act(world.joint_reviewer, demand, Action.ADVANCE)
    with pytest.raises(PermissionDenied, match="您已审核过此事项，不能再审批它"):
        act(world.county_officer, demand, Action.ADVANCE)
    assert act(world.approver, demand, Action.ADVANCE).state == State.REGISTERED


def test_a_submitted_demand_s_words_are_screened_and_block_until_the_reviewer_decides(world, file_demand):
    demand = file_demand(
        title="关于开展创文志愿服务的通知",
        category="city_campaign",
        content="请各校安排教师到责任路口开展文明劝导执勤，每天两班。",
        declared={"education_approved": True},
    )
    with pytest.raises(DemandError, match="请在「意见或理由」中说明后再提交"):
        act(world.department_clerk, demand, Action.SUBMIT)
    act(world.department_clerk, demand, Action.SUBMIT, reason="志愿者为社区人员，教师不参加")
    demand.refresh_from_db()
    (finding,) = [f for f in demand.findings if f["rule"] == "negative_list.A.15"]
    assert (finding["clause"], finding["severity"]) == ("A.15", "block")
    assert finding["message"].startswith("事项文字属于减负清单第 15 项")
