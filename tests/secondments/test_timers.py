"""Issue 13, item 2: the return owed by the borrowing unit on the end date is an obligation of the
deadlines app (reminders at the pack's offsets, one escalation); an overdue secondment escalates once and
opens one violation case against the borrowing unit; the roster flips to 借用 on the start date. The
worker runs for real (`jianfu worker --once`, database tasks), in frozen time."""

from datetime import date

import pytest
from django.core.management import call_command

from jianfu.deadlines.models import Notification, Obligation, ReminderSent
from jianfu.gate.models import ViolationCase
from jianfu.org.models import PostStatus
from jianfu.secondments.services import confirm_return, report_return
from tests.secondments.flow import approved, at, frozen_time, requested

pytestmark = pytest.mark.django_db


@pytest.fixture
def travel():
    with frozen_time() as move:
        yield move


def worker_once():
    call_command("worker", "--once")


def seconded_until_28_november(world):
    """Registered on 20 August 2025; the teacher away from 1 September to Friday 28 November."""
    return approved(world, requested(world, start=date(2025, 9, 1), end=date(2025, 11, 28)))


def test_registration_opens_the_return_owed_by_the_borrowing_unit_on_the_end_date(world, travel):
    secondment = seconded_until_28_november(world)
    obligation = Obligation.objects.get(kind="secondment_return", subject_id=secondment.pk)
    assert obligation.owner_unit == secondment.demand.requester == world.unit("520402-WJJ")
    assert obligation.owed_to == world.unit("520402-JYJ")
    assert (obligation.due_on, obligation.clause, obligation.state) == (date(2025, 11, 28), "5.2", "open")


def test_the_borrowing_unit_is_reminded_before_the_end_at_the_pack_s_offsets(world, travel):
    seconded_until_28_november(world)
    travel(at(2025, 11, 25, 9, 30))  # 3 working days before Friday 28 November
    worker_once()
    worker_once()
    reminders = Notification.objects.filter(kind="reminder", recipient=world.department_clerk)
    assert reminders.count() == 1 and "2025-11-28" in reminders.get().title
    assert not ViolationCase.objects.exists()


def test_a_secondment_passing_its_end_escalates_once_and_opens_one_violation_case_against_the_borrowing_unit(
    world, travel
):
    secondment = seconded_until_28_november(world)
    travel(at(2025, 11, 29, 10))  # the day after the end: nobody reported the teacher back
    worker_once()
    travel(at(2025, 12, 2, 10))
    worker_once()
    worker_once()
    obligation = Obligation.objects.get(kind="secondment_return", subject_id=secondment.pk)
    assert obligation.state == "overdue"
    assert ReminderSent.objects.filter(obligation=obligation, key="escalation").count() == 1
    escalated = Notification.objects.filter(kind="escalation", obligation=obligation)  # (the year's report is owed too)
    assert {n.recipient for n in escalated} == {world.city_officer, world.department_clerk, world.inspector}
    case = ViolationCase.objects.get(demand=secondment.demand)
    assert case.division == world.xixiu and case.refusal is None  # for the bureau that approved it
    told = Notification.objects.get(kind="secondment_overdue", recipient=world.county_officer)
    assert "西秀区卫生健康局" in told.title and world.xixiu_teacher.name in told.body
    world.xixiu_teacher.refresh_from_db()
    assert world.xixiu_teacher.post_status == PostStatus.SECONDED  # still away, on record


def test_a_teacher_reported_back_on_time_opens_no_case_and_the_school_owes_the_confirmation(world, travel):
    secondment = seconded_until_28_november(world)
    placement = secondment.placements.get()
    travel(at(2025, 11, 28, 15))
    report_return(placement.pk, world.department_clerk, on=date(2025, 11, 28))
    assert Obligation.objects.get(kind="secondment_return", subject_id=secondment.pk).state == "met"
    owed = Obligation.objects.get(kind="return_confirm", subject_id=placement.pk)
    assert owed.owner_school == world.xixiu_school and owed.due_on == date(2025, 12, 5)  # 5 working days
    assert Notification.objects.filter(kind="return_reported", recipient=world.principal).exists()

    travel(at(2025, 12, 3, 10))
    worker_once()
    assert not ViolationCase.objects.exists()
    confirm_return(placement.pk, world.principal, on=date(2025, 12, 3))
    assert Obligation.objects.get(kind="return_confirm", subject_id=placement.pk).state == "met"


def test_the_roster_shows_the_teacher_seconded_from_the_start_date_not_before(world, travel):
    seconded_until_28_november(world)
    worker_once()
    world.xixiu_teacher.refresh_from_db()
    assert world.xixiu_teacher.post_status == PostStatus.ON_POST
    travel(at(2025, 9, 1, 0, 30))
    worker_once()
    world.xixiu_teacher.refresh_from_db()
    assert world.xixiu_teacher.post_status == PostStatus.SECONDED


def test_a_secondment_already_begun_at_registration_changes_the_roster_at_once(world, travel):
    travel(at(2025, 9, 10))
    approved(world, requested(world, start=date(2025, 9, 1), end=date(2025, 11, 28)))
    world.xixiu_teacher.refresh_from_db()
    assert world.xixiu_teacher.post_status == PostStatus.SECONDED
