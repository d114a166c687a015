"""The registry demo lives in the year it is loaded: the 2020 baseline, then every year up to today's,
counts falling as the quota says, and this year's registrations valid today. Loaded at two
different todays, each frozen with time_machine, so that nothing in the demo is pinned to a year."""

import json
from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction

from jianfu.audit.verify import audit_verify
from jianfu.org.demo.places import COUNTIES
from jianfu.org.management.commands.demo import NOT_PRODUCTION_FLAG
from jianfu.registry.demo import registry_demo_load
from jianfu.registry.models import Demand
from jianfu.registry.verification import verify
from jianfu.workflow.demand import State

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAYS = [date(2026, 11, 27), date(2027, 3, 1)]


@pytest.fixture(scope="module", params=TODAYS, ids=str)
def demo_today(request, django_db_setup, django_db_blocker):
    """The whole demo loaded once per today, inside a transaction rolled back after the module's
    tests (each test's own transaction nests in it), with the clock frozen at 10:00 that day."""
    today = request.param
    with time_machine.travel(at_ten(today), tick=False), django_db_blocker.unblock(), transaction.atomic():
        call_command(
            "demo", "--teachers", "800", "--no-registry", NOT_PRODUCTION_FLAG, stdout=StringIO(), stderr=StringIO()
        )
        registry_demo_load()
        yield today
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def during_the_2021_collection_window(demo_today):
    """Replaces the registry tests' February 2021 (tests/registry/conftest.py): these tests live on
    the day the demo was loaded."""
    with time_machine.travel(at_ten(demo_today), tick=False) as traveller:
        yield traveller


def at_ten(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=SHANGHAI)


def quota_rows(year: int) -> list[dict]:
    out = StringIO()
    call_command("quota", "--year", str(year), "--json", stdout=out)
    return json.loads(out.getvalue())


def used_by_county(year: int) -> dict[str, int]:
    return {row["division_code"]: row["used"] for row in quota_rows(year) if row["category"] == "inspection"}


def test_the_demo_has_registered_inspections_in_every_year_up_to_today(db, demo_today):
    for year in range(2021, demo_today.year + 1):
        counts = used_by_county(year)
        assert set(counts) == {code for code, *_ in COUNTIES}
        assert all(n >= 1 for n in counts.values()), (year, counts)
    assert not Demand.objects.filter(year__gt=demo_today.year).exists()


def test_the_first_year_registers_at_most_half_of_the_2020_baseline(db, demo_today):
    for row in quota_rows(2021):
        assert row["baseline"] is not None
        assert row["used"] <= row["baseline"] // 2 == row["limit"]


def test_no_year_registers_more_inspections_than_the_year_before(db, demo_today):
    previous = used_by_county(2021)
    for year in range(2022, demo_today.year + 1):
        counts = used_by_county(year)
        for code, used in counts.items():
            assert used <= previous[code], (year, code, used, previous[code])
        previous = counts


def test_the_reduction_is_visible_over_the_years(db, demo_today):
    first, this_year = used_by_county(2021), used_by_county(demo_today.year)
    assert sum(this_year.values()) < sum(first.values())


def test_this_year_s_registrations_verify_as_valid_today(db, demo_today):
    registered = Demand.objects.filter(year=demo_today.year, state=State.REGISTERED)
    valid = [d for d in registered if verify(d.verification_code)["status"] == "valid"]
    assert len(valid) >= 10
    assert all(d.end > demo_today for d in valid)
    assert sum(d.category == "inspection" for d in valid) >= len(COUNTIES)
    assert any(d.temporary for d in valid) and any(d.emergency for d in valid)
    assert verify(valid[0].registration_number)["valid"]


def test_past_years_registrations_verify_as_expired(db, demo_today):
    last_year = Demand.objects.filter(year=demo_today.year - 1, state=State.REGISTERED).first()
    assert verify(last_year.verification_code)["status"] == "expired"


def test_this_year_has_a_demand_in_every_state_and_one_quota_place_left(db, demo_today):
    states = set(Demand.objects.filter(year=demo_today.year).values_list("state", flat=True))
    assert states >= {"draft", "submitted", "in_review", "approval", "registered", "returned", "rejected", "withdrawn"}
    assert states >= {"merged"}
    for row in quota_rows(demo_today.year):
        assert row["limit"] - row["used"] == 1


def test_the_demo_s_years_leave_a_verifiable_audit_trail(db, demo_today):
    assert audit_verify().ok
