"""Verification answers in one query, found or not (scope text and dismissed findings included), so
that answers cost the same and do not tell an enumerator which guesses came close (issue 17)."""

from jianfu.registry.facts import FINDING
from jianfu.registry.models import ReviewDecision
from jianfu.registry.selectors import scope_text
from jianfu.registry.verification import dismissed_on_review, verify
from tests.registry.test_lifecycle import register

Verdict = ReviewDecision.Verdict


def decide(world, demand, rule: str, verdict: str, reason: str = "") -> None:
    ReviewDecision.objects.create(
        demand=demand,
        subject=f"{FINDING}{rule}",
        clause=rule.rsplit(".", 1)[-1],
        verdict=verdict,
        reason=reason,
        reviewer=world.county_officer,
    )


def a_registration_with_a_wide_scope_and_findings_decided_twice(world, file_demand):
    demand = register(world, file_demand(target_levels=["primary", "junior"], target_areas=["urban", "township"]))
    demand.target_schools.add(world.xixiu_other_school)
    decide(world, demand, "negative_list.A.15", Verdict.DISMISSED, "交警值守，教师不上路口")
    decide(world, demand, "negative_list.A.3", Verdict.DISMISSED, "已改为线上填报")
    decide(world, demand, "negative_list.A.3", Verdict.UPHELD)  # the latest decision holds: not shown
    decide(world, demand, "negative_list.A.7", Verdict.UPHELD)
    decide(world, demand, "negative_list.A.7", Verdict.DISMISSED, "不涉及教师")
    ReviewDecision.objects.create(
        demand=demand, subject="declared:teacher_street_duty", verdict=Verdict.CONFIRMED, reviewer=world.county_officer
    )
    return demand


def test_a_found_answer_costs_one_query_with_its_scope_and_dismissed_findings(
    world, file_demand, django_assert_num_queries
):
    demand = a_registration_with_a_wide_scope_and_findings_decided_twice(world, file_demand)
    with django_assert_num_queries(1):
        answer = verify(demand.verification_code)
    assert answer["status"] == "valid"
    assert answer["scope"] == scope_text(demand)  # the same words the certificate prints
    assert world.xixiu.name in answer["scope"] and world.xixiu_other_school.name in answer["scope"]
    assert answer["dismissed"] == dismissed_on_review(demand)
    assert [d["reason"] for d in answer["dismissed"]] == ["交警值守，教师不上路口", "不涉及教师"]


def test_an_unknown_key_costs_the_same_one_query_as_a_found_one(world, file_demand, django_assert_num_queries):
    a_registration_with_a_wide_scope_and_findings_decided_twice(world, file_demand)
    for key in ("ZZZZZZZZZZZZ", "安教减备〔2021〕9999号", "x" * 300):
        with django_assert_num_queries(1):
            assert verify(key)["status"] == "unknown"


def test_a_registration_without_a_scope_is_the_whole_division_in_one_query(
    world, file_demand, django_assert_num_queries
):
    demand = register(world, file_demand(target_counties=[], target_levels=[], target_areas=[]))
    with django_assert_num_queries(1):
        answer = verify(demand.registration_number)
    assert answer["scope"] == scope_text(demand) and "全部学校" in answer["scope"] and answer["dismissed"] == []


def demo_mark_queries(client, path: str) -> tuple[int, str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        page = client.get(path).content.decode()
    return sum("org_demomark" in q["sql"] for q in queries.captured_queries), page


def test_the_verification_page_asks_for_the_demo_mark_once_and_again_when_the_demo_is_loaded_or_removed(
    transactional_db, client
):
    from jianfu.org.models import DemoMark

    banner = "演示数据："
    assert demo_mark_queries(client, "/v/ABC")[0] == 1
    asked, page = demo_mark_queries(client, "/v/ABD")
    assert asked == 0 and banner not in page  # remembered: not asked on every page
    mark = DemoMark.objects.create(version="test")
    asked, page = demo_mark_queries(client, "/v/ABE")
    assert asked == 1 and banner in page  # loading the demo forgot the remembered answer
    assert demo_mark_queries(client, "/v/ABF")[0] == 0
    mark.delete()
    assert banner not in demo_mark_queries(client, "/v/ABG")[1]


def test_the_page_of_an_inspection_reads_the_answer_and_one_check_for_approvals_it_cannot_have(
    world, file_demand, client, django_assert_num_queries
):
    demand = register(world, file_demand())
    # The stored answer (which says whether approvals can be shown) and the demo mark (asked inside a
    # test's transaction; a server remembers it, see the demo mark test): 8 before (5 for the answer,
    # 2 for approvals), then 3 (the answer, a check for approvals), now 2.
    with django_assert_num_queries(2):
        page = client.get(f"/v/{demand.verification_code}")
    assert page.status_code == 200 and demand.registration_number in page.content.decode()
