"""The Anshun demo: real divisions, plausible numbers, one account per role per county, loaded once."""

from io import StringIO

import pytest
from django.core.management import call_command

from jianfu.audit.verify import audit_verify
from jianfu.org.access import schools_for, teachers_for
from jianfu.org.demo.load import DEMO_PASSWORD, SCHOOLS_PER_COUNTY
from jianfu.org.models import DemoMark, Division, School, Teacher


@pytest.fixture
def demo(db):
    out = StringIO()
    call_command("demo", "--teachers", "3000", "--no-registry", stdout=out, stderr=StringIO())
    return out.getvalue()


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
    call_command("demo", "--no-registry", stdout=StringIO(), stderr=err)
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


def test_the_registry_demo_has_a_living_year_in_every_state(demo):
    from jianfu.registry.demo import registry_demo_load
    from jianfu.registry.models import Demand

    registry_demo_load()
    states = set(Demand.objects.values_list("state", flat=True))
    assert states == {
        "draft",
        "submitted",
        "in_review",
        "approval",
        "registered",
        "returned",
        "rejected",
        "withdrawn",
        "merged",
    }
    assert Demand.objects.filter(temporary=True, state="registered").exists()
    assert Demand.objects.filter(emergency=True, state="registered").exists()
    assert audit_verify().ok
