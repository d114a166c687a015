"""The quota page: baseline entered once (audited), used and left per level and category."""

import re

from jianfu.audit.models import AuditEvent
from jianfu.registry.models import QuotaBaseline
from tests.registry.test_lifecycle import register


def test_the_bureau_enters_the_baseline_once_and_sees_used_and_left(world, file_demand, client_for):
    client = client_for(world.county_officer)
    client.post(
        "/quotas/?year=2021", {"division": "520402", "category": "inspection", "baseline_year": "2020", "count": "10"}
    )
    assert QuotaBaseline.objects.get().count == 10
    assert AuditEvent.objects.filter(action="quota.baseline").exists()
    register(world, file_demand())
    page = re.sub(r"<td [^>]*>", "<td>", client.get("/quotas/?year=2021").content.decode())  # cells carry data-label
    assert "<td>西秀区</td><td>督查检查评比考核</td>\n    <td>10</td>\n    <td>5</td><td>1</td><td>4</td>" in page
    again = client.post(
        "/quotas/?year=2021",
        {"division": "520402", "category": "inspection", "baseline_year": "2020", "count": "99"},
        follow=True,
    )
    assert "基数已录入（10 项），不能再改" in again.content.decode() and QuotaBaseline.objects.get().count == 10


def test_a_bureau_cannot_enter_another_county_s_baseline(world, client_for):
    response = client_for(world.county_officer).post(
        "/quotas/", {"division": "520403", "category": "inspection", "baseline_year": "2020", "count": "10"}
    )
    assert response.status_code == 404 and not QuotaBaseline.objects.exists()


def test_a_department_cannot_see_the_quota_page(world, client_for):
    assert client_for(world.department_clerk).get("/quotas/").status_code == 403
