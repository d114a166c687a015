"""The demo has, in every county, approved, expiring, overdue and unapproved off-post teachers and some on leave,
made through the services; `jianfu secondments census --county 520402 --as-of <a day of the demo's year> --json`
lists the matched and the flagged ones."""

import json
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from jianfu.deadlines.models import Obligation, ObligationKind, ReminderSent
from jianfu.gate.models import ViolationCase
from jianfu.org.demo.places import COUNTIES
from jianfu.org.models import Division
from jianfu.secondments.census import CensusStatus, census
from jianfu.secondments.models import Placement, PlacementState, ReturnOrder
from tests.demo_day import DAY, demo_day_fixture

TODAY = DAY


READS_THE_DEMO_DAY = True
demo = demo_day_fixture()


@pytest.mark.parametrize("code", [code for code, *_rest in COUNTIES])
def test_every_county_has_approved_expiring_overdue_unapproved_and_leave_teachers(demo, db, code):
    rows = census(Division.objects.get(code=code), TODAY)
    statuses = {row.status for row in rows}
    assert statuses == {s.value for s in CensusStatus}
    approved = [row for row in rows if row.status == CensusStatus.APPROVED]
    assert any(row.until and 0 <= (row.until - TODAY).days <= 3 for row in approved), "one ends within the reminders"
    assert any(row.since and row.where for row in rows if row.status == CensusStatus.UNAPPROVED)


def test_the_overdue_returns_are_escalated_once_and_open_a_case_against_each_borrower(demo, db):
    overdue = Obligation.objects.filter(kind=ObligationKind.SECONDMENT_RETURN, state="overdue")
    assert overdue.count() == len(COUNTIES)
    assert ReminderSent.objects.filter(obligation__in=overdue, key="escalation").count() == len(COUNTIES)
    assert ViolationCase.objects.filter(division__code__in=[c for c, *_r in COUNTIES]).count() >= len(COUNTIES)


def test_every_bureau_has_ordered_one_unapproved_teacher_back_and_each_school_confirmed_a_return(demo, db):
    assert ReturnOrder.objects.count() == len(COUNTIES)
    assert Obligation.objects.filter(kind=ObligationKind.RETURN_ORDER, state="open").count() == len(COUNTIES)
    returned = Placement.objects.filter(state=PlacementState.RETURNED)
    assert returned.count() == len(COUNTIES)
    principals = get_user_model().objects.filter(username__endswith="-principal")
    assert set(returned.values_list("return_confirmed_by", flat=True)) <= set(principals.values_list("pk", flat=True))


def test_the_census_command_json_on_the_demo_lists_matched_and_flagged_teachers(demo, db):
    out = StringIO()
    call_command("secondments", "census", "--county", "520402", "--as-of", "2026-11-27", "--json", stdout=out)

    rows = json.loads(out.getvalue())

    by_status = {}
    for row in rows:
        by_status.setdefault(row["status"], []).append(row)
    assert set(by_status) == {"approved", "overdue", "unapproved", "leave"}
    assert all(r["approval"] and r["approval"].startswith("安") for r in by_status["approved"] + by_status["overdue"])
    assert all(r["approval"] is None for r in by_status["unapproved"])
    assert all("**********" in r["teacher"] for r in rows)
    assert set(rows[0]) >= {"teacher", "school", "post_status", "since", "until", "approval", "status"}
