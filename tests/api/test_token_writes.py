"""Programs write through the API with a Bearer token and no CSRF token; browsers' session writes still
need one. Each write endpoint is called the way a real client calls it: a token from `jianfu token`,
the Authorization header, and CSRF checks enforced as in production."""

import json
from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from tests.registry.test_api_and_commands import PAYLOAD as API_PAYLOAD

# The same inspection the registry's API tests file, with a claim the reviewer will have to check.
PAYLOAD = API_PAYLOAD | {"declared": API_PAYLOAD["declared"] | {"party_approved": True}}

# Every POST/PUT/PATCH/DELETE of the API, each called by a test below. A new write endpoint makes
# test_every_write_endpoint_of_the_api_is_called_here fail until it is tested with a token too.
WRITE_ENDPOINTS_TESTED = {
    ("post", "/api/v1/demands"),
    ("put", "/api/v1/demands/{pk}"),
    ("post", "/api/v1/demands/{pk}/actions"),
    ("post", "/api/v1/screen"),
    ("post", "/api/v1/demands/{pk}/findings/{rule}"),
    ("post", "/api/v1/demands/{pk}/declarations/{key}"),
    # Anonymous by design (no token, no session, no CSRF): called in tests/complaints/test_public_api.py.
    ("post", "/api/v1/complaints"),
    ("post", "/api/v1/complaints/track"),
    ("post", "/api/v1/complaints/reply"),
    ("post", "/api/v1/complaints/review"),
    # The anonymous burden survey (a single-use code, no account): tests/monitoring/test_survey_api.py.
    ("post", "/api/v1/survey/answer"),
}


@pytest.fixture(autouse=True)
def during_the_2021_collection_window():
    with time_machine.travel(datetime(2021, 2, 22, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=True):
        yield


def token_for(username: str) -> str:
    out = StringIO()
    call_command("token", username, stdout=out)
    return out.getvalue().strip()


def token_client(username: str) -> Client:
    """A program's client: CSRF enforced as in production, the token on every request."""
    return Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {token_for(username)}")


def send(client: Client, method: str, path: str, body: dict):
    return getattr(client, method)(path, json.dumps(body), content_type="application/json")


def test_every_write_endpoint_of_the_api_is_called_here(world):
    spec = Client().get("/api/v1/openapi.json").json()
    writes = {
        (method, path)
        for path, operations in spec["paths"].items()
        for method in operations
        if method in ("post", "put", "patch", "delete")
    }
    assert writes == WRITE_ENDPOINTS_TESTED


def test_token_client_can_file_a_demand_without_csrf(world):
    response = send(token_client("department_clerk"), "post", "/api/v1/demands", PAYLOAD)
    assert response.status_code == 201, response.content
    assert response.json()["state"] == "draft"


def test_token_client_can_edit_a_draft_without_csrf(world):
    client = token_client("department_clerk")
    demand_id = send(client, "post", "/api/v1/demands", PAYLOAD).json()["id"]
    response = send(client, "put", f"/api/v1/demands/{demand_id}", PAYLOAD | {"title": "2021 年食堂检查"})
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "2021 年食堂检查"


def test_token_clients_walk_a_demand_through_its_route_without_csrf(world):
    clerk = token_client("department_clerk")
    demand_id = send(clerk, "post", "/api/v1/demands", PAYLOAD).json()["id"]
    steps = [
        (clerk, "submit", "draft"),
        (token_client("county_officer"), "claim", "submitted"),
        (token_client("county_officer"), "advance", "in_review"),
        (token_client("joint_reviewer"), "advance", "joint_review"),
        (token_client("approver"), "advance", "approval"),
    ]
    for client, action, state in steps:
        response = send(
            client, "post", f"/api/v1/demands/{demand_id}/actions", {"action": action, "expected_state": state}
        )
        assert response.status_code == 200, (action, response.content)
    assert response.json()["state"] == "registered" and response.json()["registration_number"]


def test_token_client_can_screen_a_notice_without_csrf(world):
    response = send(token_client("principal"), "post", "/api/v1/screen", {"text": "请各校组织教师下载某APP并投票。"})
    assert response.status_code == 200, response.content
    assert response.json()["verdict"] in ("refusable", "needs_registration", "uncertain", "no_finding")


def test_a_session_write_without_the_csrf_token_is_still_refused(world):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.department_clerk)
    response = send(browser, "post", "/api/v1/demands", PAYLOAD)
    assert response.status_code == 403


def test_a_session_write_with_the_csrf_token_passes(world):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.department_clerk)
    browser.get("/demands/new/")  # the page sets the CSRF cookie, as a browser's first visit does
    token = browser.cookies["csrftoken"].value
    response = browser.post(
        "/api/v1/demands", json.dumps(PAYLOAD), content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert response.status_code == 201, response.content


def test_a_wrong_token_with_a_session_falls_back_to_the_session_and_its_csrf_check(world):
    browser = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION="Bearer not-a-token")
    browser.force_login(world.department_clerk)
    assert send(browser, "post", "/api/v1/demands", PAYLOAD).status_code == 403


def test_token_clients_of_the_bureau_decide_findings_and_declarations_without_csrf(world):
    """The reviewer's two decisions (issue 9): dismiss a finding on the demand's words, confirm a declaration."""
    clerk, bureau = token_client("department_clerk"), token_client("county_officer")
    body = PAYLOAD | {
        "category": "campus_activity",
        "content": "请各校安排教师到路口值守。",
        "declared": {"teacher_street_duty": False},
    }
    demand_id = send(clerk, "post", "/api/v1/demands", body).json()["id"]
    for client, action, state, reason in (
        (clerk, "submit", "draft", "家长志愿者值守"),
        (bureau, "claim", "submitted", ""),
    ):
        send(
            client,
            "post",
            f"/api/v1/demands/{demand_id}/actions",
            {"action": action, "expected_state": state, "reason": reason},
        )
    dismissed = send(
        bureau,
        "post",
        f"/api/v1/demands/{demand_id}/findings/negative_list.A.15",
        {"dismiss": True, "reason": "教师不上路口"},
    )
    assert dismissed.status_code == 200, dismissed.content
    confirmed = send(bureau, "post", f"/api/v1/demands/{demand_id}/declarations/teacher_street_duty", {"value": False})
    assert confirmed.status_code == 200 and confirmed.json()["verdict"] == "confirmed", confirmed.content


# --- Secondments (issue 13): the borrowing unit reports a teacher's return, the school confirms it ---------

WRITE_ENDPOINTS_TESTED.update(
    {
        ("post", "/api/v1/secondments/placements/{pk}/return"),
        ("post", "/api/v1/secondments/placements/{pk}/confirm"),
    }
)


def test_token_clients_report_and_confirm_a_secondment_s_return_without_csrf(world):
    from datetime import date

    from tests.secondments.flow import approved, requested

    secondment = approved(world, requested(world, start=date(2021, 3, 1), end=date(2021, 6, 30)))
    placement = secondment.placements.get()
    path = f"/api/v1/secondments/placements/{placement.pk}"
    reported = send(token_client("department_clerk"), "post", f"{path}/return", {"on": "2021-03-01"})
    assert reported.status_code == 200 and reported.json()["state"] == "return_reported", reported.content
    confirmed = send(token_client("principal"), "post", f"{path}/confirm", {"on": "2021-03-01"})
    assert confirmed.status_code == 200 and confirmed.json()["state"] == "returned", confirmed.content
