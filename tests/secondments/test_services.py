"""Issue 13, items 1 and 4: secondments of named teachers requested through the registry (the pack's
limit of 5.2 read from the dates, a variant pack's own limit from its own date), overlaps refused,
renewals counted against the pack, the return reported by the borrowing unit and confirmed by the school."""

from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from jianfu.audit.models import AuditEvent
from jianfu.org.models import PostStatus
from jianfu.registry.errors import DemandError
from jianfu.secondments.models import Placement, PlacementState, PostStatusPeriod
from jianfu.secondments.services import (
    SecondmentInvalid,
    confirm_return,
    renew,
    report_return,
    set_teachers,
)
from jianfu.workflow.demand import Action
from tests.secondments.flow import act, approved, at, frozen_time, requested

pytestmark = pytest.mark.django_db


@pytest.fixture
def travel():
    with frozen_time() as move:
        yield move


TEST_PACKS = Path(__file__).resolve().parent.parent / "policy" / "packs"


def blocks(secondment) -> dict[str, str]:
    secondment.demand.refresh_from_db()
    return {f["rule"]: f["clause"] for f in secondment.demand.findings if f["severity"] == "block"}


def test_a_seven_month_secondment_stays_a_draft_blocked_by_5_2_and_cannot_be_submitted(world, travel):
    travel(at(2025, 8, 20))
    secondment = requested(world, start=date(2025, 9, 1), end=date(2026, 3, 31))
    assert blocks(secondment) == {"secondment_too_long": "5.2"}
    with pytest.raises(DemandError, match=r"借用期限 7\.0? ?个月.*第 5\.2 条"):
        act(world.department_clerk, secondment.demand, Action.SUBMIT)
    secondment.demand.refresh_from_db()
    assert secondment.demand.state == "draft"


def test_a_six_month_secondment_is_submitted_under_anshun_s_limit(world, travel):
    travel(at(2025, 8, 20))
    secondment = requested(world, start=date(2025, 9, 1), end=date(2026, 2, 28))
    assert blocks(secondment) == {}
    assert act(world.department_clerk, secondment.demand, Action.SUBMIT).state == "submitted"


def test_a_six_month_secondment_is_refused_under_a_three_month_variant_from_that_pack_s_date(world, travel, settings):
    """示例市 (tests/policy/packs/example-city-2021) allows 3 months for secondments starting from
    1 April 2021; one that starts before keeps Anshun's 6."""
    settings.JIANFU_POLICY_PACK = "example-city-2021"
    settings.JIANFU_POLICY_PACK_DIRS = [str(TEST_PACKS)]
    travel(at(2021, 2, 22))
    after = requested(world, start=date(2021, 6, 1), end=date(2021, 11, 30))
    assert blocks(after) == {"secondment_too_long": "5.2"}
    assert "超过 3 个月的上限" in next(
        f["message"] for f in after.demand.findings if f["rule"] == "secondment_too_long"
    )
    with pytest.raises(DemandError, match=r"第 5\.2 条"):
        act(world.department_clerk, after.demand, Action.SUBMIT)

    before = requested(world, start=date(2021, 3, 1), end=date(2021, 8, 31), teachers=[world.xixiu_colleague])
    assert blocks(before) == {}


def test_a_teacher_already_placed_over_an_overlapping_period_is_refused_naming_the_other_secondment(world, travel):
    travel(at(2025, 8, 20))
    first = requested(world, start=date(2025, 9, 1), end=date(2025, 12, 31), title="借用教师协助乡村文化振兴")
    with pytest.raises(SecondmentInvalid) as refused:
        requested(world, start=date(2025, 12, 1), end=date(2026, 1, 31), title="借用教师协助全民健身运动会")
    assert refused.value.field == "teachers"
    assert world.xixiu_teacher.name in refused.value.message and "借用教师协助乡村文化振兴" in refused.value.message
    assert Placement.objects.filter(teacher=world.xixiu_teacher).count() == 1

    requested(
        world, start=date(2026, 1, 1), end=date(2026, 1, 31), title="借用教师协助全民健身运动会"
    )  # after it: fine
    act(world.department_clerk, first.demand, Action.WITHDRAW)  # withdrawn: the teacher is free again
    assert first.placements.get().state == PlacementState.CANCELLED
    requested(world, start=date(2025, 10, 1), end=date(2025, 10, 31), title="借用教师协助文化节")


def test_a_draft_may_name_no_teacher_yet_and_gain_them_before_submission(world, travel):
    travel(at(2025, 8, 20))
    secondment = requested(world, teachers=[])
    assert not secondment.placements.exists()
    set_teachers(secondment.pk, world.department_clerk, [world.xixiu_teacher.pk, world.xixiu_colleague.pk])
    assert set(secondment.placements.values_list("teacher_id", flat=True)) == {
        world.xixiu_teacher.pk,
        world.xixiu_colleague.pk,
    }
    assert set(secondment.demand.target_schools.all()) == {world.xixiu_school}
    act(world.department_clerk, secondment.demand, Action.SUBMIT)
    with pytest.raises(SecondmentInvalid, match="只有草稿或退回修改的事项"):
        set_teachers(secondment.pk, world.department_clerk, [world.xixiu_teacher.pk])


def test_a_teacher_outside_the_borrowing_unit_s_reach_is_refused(world, travel):
    travel(at(2025, 8, 20))
    with pytest.raises(SecondmentInvalid) as refused:
        requested(world, teachers=[world.pingba_teacher])  # 平坝区: not the 西秀区 unit's schools
    assert refused.value.field == "teachers" and str(world.pingba_teacher.pk) in refused.value.message


def test_someone_else_s_secondment_is_not_found_and_an_outsider_cannot_request(world, travel):
    travel(at(2025, 8, 20))
    secondment = requested(world)
    with pytest.raises(Http404):
        set_teachers(secondment.pk, world.outsider, [])
    with pytest.raises(PermissionDenied):
        requested_by(world.outsider, world)


def requested_by(user, world):
    from jianfu.secondments.services import request_secondment

    return request_secondment(
        user, kind="secondment", title="借用", task="协助", start=date(2025, 9, 1), end=date(2025, 9, 30)
    )


def test_registration_places_the_teacher_seconded_from_the_start_with_the_borrowing_unit_as_where(world, travel):
    travel(at(2025, 8, 20))
    secondment = approved(world, requested(world, start=date(2025, 8, 25), end=date(2025, 12, 31)))
    placement = secondment.placements.get()
    assert placement.state == PlacementState.ACTIVE
    period = PostStatusPeriod.objects.get(placement=placement)
    assert (period.status, period.since, period.until) == (PostStatus.SECONDED, date(2025, 8, 25), None)
    assert period.where == secondment.demand.requester.name == "西秀区卫生健康局"
    world.xixiu_teacher.refresh_from_db()
    assert world.xixiu_teacher.post_status == PostStatus.ON_POST  # the start has not come


def test_a_renewal_is_counted_and_the_second_renewal_is_refused_citing_5_2(world, travel):
    travel(at(2025, 8, 20))
    original = approved(world, requested(world, start=date(2025, 9, 1), end=date(2026, 2, 28)))
    travel(at(2026, 2, 10))
    first = renew(original.pk, world.department_clerk, end=date(2026, 8, 31))
    assert first.renewal_of == original and first.demand.start == date(2026, 3, 1)
    assert "第 1 次续借" in first.demand.title
    assert list(first.placements.values_list("teacher_id", flat=True)) == [world.xixiu_teacher.pk]
    assert blocks(first) == {}
    first = approved(world, first)
    assert first.demand.state == "registered"
    earlier = PostStatusPeriod.objects.get(placement__secondment=original)
    assert earlier.until == date(2026, 2, 28)  # the original's period ends on its day; the renewal's follows
    assert PostStatusPeriod.objects.get(placement__secondment=first).since == date(2026, 3, 1)

    travel(at(2026, 8, 10))
    with pytest.raises(SecondmentInvalid) as refused:
        renew(first.pk, world.department_clerk, end=date(2026, 12, 31))
    assert refused.value.field == "renewal_of"
    assert "最多续借 1 次" in refused.value.message and "第 5.2 条" in refused.value.message


def test_a_renewal_built_past_the_service_is_still_blocked_by_the_pack(world, travel):
    """The count is a fact from the records (registry/facts.py), so the pre-check holds even if a
    second renewal were requested directly."""
    travel(at(2025, 8, 20))
    original = approved(world, requested(world, start=date(2025, 9, 1), end=date(2025, 10, 31)))
    first = approved(
        world, requested(world, start=date(2025, 11, 1), end=date(2025, 12, 31), renewal_of=original, title="续借一")
    )
    second = requested(world, start=date(2026, 1, 1), end=date(2026, 2, 28), renewal_of=first, title="续借二")
    assert blocks(second) == {"secondment_renewed_too_often": "5.2"}


def test_report_and_confirm_return_restore_on_post_and_close_the_period(world, travel):
    travel(at(2025, 8, 20))
    secondment = approved(world, requested(world, start=date(2025, 9, 1), end=date(2025, 11, 28)))
    travel(at(2025, 9, 1, 8))
    from django.core.management import call_command

    call_command("worker", "--once")  # the start has come: the roster shows 借用
    world.xixiu_teacher.refresh_from_db()
    assert world.xixiu_teacher.post_status == PostStatus.SECONDED
    placement = secondment.placements.get()

    travel(at(2025, 11, 28, 16))
    with pytest.raises(PermissionDenied):
        report_return(placement.pk, world.principal, on=date(2025, 11, 28))  # the school confirms, not reports
    report_return(placement.pk, world.department_clerk, on=date(2025, 11, 28))
    placement.refresh_from_db()
    assert placement.state == PlacementState.RETURN_REPORTED
    with pytest.raises(PermissionDenied):
        confirm_return(placement.pk, world.department_clerk, on=date(2025, 12, 1))

    travel(at(2025, 12, 1, 9))
    confirm_return(placement.pk, world.principal, on=date(2025, 12, 1))
    placement.refresh_from_db()
    assert (placement.state, placement.returned_on, placement.return_confirmed_on) == (
        PlacementState.RETURNED,
        date(2025, 11, 28),
        date(2025, 12, 1),
    )
    assert placement.return_confirmed_by == world.principal
    world.xixiu_teacher.refresh_from_db()
    assert world.xixiu_teacher.post_status == PostStatus.ON_POST
    assert PostStatusPeriod.objects.get(placement=placement).until == date(2025, 11, 28)
    actions = set(AuditEvent.objects.filter(object_type="placement").values_list("action", flat=True))
    assert actions == {"secondment.report_return", "secondment.confirm_return"}
    with pytest.raises(SecondmentInvalid, match="已返岗"):
        confirm_return(placement.pk, world.principal, on=date(2025, 12, 2))


def test_a_principal_of_another_school_cannot_confirm_the_return(world, travel):
    from jianfu.org.models import Role
    from jianfu.org.services import role_grant
    from tests.world import _user

    other = _user("other_principal")
    role_grant(user=other, role=Role.PRINCIPAL, school=world.xixiu_other_school)
    travel(at(2025, 8, 20))
    secondment = approved(world, requested(world, start=date(2025, 8, 25), end=date(2025, 11, 28)))
    with pytest.raises(Http404):
        confirm_return(secondment.placements.get().pk, other, on=date(2025, 9, 1))


def test_a_rejected_request_frees_its_teachers(world, travel):
    secondment = requested(world)
    act(world.department_clerk, secondment.demand, Action.SUBMIT)
    act(world.county_officer, secondment.demand, Action.REJECT, "借用理由不充分")
    assert secondment.placements.get().state == PlacementState.CANCELLED
    requested(world, title="借用教师协助文化节")  # the same teacher, the same dates: free again


def test_a_registration_revoked_before_the_start_cancels_the_placement_and_its_period(world, travel):
    secondment = approved(world, requested(world, start=date(2025, 9, 1), end=date(2025, 11, 28)))
    assert PostStatusPeriod.objects.filter(placement__secondment=secondment).exists()
    act(world.county_officer, secondment.demand, Action.REVOKE, "借用单位已另行安排人员")
    assert secondment.placements.get().state == PlacementState.CANCELLED
    assert not PostStatusPeriod.objects.filter(placement__secondment=secondment).exists()
    from jianfu.deadlines.models import Obligation

    assert Obligation.objects.get(kind="secondment_return", subject_id=secondment.pk).state == "met"
    world.xixiu_teacher.refresh_from_db()
    assert world.xixiu_teacher.post_status == PostStatus.ON_POST


def test_a_registration_revoked_after_the_start_leaves_the_teacher_away_on_record(world, travel):
    travel(at(2025, 9, 10))
    secondment = approved(world, requested(world, start=date(2025, 9, 1), end=date(2025, 11, 28)))
    act(world.county_officer, secondment.demand, Action.REVOKE, "借用未按规定报党委备案")
    assert secondment.placements.get().state == PlacementState.ACTIVE  # until the school confirms the return
    assert PostStatusPeriod.objects.get(placement__secondment=secondment).until is None
    world.xixiu_teacher.refresh_from_db()
    assert world.xixiu_teacher.post_status == PostStatus.SECONDED
