"""The Anshun demo: real divisions, plausible numbers, one account per role per county, loaded once."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from jianfu.audit.verify import audit_verify
from jianfu.org.access import schools_for, teachers_for
from jianfu.org.demo.load import DEMO_PASSWORD, SCHOOLS_PER_COUNTY
from jianfu.org.management.commands.demo import NOT_PRODUCTION_FLAG
from jianfu.org.models import DemoMark, Division, School, Teacher


@pytest.fixture
def demo(db):
    out = StringIO()
    call_command("demo", "--teachers", "3000", "--no-registry", NOT_PRODUCTION_FLAG, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_demo_refuses_to_load_with_debug_off_unless_told(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError) as refusal:
        call_command("demo", "--teachers", "300", "--no-registry", stdout=StringIO(), stderr=StringIO())
    assert "--i-know-this-is-not-production" in str(refusal.value) and "DEBUG" in str(refusal.value)
    assert not DemoMark.objects.exists() and not Division.objects.exists()


def test_the_demo_loads_with_debug_on_without_the_flag(db, settings):
    settings.DEBUG = True
    call_command("demo", "--teachers", "300", "--no-registry", stdout=StringIO(), stderr=StringIO())
    assert DemoMark.objects.exists()


def test_the_demo_has_anshun_s_real_divisions(demo):
    codes = set(Division.objects.values_list("code", flat=True))
    assert {"520400", "520402", "520403", "520422", "520423", "520424", "520425", "5204L1", "5204L2"} <= codes
    assert Division.objects.get(code="520423").name == "镇宁布依族苗族自治县"
    assert not Division.objects.get(code="5204L1").is_gb_code


def test_the_demo_has_the_right_orders_of_magnitude(demo):
    assert School.objects.count() == sum(SCHOOLS_PER_COUNTY.values())
    assert 2700 <= Teacher.objects.count() <= 3300


def test_loading_the_demo_twice_changes_nothing(demo):
    before = (School.objects.count(), Teacher.objects.count(), DemoMark.objects.count())
    err = StringIO()
    call_command("demo", "--no-registry", NOT_PRODUCTION_FLAG, stdout=StringIO(), stderr=err)
    assert "已存在" in err.getvalue()
    assert (School.objects.count(), Teacher.objects.count(), DemoMark.objects.count()) == before


def test_the_demo_prints_one_account_per_role_per_county(demo):
    assert DEMO_PASSWORD in demo
    for role in ("bureau", "approver", "reviewer", "requester", "inspector", "principal", "teacher"):
        assert f"xixiu-{role}" in demo and f"huangguoshu-{role}" in demo
    assert "anshun-bureau" in demo


def test_a_county_bureau_account_sees_its_county_s_schools(demo, client):
    from django.contrib.auth import get_user_model

    officer = get_user_model().objects.get(username="pingba-bureau")
    assert schools_for(officer).count() == SCHOOLS_PER_COUNTY["520403"]
    teacher = get_user_model().objects.get(username="pingba-teacher")
    assert teachers_for(teacher).count() == 1
    assert client.post("/login/", {"username": "pingba-bureau", "password": DEMO_PASSWORD}).status_code == 302


def test_the_demo_leaves_a_verifiable_audit_trail(demo):
    assert audit_verify().ok


@pytest.fixture(scope="module")
def full_demo(django_db_setup, django_db_blocker):
    """The organisation and the registry, loaded once for the tests below inside a transaction that
    is rolled back after them (each test's own transaction nests in it). It prints the accounts."""
    out = StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", "--teachers", "800", NOT_PRODUCTION_FLAG, stdout=out, stderr=StringIO())
        yield out.getvalue()
        transaction.set_rollback(True)


def test_the_registry_demo_has_a_living_year_in_every_state(db, full_demo):
    from jianfu.registry.models import Demand

    states = set(Demand.objects.values_list("state", flat=True))
    assert states == {
        "draft",
        "submitted",
        "in_review",
        "approval",
        "registered",
        "done",  # a form the schools have answered and the requester closed
        "returned",
        "rejected",
        "withdrawn",
        "merged",
    }
    assert Demand.objects.filter(temporary=True, state="registered").exists()
    assert Demand.objects.filter(emergency=True, state="registered").exists()
    assert audit_verify().ok


def test_each_demo_account_is_printed_once_with_all_its_roles(db, full_demo):
    """The county bureaus are requesters too (they raise their own emergencies): one line each."""
    lines = [line.split() for line in full_demo.splitlines()[1:]]
    assert [name for name, n in Counter(line[0] for line in lines).items() if n > 1] == []
    assert len(lines) == 5 + 8 * 7
    bureau = next(line for line in lines if line[0] == "xixiu-bureau")
    assert bureau[1] == "教育行政部门、提出单位"
