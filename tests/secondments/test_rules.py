"""Issue 13, item 4 (clause 5.3): a short assignment's days and per-school headcount come from the
teachers placed, not from what the requester types; one for a meeting, a ceremony or a reception is
blocked until the education bureau consents explicitly, with a reason."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from jianfu.registry.errors import DemandError
from jianfu.registry.facts import facts_for
from jianfu.registry.models import ReviewDecision
from jianfu.secondments.models import Purpose
from jianfu.secondments.services import SecondmentInvalid, consent_purpose, set_teachers
from jianfu.workflow.demand import Action
from tests.secondments.flow import act, approved, at, frozen_time, requested

pytestmark = pytest.mark.django_db


@pytest.fixture
def travel():
    with frozen_time() as move:
        yield move


def blocks(secondment) -> set[str]:
    secondment.demand.refresh_from_db()
    return {f["rule"] for f in secondment.demand.findings if f["severity"] == "block"}


def assignment(world, teachers, *, start=date(2025, 9, 1), end=date(2025, 9, 3), **kw):
    return requested(world, kind="short_assignment", start=start, end=end, teachers=teachers, **kw)


def test_headcount_per_school_comes_from_the_teachers_placed(world, travel):
    three = list(world.xixiu_school.teachers.order_by("pk")[:3])
    assert len(three) == 3
    crowded = assignment(world, three, title="抽调教师协助运动会裁判")
    assert facts_for(crowded.demand)["short_assignment_headcount"] == 3
    assert blocks(crowded) == {"short_assignment_too_many"}
    set_teachers(crowded.pk, world.department_clerk, [three[0].pk, three[1].pk])  # 2 per school: the limit
    assert blocks(crowded) == set()


def test_teachers_of_two_schools_are_counted_per_school(world, travel):
    other = world.xixiu_other_school.teachers.order_by("pk")[:1]
    mixed = [*world.xixiu_school.teachers.order_by("pk")[:2], *other]
    spread = assignment(world, mixed)
    assert facts_for(spread.demand)["short_assignment_headcount"] == 2
    assert blocks(spread) == set()


def test_the_requester_s_typed_headcount_does_not_override_the_placements(world, travel):
    three = list(world.xixiu_school.teachers.order_by("pk")[:3])
    crowded = assignment(world, three)
    crowded.demand.declared_facts = {"short_assignment_headcount": 1}
    crowded.demand.save(update_fields=["declared_facts"])
    assert facts_for(crowded.demand)["short_assignment_headcount"] == 3


def test_days_come_from_the_dates_and_a_four_day_assignment_is_blocked(world, travel):
    long = assignment(world, [world.xixiu_teacher], start=date(2025, 9, 1), end=date(2025, 9, 4))
    assert facts_for(long.demand)["short_assignment_days"] == 4
    assert blocks(long) == {"short_assignment_too_long"}


def test_a_ceremony_assignment_is_blocked_until_the_bureau_consents_with_a_reason(world, travel):
    ceremony = assignment(
        world, [world.xixiu_teacher], purpose=Purpose.CEREMONY, title="抽调教师协助建县六十周年文艺展演"
    )
    assert facts_for(ceremony.demand)["purpose"] == "ceremony"
    assert blocks(ceremony) == {"short_assignment_for_ceremony"}
    # Naming the purpose asks for consent: it may be submitted for the bureau to decide, not registered.
    act(world.department_clerk, ceremony.demand, Action.SUBMIT)
    with pytest.raises(DemandError, match=r"庆典.*第 5\.3 条"):
        act(world.county_officer, ceremony.demand, Action.ADVANCE)
    with pytest.raises(PermissionDenied):
        consent_purpose(ceremony.pk, world.department_clerk, reason="我们自己同意")
    with pytest.raises(SecondmentInvalid) as no_reason:
        consent_purpose(ceremony.pk, world.county_officer, reason="  ")
    assert no_reason.value.field == "reason"

    consent_purpose(ceremony.pk, world.county_officer, reason="省级非遗展演，安排在周末，不影响教学")
    decision = ReviewDecision.objects.get(demand=ceremony.demand, subject="declared:purpose_consented")
    assert decision.reviewer == world.county_officer and "不影响教学" in decision.reason
    assert act(world.county_officer, ceremony.demand, Action.ADVANCE).state == "registered"


def test_a_task_assignment_needs_no_consent(world, travel):
    task = approved(world, assignment(world, [world.xixiu_teacher]))
    assert task.demand.state == "registered"
    with pytest.raises(SecondmentInvalid) as refused:
        consent_purpose(task.pk, world.county_officer, reason="无")
    assert refused.value.field == "purpose"


def test_a_meeting_service_assignment_cannot_be_submitted_without_asking_for_consent(world, travel):
    """The consent is asked by naming the purpose; a demand whose claim was removed cannot go forward."""
    travel(at(2025, 8, 20))
    meeting = assignment(world, [world.xixiu_teacher], purpose=Purpose.MEETING_SERVICE)
    meeting.demand.declared_facts = {}
    meeting.demand.save(update_fields=["declared_facts"])
    with pytest.raises(DemandError, match=r"会议会务"):
        act(world.department_clerk, meeting.demand, Action.SUBMIT)
