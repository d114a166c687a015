"""The inbox page, its count on every page, the API, the overdue page of a bureau's area and the command."""

import json
from io import StringIO

from django.core.management import call_command

from jianfu.deadlines.models import Notification
from tests.deadlines.conftest import at, returned_demand


def test_every_page_shows_the_persons_count_and_the_inbox_lists_obligation_and_notice(world, travel, client_for):
    demand = returned_demand(world, reason="请删去照片要求")
    client = client_for(world.department_clerk)
    home = client.get("/").content.decode()
    assert 'data-testid="inbox-count"' in home and '<span class="count">2</span>' in home
    page = client.get("/inbox/").content.decode()
    assert f'href="/demands/{demand.pk}/"' in page and "请删去照片要求" in page and "2025-10-21" in page


def test_following_a_notification_marks_it_read_and_opens_the_thing(world, travel, client_for):
    demand = returned_demand(world)
    notice = Notification.objects.get(recipient=world.department_clerk)
    client = client_for(world.department_clerk)
    response = client.get(f"/inbox/n/{notice.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/demands/{demand.pk}/"
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert client_for(world.principal).get(f"/inbox/n/{notice.pk}/").status_code == 404


def test_the_api_gives_the_same_inbox(world, travel, client_for):
    demand = returned_demand(world)
    body = client_for(world.department_clerk).get("/api/v1/inbox").json()
    assert body["count"] == 2
    assert body["obligations"][0] | {"id": 0} == {
        "id": 0,
        "kind": "revision",
        "state": "open",
        "what": f"修改退回的事项「{demand.title}」并重新提交",
        "owner": "西秀区卫生健康局",
        "clause": "7.1",
        "due": "2025-10-21",
        "estimated": False,
        "link": f"/demands/{demand.pk}/",
    }
    assert body["notifications"][0]["kind"] == "demand_returned" and body["notifications"][0]["read"] is False


def test_the_overdue_page_shows_the_bureaus_area_only_with_days_overdue(world, travel, client_for):
    returned_demand(world)
    travel(at(2025, 10, 24))
    page = client_for(world.county_officer).get("/inbox/overdue/").content.decode()
    assert "西秀区卫生健康局" in page and '<td data-label="逾期天数">3</td>' in page
    other = client_for(world.other_county_officer).get("/inbox/overdue/").content.decode()
    assert "西秀区卫生健康局" not in other
    assert client_for(world.department_clerk).get("/inbox/overdue/").status_code == 403


def test_the_command_lists_overdue_obligations_as_json(world, travel):
    returned_demand(world)
    travel(at(2025, 10, 24))
    out = StringIO()
    call_command("deadlines", "--overdue", "--json", stdout=out)
    (row,) = json.loads(out.getvalue())
    assert {k: row[k] for k in ("owner", "due", "clause", "days_overdue")} == {
        "owner": "西秀区卫生健康局",
        "due": "2025-10-21",
        "clause": "7.1",
        "days_overdue": 3,
    }
    assert row["what"].startswith("修改退回的事项")
