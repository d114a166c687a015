"""GET /api/v1/complaints/cases and /cases/{id}: scoped like the pages, 404 for missing and forbidden alike,
the list's filters with their sentences, no identity ever."""

from datetime import date

import time_machine
from django.test import Client

from jianfu.complaints.models import Complaint
from jianfu.org.services import api_token_create
from jianfu.workflow.complaint import Action
from tests.complaints.helpers import carried, filed

CASES = "/api/v1/complaints/cases"


def bearer(user) -> Client:
    return Client(headers={"Authorization": f"Bearer {api_token_create(acting_user=user, name='脚本')}"})


def test_a_bureau_program_lists_its_cases_with_due_dates_and_reads_one(world):
    with time_machine.travel(date(2024, 3, 4), tick=False):
        complaint = filed(world, filer=world.teacher).complaint
        client = bearer(world.county_officer)
        listed = client.get(CASES)
        one = client.get(f"{CASES}/{complaint.pk}")
    assert listed.status_code == 200
    (row,) = listed.json()["items"]
    assert row["id"] == complaint.pk and row["state"] == "received" and row["due"] is not None
    assert row["named"] is True and row["days_overdue"] == 0
    detail = one.json()
    assert detail["content"] == complaint.content and detail["transitions"][0]["to_state"] == "received"


def test_nothing_of_the_filer_is_in_the_api(world):
    complaint = filed(world, filer=world.teacher).complaint
    stored = Complaint.objects.get(pk=complaint.pk)
    client = bearer(world.county_officer)
    for body in (client.get(CASES).content.decode(), client.get(f"{CASES}/{complaint.pk}").content.decode()):
        assert world.xixiu_teacher.name not in body and '"teacher"' not in body
        for secret in (stored.receipt_digest, stored.passphrase_hash, stored.identity_cipher, stored.filer_digest):
            assert secret not in body
        assert "identity" not in body and "passphrase" not in body and "receipt" not in body


def test_a_case_out_of_scope_and_a_missing_case_answer_alike(world):
    complaint = filed(world).complaint
    other_county = bearer(world.other_county_officer)
    out_of_scope = other_county.get(f"{CASES}/{complaint.pk}")
    missing = other_county.get(f"{CASES}/999999")
    assert out_of_scope.status_code == missing.status_code == 404
    assert out_of_scope.json() == missing.json()
    assert other_county.get(CASES).json()["items"] == []


def test_a_bad_filter_answers_422_with_the_pages_sentence(world):
    filed(world)
    client = bearer(world.county_officer)
    response = client.get(CASES + "?state=lost")
    assert response.status_code == 422
    assert "状态「lost」不存在" in response.json()["detail"]
    assert client.get(CASES + "?item=0").status_code == 422


def test_the_filters_work_on_the_api_as_on_the_page(world):
    first = filed(world).complaint
    second = carried(
        filed(world, content="要求教师周末参加与教学无关的培训。").complaint,
        world.county_officer,
        (Action.ACCEPT, "", None),
    )
    client = bearer(world.county_officer)
    ids = [row["id"] for row in client.get(CASES + "?state=accepted").json()["items"]]
    assert ids == [second.pk] and first.pk not in ids


def test_the_session_of_a_page_reads_the_api_too_and_anonymous_callers_do_not(world, client_for):
    complaint = filed(world).complaint
    assert client_for(world.county_officer).get(f"{CASES}/{complaint.pk}").status_code == 200
    assert Client().get(CASES).status_code == 401
