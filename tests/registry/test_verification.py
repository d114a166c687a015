"""Verification by number or code: valid, expired, revoked or unknown, in one shape; school in scope;
rate-limited."""

from datetime import date

from jianfu.registry.verification import REQUESTS_PER_MINUTE, verify
from jianfu.workflow.demand import Action
from tests.registry.test_lifecycle import act, register


def test_a_registered_demand_is_valid_until_its_end_then_expired(world, file_demand):
    demand = register(world, file_demand())
    assert verify(demand.verification_code, today=date(2021, 9, 10))["status"] == "valid"
    expired = verify(demand.registration_number, today=date(2021, 9, 11))
    assert (expired["status"], expired["valid"]) == ("expired", False) and "已过期" in expired["message"]


def test_a_revoked_registration_says_so(world, file_demand, client):
    demand = register(world, file_demand())
    act(world.county_officer, demand, Action.REVOKE, reason="登记有误")
    body = client.get(f"/api/v1/verify/{demand.verification_code}").json()
    assert body["status"] == "revoked" and "学校有权拒绝" in body["message"]


def test_unknown_and_odd_keys_get_the_same_shape_and_no_error(world, file_demand, client):
    known = verify(register(world, file_demand()).verification_code)
    for key in ("ZZZZZZZZZZZZ", "'; DROP TABLE x;--", "安教减备〔2021〕9999号", "😀" * 3, "x" * 300):
        answer = client.get(f"/api/v1/verify/{key}").json()
        assert set(answer) == set(known) and answer["status"] == "unknown"
    assert client.get("/v/%F0%9F%98%80").status_code == 200


def test_a_logged_in_school_is_told_whether_it_is_in_scope(world, file_demand, client_for):
    demand = register(world, file_demand())  # primary schools of 西秀区, urban
    assert verify(demand.verification_code, user=world.principal)["school_in_scope"] is True
    from jianfu.org.models import Role
    from jianfu.org.services import role_grant

    role_grant(user=world.outsider, role=Role.PRINCIPAL, school=world.xixiu_other_school)  # a township junior school
    assert verify(demand.verification_code, user=world.outsider)["school_in_scope"] is False
    page = client_for(world.principal).get(f"/v/{demand.verification_code}").content.decode()
    assert "本校在此事项的范围内" in page
    assert verify(demand.verification_code)["school_in_scope"] is None


def test_verification_is_rate_limited_per_address(world, client):
    for _ in range(REQUESTS_PER_MINUTE):
        assert client.get("/api/v1/verify/ABC").status_code == 200
    limited = client.get("/api/v1/verify/ABC")
    assert limited.status_code == 429 and "过于频繁" in limited.json()["detail"]
    assert client.get("/v/ABC").status_code == 429
