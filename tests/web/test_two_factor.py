"""Two-factor sign-in for the roles that approve, review or administer; recovery codes; idle time-out;
demo accounts exempt while the demo is loaded; API tokens are their own credential."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django_otp.plugins.otp_totp.models import TOTPDevice

from jianfu.audit.models import AuditEvent
from jianfu.org.models import DemoMark, Role, Unit
from jianfu.org.services import api_token_create, role_grant
from jianfu.web.two_factor import WRONG_CODE, current_code, recovery_codes_issue
from tests.world import PASSWORD, _user, authenticator_enrol

MORNING = datetime(2021, 9, 6, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
SETUP, VERIFY = "/account/two-factor/setup/", "/account/two-factor/verify/"


def login(client, username, password=PASSWORD):
    return client.post("/login/", {"username": username, "password": password})


@pytest.mark.parametrize("actor", ["county_officer", "approver", "joint_reviewer", "inspector"])
def test_a_reviewing_role_without_an_authenticator_is_sent_to_enrolment_after_the_password(world, client, actor):
    assert login(client, actor).status_code == 302
    response = client.get("/schools/")
    assert response.status_code == 302 and response["Location"] == f"{SETUP}?next=%2Fschools%2F"


def test_an_unverified_bureau_session_is_refused_by_the_api_with_a_chinese_message(world, client):
    client.force_login(world.county_officer)
    response = client.get("/api/v1/schools")
    assert response.status_code == 403
    assert "此账号须先完成两步验证" in response.json()["detail"]


def test_a_bureau_token_is_its_own_credential_and_needs_no_code(world, client):
    token = api_token_create(acting_user=world.county_officer, name="报表系统")
    response = client.get("/api/v1/schools", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


def test_a_principal_signs_in_with_the_password_alone(world, client):
    login(client, "principal")
    assert client.get("/schools/").status_code == 200


def test_enrolment_shows_the_qr_and_secret_then_a_correct_code_shows_ten_recovery_codes_once(world, client):
    login(client, "county_officer")
    page = client.get(SETUP).content.decode()
    assert "<svg" in page and "设置两步验证" in page
    device = TOTPDevice.objects.get(user=world.county_officer, confirmed=False)
    secret = re.search(r'id="secret">([A-Z2-7 ]+)<', page).group(1)
    assert len(secret.replace(" ", "")) == 32
    response = client.post(SETUP, {"code": current_code(device), "next": "/schools/"})
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", response.content.decode())
    assert response.status_code == 200 and len(set(codes)) == 10
    assert client.get("/schools/").status_code == 200
    assert AuditEvent.objects.filter(action="two_factor.enrol", actor_label="county_officer").exists()
    assert not any(code in client.get(SETUP).content.decode() for code in codes), "the codes are shown once"


def test_a_wrong_code_at_enrolment_says_so_in_chinese_and_enrols_nothing(world, client):
    login(client, "county_officer")
    client.get(SETUP)
    response = client.post(SETUP, {"code": "000000"})
    assert response.status_code == 400 and WRONG_CODE in response.content.decode()
    assert not TOTPDevice.objects.filter(user=world.county_officer, confirmed=True).exists()
    assert client.get("/schools/").status_code == 302


def test_an_enrolled_bureau_user_gives_the_current_code_after_the_password(world, client):
    device = authenticator_enrol(world.county_officer)
    login(client, "county_officer")
    response = client.get("/schools/")
    assert response["Location"] == f"{VERIFY}?next=%2Fschools%2F"
    wrong = client.post(VERIFY, {"code": f"{(int(current_code(device)) + 1) % 1_000_000:06d}", "next": "/schools/"})
    assert wrong.status_code == 400 and WRONG_CODE in wrong.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count, device.throttling_failure_timestamp = 0, None  # django-otp's back-off
    device.save()
    response = client.post(VERIFY, {"code": current_code(device), "next": "/schools/"})
    assert response.status_code == 302 and response["Location"] == "/schools/"
    assert client.get("/schools/").status_code == 200


def test_a_recovery_code_works_once(world, client):
    authenticator_enrol(world.county_officer)
    code = recovery_codes_issue(user=world.county_officer)[0]
    login(client, "county_officer")
    assert client.post(VERIFY, {"code": code.upper(), "next": "/"})["Location"] == "/"
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(action="two_factor.recovery_code_used").count() == 1
    client.post("/logout/")
    login(client, "county_officer")
    response = client.post(VERIFY, {"code": code, "next": "/"})
    assert response.status_code == 400 and WRONG_CODE in response.content.decode()
    assert client.get("/").status_code == 302


def test_a_principal_who_enrolled_is_asked_for_the_code_too(world, client):
    authenticator_enrol(world.principal)
    login(client, "principal")
    assert client.get("/")["Location"].startswith(VERIFY)


def test_thirty_one_idle_minutes_log_a_bureau_user_out(world, client_for):
    with time_machine.travel(MORNING, tick=False) as traveller:
        client = client_for(world.county_officer)
        assert client.get("/").status_code == 200
        traveller.shift(timedelta(minutes=29))
        assert client.get("/").status_code == 200, "29 idle minutes are allowed"
        traveller.shift(timedelta(minutes=31))
        response = client.get("/schools/")
        assert response.status_code == 302 and response["Location"] == "/login/?next=%2Fschools%2F"
        assert "30 分钟没有操作" in client.get(response["Location"]).content.decode()
        assert client.get("/").status_code == 302


def test_a_bureau_session_that_keeps_working_is_not_logged_out(world, client_for):
    with time_machine.travel(MORNING, tick=False) as traveller:
        client = client_for(world.county_officer)
        for _ in range(4):
            traveller.shift(timedelta(minutes=20))
            assert client.get("/").status_code == 200


def test_a_principal_is_not_logged_out_after_thirty_one_idle_minutes(world, client_for):
    with time_machine.travel(MORNING, tick=False) as traveller:
        client = client_for(world.principal)
        client.get("/")
        traveller.shift(timedelta(minutes=31))
        assert client.get("/").status_code == 200


def test_demo_accounts_are_exempt_only_while_the_demo_is_loaded_and_the_banner_says_so(world, client):
    demo_bureau = _user("xixiu-bureau")
    role_grant(user=demo_bureau, role=Role.EDUCATION_BUREAU, unit=Unit.objects.get(code="520402-JYJ"))
    login(client, "xixiu-bureau")
    assert client.get("/").status_code == 302, "no demo loaded: an ordinary bureau account"
    DemoMark.objects.create(version="test")
    page = client.get("/")
    assert page.status_code == 200 and "演示账号登录无需两步验证" in page.content.decode()
    client.force_login(world.county_officer)  # a real account is not exempt because the demo is loaded
    assert client.get("/").status_code == 302


def test_a_principal_may_choose_to_enrol_from_the_home_page_and_is_then_asked_at_login(world, client):
    login(client, "principal")
    assert SETUP in client.get("/").content.decode()
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=world.principal, confirmed=False)
    assert client.post(SETUP, {"code": current_code(device)}).status_code == 200
    client.post("/logout/")
    login(client, "principal")
    assert client.get("/")["Location"].startswith(VERIFY)
