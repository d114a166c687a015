"""A named filer's identity: the accused unit's people cannot reach it by page, API or export (they do not
see the case at all), and a holder of the permission reads it only after giving a reason, on one page."""

import io

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from jianfu.audit.models import AuditEvent
from jianfu.web.two_factor import client_sign_in_verified
from tests.complaints.helpers import filed


def may_reveal(user):
    user.user_permissions.add(Permission.objects.get(codename="reveal_complainant"))


def signed_in(user) -> Client:
    return client_sign_in_verified(Client(), user)


def export_text(client) -> str:
    response = client.get(reverse("complaints-export"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    return "\n".join(str(v) for row in book.active.iter_rows(values_only=True) for v in row if v is not None)


def every_way_in(client, complaint) -> list[str]:
    """What this person gets from the case page, its identity page, the list, the export and the API."""
    case = client.get(reverse("complaints-case", args=[complaint.pk]))
    reveal = client.post(reverse("complaints-identity", args=[complaint.pk]), {"reason": "核实举报人联系方式"})
    api = client.get(f"/api/v1/complaints/cases/{complaint.pk}")
    listed = client.get("/api/v1/complaints/cases")
    page = client.get(reverse("complaints-cases"))
    return [case, reveal, api, listed, page, export_text(client)]


@pytest.mark.parametrize(
    ("accused", "accused_person"),
    [("520402-WJJ", "department_clerk"), ("西秀区教育局", "county_officer")],
    ids=["a county department accused", "the county bureau accused (the city investigates)"],
)
def test_the_accused_units_people_reach_neither_the_case_nor_the_filer(world, accused, accused_person):
    complaint = filed(world, accused=accused, filer=world.teacher).complaint
    person = getattr(world, accused_person)
    may_reveal(person)  # even holding the permission
    case, reveal, api, listed, page, export = every_way_in(signed_in(person), complaint)
    assert case.status_code == 404 and reveal.status_code == 404 and api.status_code == 404
    assert all(row["id"] != complaint.pk for row in listed.json()["items"])
    assert f"/complaints/cases/{complaint.pk}/" not in page.content.decode()
    name = world.xixiu_teacher.name
    for text in (page.content.decode(), listed.content.decode(), export):
        assert name not in text and "teacher" not in text
    assert complaint.content not in export


def test_the_city_investigates_a_complaint_about_the_county_bureau_and_sees_it_everywhere(world):
    complaint = filed(world, accused="西秀区教育局").complaint
    client = signed_in(world.city_officer)
    assert client.get(reverse("complaints-case", args=[complaint.pk])).status_code == 200
    assert client.get(f"/api/v1/complaints/cases/{complaint.pk}").status_code == 200
    assert complaint.accused_name in export_text(client)


def test_a_holder_of_the_permission_reads_the_identity_only_after_giving_a_reason(world):
    complaint = filed(world, filer=world.teacher).complaint
    may_reveal(world.county_officer)
    client = signed_in(world.county_officer)
    name = world.xixiu_teacher.name
    case_page = client.get(reverse("complaints-case", args=[complaint.pk])).content.decode()
    assert "查看举报人身份" in case_page and name not in case_page
    address = reverse("complaints-identity", args=[complaint.pk])
    asked = client.get(address)
    assert asked.status_code == 302 and name not in asked.content.decode()
    no_reason = client.post(address, {"reason": "  "})
    assert no_reason.status_code == 400
    assert "须写明理由" in no_reason.content.decode() and name not in no_reason.content.decode()
    assert not AuditEvent.objects.filter(action="complaint.reveal_identity").exists()
    shown = client.post(address, {"reason": "调查需要联系举报人核实细节"})
    assert shown.status_code == 200
    body = shown.content.decode()
    assert name in body and "teacher" in body and world.xixiu_school.name in body
    assert shown["Cache-Control"] == "no-store"
    event = AuditEvent.objects.get(action="complaint.reveal_identity")
    assert event.actor_id == world.county_officer.pk and "调查需要联系举报人核实细节" in str(event.after)
    # Never anywhere else, even for this person.
    assert name not in client.get(reverse("complaints-cases")).content.decode()
    assert name not in client.get(f"/api/v1/complaints/cases/{complaint.pk}").content.decode()
    assert name not in client.get("/api/v1/complaints/cases").content.decode()
    assert name not in export_text(client)


def test_without_the_permission_no_form_is_offered_and_asking_anyway_is_refused(world):
    complaint = filed(world, filer=world.teacher).complaint
    client = signed_in(world.county_officer)
    case_page = client.get(reverse("complaints-case", args=[complaint.pk])).content.decode()
    assert "查看举报人身份" not in case_page
    refused = client.post(reverse("complaints-identity", args=[complaint.pk]), {"reason": "想知道是谁"})
    assert refused.status_code == 403
    assert world.xixiu_teacher.name not in refused.content.decode()
    assert not AuditEvent.objects.filter(action="complaint.reveal_identity").exists()


def test_an_anonymous_complaint_has_no_identity_form_and_no_identity_page(world):
    complaint = filed(world).complaint
    may_reveal(world.county_officer)
    client = signed_in(world.county_officer)
    assert "查看举报人身份" not in client.get(reverse("complaints-case", args=[complaint.pk])).content.decode()
    address = reverse("complaints-identity", args=[complaint.pk])
    assert client.post(address, {"reason": "核实"}).status_code == 404
