"""The public verification API served by a plain Django view ahead of django-ninja (issue 17): the same
answer, the same shape as the documented schema, the same behaviour for signed-in schools, and the
schema still describing the route."""

from django.test import Client
from django.urls import resolve

from jianfu.api import api
from jianfu.registry.api import VerifyOut
from jianfu.registry.verification import verify
from jianfu.registry.verify_route import verify_api
from tests.registry.conftest import during_the_2021_collection_window, filed  # noqa: F401 (the 2021 window, autouse)
from tests.registry.test_lifecycle import register
from tests.web.every_page import in_english


def test_the_route_is_the_plain_view_and_answers_what_verify_answers_in_the_schema_s_shape(world, client):
    demand = register(world, filed(world))
    assert resolve(f"/api/v1/verify/{demand.verification_code}").func is verify_api
    response = client.get(f"/api/v1/verify/{demand.verification_code}")
    assert response.status_code == 200 and response["Content-Type"] == "application/json; charset=utf-8"
    body = response.json()
    assert body == verify(demand.verification_code)
    assert VerifyOut.model_validate(body).model_dump() == body  # exactly the documented fields
    unknown = client.get("/api/v1/verify/ZZZZZZZZZZZZ").json()
    assert VerifyOut.model_validate(unknown).model_dump() == unknown and unknown["status"] == "unknown"


def test_the_openapi_schema_still_documents_the_route_its_answer_and_its_limit(world):
    operation = api.get_openapi_schema()["paths"]["/api/v1/verify/{key}"]["get"]
    assert operation["summary"] == "公开核验备案号或核验码" and operation.get("security") in (None, [])
    responses = {str(status): response for status, response in operation["responses"].items()}
    answer = responses["200"]["content"]["application/json"]["schema"]["$ref"]
    assert answer.endswith("/VerifyOut") and "429" in responses


def test_a_signed_in_school_is_told_whether_it_is_in_scope_and_a_stranger_is_not(world, client_for):
    demand = register(world, filed(world))
    path = f"/api/v1/verify/{demand.verification_code}"
    assert client_for(world.principal).get(path).json()["school_in_scope"] is True
    assert Client().get(path).json()["school_in_scope"] is None


def test_only_reading_is_allowed(world, client):
    assert client.post("/api/v1/verify/ZZZZZZZZZZZZ").status_code == 405


def test_the_page_speaks_each_reader_s_language_from_the_same_stored_answer(world):
    demand = register(world, filed(world))
    english, chinese = in_english(Client()), Client()
    for _ in range(2):  # answers are remembered per process: the language is part of what is remembered
        assert "Valid: this demand is registered" in english.get(f"/v/{demand.verification_code}").content.decode()
        assert "有效：此事项已登记备案" in chinese.get(f"/v/{demand.verification_code}").content.decode()
        assert english.get(f"/api/v1/verify/{demand.verification_code}").json()["message"].startswith("有效：")
