"""Work makes obligations and tells people: a returned demand, an emergency registration, a refusal and
its case, a rejection and a registration; exam hosting filed late without a plan is flagged."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from jianfu.audit.models import AuditEvent
from jianfu.deadlines.models import Notification, Obligation
from jianfu.deadlines.selectors import inbox_count
from jianfu.deadlines.services import obligation_fulfil, obligation_waive
from jianfu.gate.services import case_act, refusal_record
from jianfu.workflow.demand import Action
from tests.deadlines.conftest import act, at, emergency_registered, returned_demand, temporary_inspection
from tests.registry.conftest import filed

NOTICE = "请各校组织教师于周末上街开展文明城市创建执勤，并上报照片。"


def test_a_returned_demand_makes_its_requester_owe_a_revision_ten_working_days_after_national_day(world, travel):
    travel(at(2025, 9, 30))
    demand = returned_demand(world, reason="请说明检查标准")
    obligation = Obligation.objects.get(kind="revision", subject_id=demand.pk)
    # 30 Sep + 10 working days: 9, 10, 11 (the make-up Saturday), 13-17, 20, 21 October.
    assert obligation.due_on == date(2025, 10, 21) and not obligation.due_estimated
    assert (obligation.owner_unit, obligation.owed_to, obligation.clause) == (
        world.unit("520402-WJJ"),
        world.unit("520402-JYJ"),
        "7.1",
    )
    told = Notification.objects.get(recipient=world.department_clerk, kind="demand_returned")
    assert "请说明检查标准" in told.body and told.link == f"/demands/{demand.pk}/"
    assert inbox_count(world.department_clerk) == 2
    assert AuditEvent.objects.filter(action="obligation.open", object_id=str(obligation.pk)).exists()


def test_resubmitting_a_returned_demand_meets_the_revision_and_the_count_drops(world, travel):
    demand = returned_demand(world)
    act(world.department_clerk, demand, Action.SUBMIT)
    obligation = Obligation.objects.get(kind="revision", subject_id=demand.pk)
    assert obligation.state == "met" and obligation.closed_by == world.department_clerk
    assert inbox_count(world.department_clerk) == 1  # the unread notice of the return remains
    act(world.county_officer, demand, Action.RETURN, "仍须删去照片要求")
    assert Obligation.objects.filter(kind="revision", subject_id=demand.pk, state="open").count() == 1


def test_an_emergency_registration_makes_the_bureau_owe_a_justification_in_seven_calendar_days(world, travel):
    travel(at(2025, 9, 30))
    demand = emergency_registered(world)
    obligation = Obligation.objects.get(kind="justification", subject_id=demand.pk)
    assert obligation.due_on == date(2025, 10, 7) and obligation.unit == "days" and obligation.clause == "2.3"
    assert obligation.owner_unit == world.unit("520402-JYJ") and obligation.owed_to == world.unit("520400-JYJ")
    assert Notification.objects.filter(recipient=world.approver, kind="emergency_registered").exists()
    assert Notification.objects.filter(recipient=world.joint_reviewer, kind="emergency_registered").exists()
    with pytest.raises(PermissionDenied):
        obligation_fulfil(acting_user=world.other_county_officer, obligation_id=obligation.pk, note="说明")
    with pytest.raises(ValueError, match="情况说明"):
        obligation_fulfil(acting_user=world.county_officer, obligation_id=obligation.pk, note=" ")
    obligation_fulfil(acting_user=world.county_officer, obligation_id=obligation.pk, note="市防指紧急通知，已补报")
    obligation.refresh_from_db()
    assert obligation.state == "met" and obligation.note == "市防指紧急通知，已补报"


def test_a_refusal_makes_the_bureau_owe_handling_and_tells_the_requester_with_the_letter(world, travel, client_for):
    refusal = refusal_record(
        acting_user=world.principal,
        school=world.xixiu_school,
        channel="document",
        received_on=date(2025, 9, 29),
        content=NOTICE,
        requester_unit=world.unit("520402-WJJ"),
    )
    obligation = Obligation.objects.get(kind="case_handling", subject_id=refusal.case.pk)
    assert obligation.owner_unit == world.unit("520402-JYJ") and obligation.clause == "6.3"
    assert obligation.due_on == date(2025, 10, 21)
    told = Notification.objects.get(recipient=world.department_clerk, kind="demand_refused")
    response = client_for(world.department_clerk).get(f"/inbox/n/{told.pk}/letter.pdf")
    assert response.status_code == 200 and b"".join(
        response.streaming_content if response.streaming else [response.content]
    ).startswith(b"%PDF")


def test_someone_else_cannot_download_the_letter_from_a_notification_not_theirs(world, travel, client_for):
    refusal_record(
        acting_user=world.principal,
        school=world.xixiu_school,
        channel="document",
        received_on=date(2025, 9, 29),
        content=NOTICE,
        requester_unit=world.unit("520402-WJJ"),
    )
    told = Notification.objects.get(recipient=world.department_clerk, kind="demand_refused")
    assert client_for(world.teacher).get(f"/inbox/n/{told.pk}/letter.pdf").status_code == 404


def test_handling_the_case_meets_the_obligation_and_tells_the_school(world, travel):
    refusal = refusal_record(
        acting_user=world.principal,
        school=world.xixiu_school,
        channel="document",
        received_on=date(2025, 9, 29),
        content=NOTICE,
        requester_unit=world.unit("520402-WJJ"),
    )
    case_act(acting_user=world.county_officer, case=refusal.case, close=True, action_taken="已约谈提出单位，撤回通知")
    assert Obligation.objects.get(kind="case_handling", subject_id=refusal.case.pk).state == "met"
    for person in (world.principal, world.teacher):
        told = Notification.objects.get(recipient=person, kind="case_handled")
        assert told.body == "已约谈提出单位，撤回通知"


def test_the_requester_is_told_of_a_rejection_with_the_reason_and_of_a_registration_with_its_number(world, travel):
    travel(at(2021, 2, 22))
    rejected = filed(world)
    act(world.department_clerk, rejected, Action.SUBMIT)
    act(world.county_officer, rejected, Action.REJECT, "与年度计划重复")
    assert Notification.objects.get(kind="demand_rejected", recipient=world.department_clerk).body == "与年度计划重复"
    registered = filed(world, title="2021 年学校消防安全检查")
    act(world.department_clerk, registered, Action.SUBMIT)
    for user in (world.county_officer, world.joint_reviewer, world.approver):
        act(user, registered, Action.ADVANCE)
    registered.refresh_from_db()
    told = Notification.objects.get(kind="demand_registered", recipient=world.department_clerk)
    assert registered.registration_number in told.title


def test_exam_hosting_filed_after_the_exam_plan_due_date_without_a_plan_is_flagged(world, travel):
    travel(at(2025, 3, 3))
    exam = filed(
        world,
        category="exam_hosting",
        title="2025 年职业技能等级考试考务",
        start=date(2025, 5, 10),
        end=date(2025, 5, 11),
        in_annual_plan=False,
        declared={},
    )
    act(world.department_clerk, exam, Action.SUBMIT)
    flagged = Notification.objects.filter(kind="exam_plan_late")
    assert {n.recipient for n in flagged} == {world.county_officer, world.department_clerk}
    assert "2025-01-31" in flagged.first().title


def test_a_bureau_waives_an_obligation_of_its_area_with_a_reason_and_no_one_else_may(world, travel):
    obligation = Obligation.objects.get(kind="revision", subject_id=returned_demand(world).pk)
    with pytest.raises(PermissionDenied):
        obligation_waive(acting_user=world.other_county_officer, obligation_id=obligation.pk, reason="不需要")
    with pytest.raises(ValueError, match="理由"):
        obligation_waive(acting_user=world.county_officer, obligation_id=obligation.pk, reason="")
    obligation_waive(acting_user=world.county_officer, obligation_id=obligation.pk, reason="事项已取消")
    obligation.refresh_from_db()
    assert obligation.state == "waived" and obligation.waive_reason == "事项已取消"
    assert temporary_inspection  # the helper stays importable for the other modules


def test_steps_taken_by_people_reading_in_english_leave_notices_and_obligations_in_chinese(world, travel):
    """What a step sets off is read later by others, in the platform's language: a requester told of a
    return or a registration by an approver who reads the site in English still reads Chinese."""
    travel(at(2021, 2, 22))
    demand = filed(world, title="2021 年学校消防安全检查")
    act(world.department_clerk, demand, Action.SUBMIT)
    with translation.override("en"):
        act(world.county_officer, demand, Action.RETURN, "请补充检查方式")
    owed = Obligation.objects.get(kind="revision", subject_id=demand.pk)
    told = Notification.objects.get(kind="demand_returned", recipient=world.department_clerk)
    assert "修改" in owed.what and "Revise" not in owed.what and told.title.startswith("事项被退回")
