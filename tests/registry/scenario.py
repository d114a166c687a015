"""Helpers of the issue-9 scenarios: a demand filed and moved through the API, as a client would."""

import json

PLAIN = {
    "requester": "520402-WJJ",
    "title": "事项",
    "content": "实地查看。",
    "start": "2021-09-06",
    "end": "2021-09-10",
    "estimated_hours": 2,
}


def post(client, path, body):
    return client.post(path, json.dumps(body), content_type="application/json")


def file_through_api(client, **fields) -> dict:
    response = post(client, "/api/v1/demands", PLAIN | fields)
    assert response.status_code == 201, response.content
    return response.json()


def act_through_api(client, demand_id: int, action: str, expected_state: str, reason: str = ""):
    body = {"action": action, "expected_state": expected_state, "reason": reason}
    return post(client, f"/api/v1/demands/{demand_id}/actions", body)


def rules(findings) -> dict:
    return {f["rule"]: f for f in findings}
