"""The durable worker: reminders scheduled when an obligation opens survive a restart of the worker and
go out exactly once; an overdue obligation escalates exactly once; an emergency left unjustified becomes
one violation case for the city bureau. The worker runs for real (`jianfu worker --once`, database tasks)."""

from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from jianfu.deadlines.models import Notification, Obligation, ReminderSent
from jianfu.gate.models import ViolationCase
from tests.deadlines.conftest import at, emergency_registered, returned_demand

pytestmark = pytest.mark.django_db


def worker_once():
    """One worker process's life: a fresh worker id, nothing kept in memory from the last one."""
    call_command("worker", "--once")


@pytest.fixture
def with_addresses(world):
    for user in (world.department_clerk, world.county_officer, world.city_officer, world.inspector):
        user.email = f"{user.username}@example.gov.cn"
        user.save(update_fields=["email"])
    return world


def test_a_reminder_scheduled_before_a_restart_is_sent_exactly_once(with_addresses, travel):
    world = with_addresses
    travel(at(2025, 9, 30))
    demand = returned_demand(world)  # revision due 21 October; reminders 3 and 1 working days before
    obligation = Obligation.objects.get(kind="revision", subject_id=demand.pk)
    assert DBTaskResult.objects.filter(task_path__endswith="remind").count() == 4  # before-3, before-1, due, escalation
    worker_once()  # the worker runs, and stops, long before anything is due
    assert not ReminderSent.objects.exists()
    mail.outbox.clear()

    travel(at(2025, 10, 16, 9))  # 3 working days before 21 October: a new worker starts
    worker_once()
    worker_once()  # and restarts at once: nothing twice
    assert list(ReminderSent.objects.values_list("key", flat=True)) == ["before-3"]
    reminders = Notification.objects.filter(kind="reminder", recipient=world.department_clerk)
    assert reminders.count() == 1 and "2025-10-21" in reminders.get().title
    assert [m.to for m in mail.outbox] == [["department_clerk@example.gov.cn"]]
    obligation.refresh_from_db()
    assert obligation.state == "open"


def test_a_remind_task_left_running_by_a_killed_worker_is_covered_by_the_next_ones_sweep(with_addresses, travel):
    world = with_addresses
    demand = returned_demand(world)
    travel(at(2025, 10, 21, 9, 30))  # the due day
    task = DBTaskResult.objects.filter(task_path__endswith="remind").ready().first()
    task.claim("killed-worker")  # a worker took it and died before it finished
    worker_once()
    worker_once()
    assert list(ReminderSent.objects.filter(obligation__subject_id=demand.pk).values_list("key", flat=True)) == ["due"]
    assert Notification.objects.filter(kind="reminder", recipient=world.department_clerk).count() == 1


def test_an_overdue_obligation_escalates_exactly_once_to_the_level_above(with_addresses, travel):
    world = with_addresses
    demand = returned_demand(world)
    travel(at(2025, 10, 22, 10))  # the day after the due date
    worker_once()
    travel(at(2025, 10, 23, 10))
    worker_once()
    worker_once()
    obligation = Obligation.objects.get(kind="revision", subject_id=demand.pk)
    assert obligation.state == "overdue"
    escalations = Notification.objects.filter(kind="escalation")
    assert {n.recipient for n in escalations} == {world.city_officer, world.department_clerk, world.inspector}
    assert ReminderSent.objects.filter(obligation=obligation, key="escalation").count() == 1
    # The due-day notice had not gone out (no worker ran that day): it is sent late, once, not the earlier ones.
    assert list(obligation.reminders.order_by("key").values_list("key", flat=True)) == ["due", "escalation"]


def test_an_emergency_left_unjustified_becomes_one_violation_case_for_the_city_bureau(with_addresses, travel):
    world = with_addresses
    travel(at(2025, 9, 30))
    demand = emergency_registered(world)
    travel(at(2025, 10, 8, 10))  # due 7 October (seven calendar days)
    worker_once()
    worker_once()
    case = ViolationCase.objects.get(demand=demand)
    assert case.division == world.city and case.refusal is None
    told = Notification.objects.get(kind="violation", recipient=world.city_officer)
    assert "逾期未补办情况说明" in told.title and told.link == f"/demands/{demand.pk}/"


def test_a_justified_emergency_opens_no_case(with_addresses, travel):
    from jianfu.deadlines.services import obligation_fulfil

    world = with_addresses
    demand = emergency_registered(world)
    obligation = Obligation.objects.get(kind="justification", subject_id=demand.pk)
    obligation_fulfil(acting_user=world.county_officer, obligation_id=obligation.pk, note="已补办说明")
    travel(at(2025, 10, 20, 10))
    worker_once()
    assert not ViolationCase.objects.filter(demand=demand).exists()
    assert not ReminderSent.objects.filter(obligation=obligation).exists()


def test_a_due_date_reckoned_monday_to_friday_is_reckoned_again_when_the_calendar_gains_the_year(
    world, travel, tmp_path, settings
):
    travel(at(2027, 9, 30))
    demand = returned_demand(world)
    obligation = Obligation.objects.get(kind="revision", subject_id=demand.pk)
    assert obligation.due_estimated and obligation.due_on == date(2027, 10, 14)
    extra = tmp_path / "2027.yaml"
    extra.write_text(
        "years: [2027]\nholidays:\n" + "".join(f"  2027-10-0{d}: 国庆节\n" for d in range(1, 8)) + "workdays: {}\n",
        encoding="utf-8",
    )
    settings.JIANFU_CALENDAR_FILES = [str(extra)]
    worker_once()
    obligation.refresh_from_db()
    assert not obligation.due_estimated and obligation.due_on == date(2027, 10, 21)
