"""The API: OpenAPI description, session and token auth, scoped pagination."""

from io import StringIO

from django.core.management import call_command

from jianfu.org.demo.places import UNITS
from jianfu.org.models import ApiToken
from jianfu.org.services import api_token_create


def test_the_openapi_description_lists_the_organisation_endpoints(client):
    spec = client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/schools", "/api/v1/teachers", "/api/v1/units", "/api/v1/divisions", "/api/v1/me"):
        assert path in spec["paths"]


def test_a_bearer_token_authenticates_and_is_scoped(world, client):
    token = api_token_create(acting_user=world.other_county_officer, name="sync")
    response = client.get("/api/v1/schools", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert [s["code"] for s in response.json()["items"]] == [world.pingba_school.code]
    assert ApiToken.objects.get(name="sync").last_used_at is not None


def test_only_the_digest_of_a_token_is_stored(world):
    token = api_token_create(acting_user=world.county_officer, name="x")
    assert not ApiToken.objects.filter(digest=token).exists()


def test_a_wrong_token_is_refused(world, client):
    assert client.get("/api/v1/schools", headers={"Authorization": "Bearer nope"}).status_code == 401


def test_the_token_command_prints_a_working_token(world, client):
    out = StringIO()
    call_command("token", "county_officer", stdout=out)
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {out.getvalue().strip()}"}).json()
    assert me == {"username": "county_officer", "roles": ["education_bureau"]}


def test_lists_are_paginated(world, client_for):
    body = client_for(world.city_officer).get("/api/v1/teachers?page=1").json()
    assert body["count"] == 7 and len(body["items"]) == 7
    assert client_for(world.city_officer).get("/api/v1/units").json()["count"] == 3 * len(UNITS)


def test_the_teacher_list_of_a_school_outside_scope_is_not_found(world, client_for):
    response = client_for(world.county_officer).get(f"/api/v1/teachers?school={world.pingba_school.code}")
    assert response.status_code == 404
