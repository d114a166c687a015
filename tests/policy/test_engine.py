"""The engine's contract: findings cite clauses and name the fix; facts are checked; lookups work."""

from datetime import date

import pytest

from jianfu.policy import engine as policy
from jianfu.policy.facts import FactError
from jianfu.policy.model import Severity

AT = date(2021, 6, 1)


def test_every_finding_cites_a_clause_of_the_pack_and_says_what_to_do():
    findings = policy.evaluate({"category": "secondment", "secondment_months": 12}, at=AT)
    assert {f.rule for f in findings} == {"secondment_without_education", "secondment_not_filed", "secondment_too_long"}
    for finding in findings:
        assert policy.clause(finding.clause).id == finding.clause
        assert "请" in finding.message
    too_long = next(f for f in findings if f.rule == "secondment_too_long")
    assert too_long.message.startswith("借用期限 12 个月，超过 6 个月的上限")
    assert too_long.evidence == ("secondment_months: 12",)


def test_findings_come_most_severe_first():
    findings = policy.evaluate({"category": "secondment", "secondment_months": 12}, at=AT)
    order = [Severity.BLOCK, Severity.NEEDS_APPROVAL, Severity.WARN, Severity.INFO]
    assert [order.index(f.severity) for f in findings] == sorted(order.index(f.severity) for f in findings)


def test_list_evidence_is_named_in_chinese_in_the_message():
    (finding,) = policy.evaluate({"category": "app_demand", "app_actions": ["install", "vote"]}, at=AT)
    assert "下载安装APP、投票" in finding.message
    assert finding.evidence == ("app_actions: install", "app_actions: vote", "related_to_teaching: false")


def test_a_misspelt_fact_is_an_error_not_a_silent_pass():
    with pytest.raises(FactError, match="unknown facts: teacher_street_dutty"):
        policy.evaluate({"category": "city_campaign", "teacher_street_dutty": True}, at=AT)


def test_a_fact_of_the_wrong_type_is_an_error():
    with pytest.raises(FactError, match="secondment_months must be a number"):
        policy.evaluate({"category": "secondment", "secondment_months": "six"}, at=AT)


def test_the_category_is_required():
    with pytest.raises(FactError, match="category"):
        policy.evaluate({}, at=AT)


def test_the_route_of_a_statistical_survey_goes_to_the_statistics_bureau_then_education():
    route = policy.route_for({"category": "statistical_survey"}, AT)
    assert [(s.action, s.by) for s in route.steps] == [
        ("approval", "statistics_bureau"),
        ("filing", "education_bureau"),
    ]
    assert route.steps[0].label == "同级政府统计机构审批"


def test_the_secondment_limit_is_read_at_the_start_date_of_the_demand():
    before_the_document = {
        "category": "secondment",
        "secondment_months": 12,
        "education_approved": True,
        "party_filed": True,
        "start": date(2020, 9, 1),
    }
    assert policy.evaluate(before_the_document, at=AT) == []


def test_deadlines_and_quotas_are_answered_by_the_module_functions():
    assert [d.code for d in policy.deadlines(2021)][-1] == "monitoring_report_due"
    assert policy.quota_for("primary", "inspection", 2021, {2020: 10}) == 5


def test_every_rule_of_the_shipped_pack_tells_the_requester_what_to_do():
    pack = policy.engine_for().pack
    assert [code for code, rule in pack.rules.items() if "请" not in rule.message] == []
