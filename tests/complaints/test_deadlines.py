"""A complaint's time limits as obligations, reckoned across the National Day holiday of 2025 (1–8 October):
a last day that falls on a holiday moves to the next working day, reminders and the one escalation go
through the deadlines worker, and the accused county bureau is never told of a case about itself."""

from datetime import date

import pytest
import time_machine
from django.core.management import call_command

from jianfu.complaints.selectors import complaint_due
from jianfu.complaints.services import ComplaintInvalid, act, extend
from jianfu.deadlines.models import Notification, Obligation
from jianfu.workflow.complaint import Action, Finding
from tests.complaints.helpers import filed
from tests.deadlines.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def travel():
    """Frozen time, moved by the test."""
    with time_machine.travel(at(2025, 9, 1), tick=False) as traveller:
        yield lambda moment: traveller.move_to(moment, tick=False)


def worker_once():
    call_command("worker", "--once")


def obligation(kind, complaint):
    return Obligation.objects.get(
        kind=kind, subject_type="complaint", subject_id=complaint.pk, state__in=["open", "overdue"]
    )


def test_acceptance_due_on_a_holiday_moves_to_the_first_working_day_after_it(world, travel):
    travel(at(2025, 9, 20))  # 15 days on is Sunday 5 October, in the National Day holiday
    complaint = filed(world).complaint
    accept = obligation("complaint_accept", complaint)
    assert accept.due_on == date(2025, 10, 9) and accept.clause == "6.3"
    assert accept.owner_unit == world.unit("520402-JYJ")
    assert complaint_due(complaint) == date(2025, 10, 9)


def test_the_county_bureau_is_reminded_on_the_moved_day_and_the_city_told_once_it_is_overdue(world, travel):
    travel(at(2025, 9, 20))
    complaint = filed(world).complaint
    travel(at(2025, 10, 8, 12))  # past the unmoved 5 October, still within the limit
    worker_once()
    assert not Notification.objects.filter(kind="escalation").exists()
    assert obligation("complaint_accept", complaint).state == "open"
    travel(at(2025, 10, 9, 9, 30))
    worker_once()
    reminders = Notification.objects.filter(kind="reminder", recipient=world.county_officer).order_by("id")
    # The notice before the (moved) day went out on the 8th, naming the 9th; then the notice of the day.
    assert [n.title[:10] for n in reminders] == ["2025-10-09", "今天到期：决定是否受"]
    travel(at(2025, 10, 10, 10))
    worker_once()
    worker_once()
    escalated = Notification.objects.filter(kind="escalation")
    assert {n.recipient for n in escalated} == {world.city_officer, world.county_officer, world.inspector}
    assert obligation("complaint_accept", complaint).state == "overdue"


def test_accepting_meets_the_acceptance_and_opens_the_conclusion_moved_past_the_holiday(world, travel):
    travel(at(2025, 9, 20))
    complaint = filed(world).complaint
    travel(at(2025, 10, 9))
    act(complaint.pk, world.county_officer, Action.ACCEPT)
    assert Obligation.objects.get(kind="complaint_accept", subject_id=complaint.pk).state == "met"
    conclude = obligation("complaint_conclude", complaint)
    assert conclude.due_on == date(2025, 12, 8)  # 60 days from 9 October is Monday 8 December


def test_the_one_extension_adds_30_days_to_the_due_day_moved_past_a_holiday(world, travel):
    travel(at(2025, 8, 4))  # accepted the day it came: 60 days on is Friday 3 October, a holiday
    complaint = filed(world).complaint
    act(complaint.pk, world.county_officer, Action.ACCEPT)
    assert obligation("complaint_conclude", complaint).due_on == date(2025, 10, 9)
    with pytest.raises(ComplaintInvalid) as no_reason:
        extend(complaint.pk, world.county_officer, "")
    assert no_reason.value.field == "reason"
    extend(complaint.pk, world.county_officer, "涉及多所学校，须逐校核实")
    extended = obligation("complaint_conclude", complaint)
    assert extended.due_on == date(2025, 11, 10)  # 30 days on is Saturday 8 November
    complaint.refresh_from_db()
    assert complaint.extended and complaint_due(complaint) == date(2025, 11, 10)
    assert "2025-11-10" in complaint.messages.get().body  # the filer reads the new day and the reason
    with pytest.raises(ComplaintInvalid) as twice:
        extend(complaint.pk, world.county_officer, "还要再核实")
    assert "一次" in twice.value.message


def test_answering_meets_the_conclusion(world, travel):
    travel(at(2025, 9, 1))
    complaint = filed(world).complaint
    for action, text, finding in (
        (Action.ACCEPT, "", None),
        (Action.ASSIGN, "", None),
        (Action.INVESTIGATE, "", None),
        (Action.RECORD_FINDING, "经查不属实：该活动为自愿参加", Finding.UNSUBSTANTIATED),
        (Action.ANSWER, "经查不属实，活动为自愿参加。", None),
    ):
        act(complaint.pk, world.county_officer, action, text=text, finding=finding)
    met = Obligation.objects.get(kind="complaint_conclude", subject_id=complaint.pk)
    assert met.state == "met"
    complaint.refresh_from_db()
    assert complaint_due(complaint) is None


def test_a_case_about_the_county_bureau_is_owed_by_the_city_and_its_escalation_skips_the_county(world, travel):
    travel(at(2025, 9, 20))
    complaint = filed(world, accused="520402-JYJ").complaint
    accept = obligation("complaint_accept", complaint)
    assert accept.owner_unit == world.unit("520400-JYJ")
    travel(at(2025, 10, 10, 10))
    worker_once()
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert "city_officer" in recipients
    assert not recipients & {"county_officer", "inspector", "approver", "joint_reviewer"}


def test_a_review_is_asked_within_30_days_of_the_reply_and_owed_by_the_city_bureau(world, travel):
    from jianfu.complaints.services import filer_request_review

    travel(at(2025, 9, 1))
    late, in_time = filed(world).complaint, filed(world).complaint
    for complaint in (late, in_time):
        act(complaint.pk, world.county_officer, Action.NOT_ACCEPT, text="不属于涉校事项")
    travel(at(2025, 10, 9))  # 30 days from 1 September is 1 October, a holiday: the window runs to the 9th
    review = filer_request_review(in_time, "这是教育局布置给学校的事项，属于涉校事项。")
    assert review.state == "reviewing"
    owed = obligation("complaint_review", in_time)
    assert owed.owner_unit == world.unit("520400-JYJ") and owed.due_on == date(2025, 11, 10)
    travel(at(2025, 10, 10))
    with pytest.raises(ComplaintInvalid) as error:
        filer_request_review(late, "我不服")
    assert "2025-10-09" in error.value.message
