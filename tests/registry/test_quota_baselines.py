"""Quota baselines: checked against the pack's categories and sensible bounds when entered, corrected
only by the level above with a reason (audited, and shown on the page); years that are not years are
answered with a message, never a 500. (The registry's tests live on 22 February 2021.)"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from jianfu.audit.models import AuditEvent
from jianfu.org.models import Role
from jianfu.org.services import role_grant
from jianfu.registry.models import QuotaBaseline, QuotaCorrection
from jianfu.registry.quotas import QuotaError, quota_baseline_correct, quota_baseline_set


def enter(client, **fields):
    data = {"division": "520402", "category": "inspection", "baseline_year": "2020", "count": "10"} | fields
    return client.post("/quotas/?year=2021", data, follow=True)


@pytest.fixture
def city_approver(world):
    user = get_user_model().objects.create_user("city_approver")
    role_grant(user=user, role=Role.APPROVER, unit=world.unit("520400-DW"))
    return user


@pytest.mark.parametrize("year", ["abc", "0", "99999", "-1", "2021.5", "２０２１"])
def test_the_quota_page_answers_a_year_that_is_not_a_year_with_400_and_a_message(world, client_for, year):
    response = client_for(world.county_officer).get(f"/quotas/?year={year}")
    assert response.status_code == 400
    assert "请填写 2000 至 2022 之间的四位数年份" in response.content.decode()


def test_a_baseline_posted_under_a_bad_year_is_not_a_500(world, client_for):
    response = client_for(world.county_officer).post(
        "/quotas/?year=abc", {"division": "520402", "category": "inspection", "baseline_year": "2020", "count": "1"}
    )
    assert response.status_code == 400 and not QuotaBaseline.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"category": "nonsense"}, "事项类别「nonsense」不计入总量；基数只能按以下类别录入：督查检查评比考核"),
        ({"baseline_year": "70000"}, "基数年度（baseline_year）「70000」无效；请填写 2000 至 2021 之间的四位数年份"),
        ({"baseline_year": "-1"}, "基数年度（baseline_year）「-1」无效"),
        ({"baseline_year": "1999"}, "基数年度（baseline_year）「1999」无效"),
        ({"count": "1e20"}, "基数应为 0 至 100000 之间的整数（项数），而不是「1e20」"),
        ({"count": "100000000000000000000"}, "基数应为 0 至 100000 之间的整数"),
        ({"count": "-3"}, "基数应为 0 至 100000 之间的整数"),
        ({"count": ""}, "基数应为 0 至 100000 之间的整数"),
    ],
)
def test_a_baseline_out_of_bounds_is_refused_naming_the_field(world, client_for, fields, message):
    page = enter(client_for(world.county_officer), **fields)
    assert page.status_code == 200 and message in page.content.decode()
    assert not QuotaBaseline.objects.exists() and not AuditEvent.objects.filter(action="quota.baseline").exists()


def test_the_service_refuses_the_same_bounds_as_the_page(world):
    with pytest.raises(QuotaError, match="基数年度"):
        quota_baseline_set(
            acting_user=world.county_officer, division=world.xixiu, category="inspection", year=-1, count=1
        )
    with pytest.raises(QuotaError, match="基数应为"):
        quota_baseline_set(
            acting_user=world.county_officer, division=world.xixiu, category="inspection", year=2020, count=10**20
        )


def test_a_wrong_county_baseline_is_corrected_by_the_city_bureau_with_a_reason_and_shown(world, client_for):
    county = client_for(world.county_officer)
    enter(county, count="100")
    refused = county.post(
        "/quotas/?year=2021",
        {"action": "correct", "division": "520402", "category": "inspection", "baseline_year": "2020", "count": "10"},
    )
    assert refused.status_code == 403 and QuotaBaseline.objects.get().count == 100
    city = client_for(world.city_officer)
    no_reason = city.post(
        "/quotas/?year=2021",
        {"action": "correct", "division": "520402", "category": "inspection", "baseline_year": "2020", "count": "10"},
        follow=True,
    )
    assert "请填写更正理由" in no_reason.content.decode() and QuotaBaseline.objects.get().count == 100
    page = city.post(
        "/quotas/?year=2021",
        {
            "action": "correct",
            "division": "520402",
            "category": "inspection",
            "baseline_year": "2020",
            "count": "10",
            "reason": "录入时多打了一个 0，2020 年台账为 10 项",
        },
        follow=True,
    ).content.decode()
    assert QuotaBaseline.objects.get().count == 10
    correction = QuotaCorrection.objects.get()
    assert (correction.previous_count, correction.count, correction.corrected_by) == (100, 10, world.city_officer)
    event = AuditEvent.objects.get(action="quota.baseline_correct")
    assert (event.actor_label, event.before["count"], event.after["count"]) == ("city_officer", 100, 10)
    assert "多打了一个 0" in event.after["reason"]
    assert "已更正 西秀区 2020 年的基数为 10 项" in page
    history = re.sub(r"<td [^>]*>", "<td>", page[page.index("基数更正记录") :])  # cells carry data-label
    assert "<td>西秀区</td><td>督查检查评比考核</td><td>2020</td><td>100</td><td>10</td>" in history
    assert "录入时多打了一个 0" in history and "city_officer" in history


def test_entering_a_baseline_twice_points_to_the_correction(world, client_for):
    county = client_for(world.county_officer)
    enter(county)
    again = enter(county, count="99").content.decode()
    assert "基数已录入（10 项），不能再改；如确有错误，请由上级教育行政部门填写理由更正" in again


def test_the_city_s_own_baseline_is_corrected_only_by_its_approving_authority(world, city_approver, client_for):
    quota_baseline_set(acting_user=world.city_officer, division=world.city, category="inspection", year=2020, count=30)
    for user in (world.city_officer, world.approver, world.county_officer):
        with pytest.raises(PermissionDenied, match="安顺市的基数只能由安顺市审批机关更正"):
            quota_baseline_correct(
                acting_user=user, division=world.city, category="inspection", year=2020, count=3, reason="核实"
            )
    page = client_for(city_approver).get("/quotas/?year=2021").content.decode()
    assert "更正基数" in page
    quota_baseline_correct(
        acting_user=city_approver, division=world.city, category="inspection", year=2020, count=3, reason="核实台账"
    )
    assert QuotaBaseline.objects.get(division=world.city).count == 3


def test_the_county_s_own_approver_does_not_correct_the_county_baseline(world):
    quota_baseline_set(
        acting_user=world.county_officer, division=world.xixiu, category="inspection", year=2020, count=9
    )
    with pytest.raises(PermissionDenied, match="只能由上级教育行政部门更正"):
        quota_baseline_correct(
            acting_user=world.approver, division=world.xixiu, category="inspection", year=2020, count=3, reason="x"
        )


def test_jianfu_quota_refuses_a_year_that_is_not_a_year():
    with pytest.raises(CommandError, match="年度（year）「99999」无效；请填写 2000 至 2022 之间的四位数年份"):
        call_command("quota", "--year", "99999")


def test_the_approving_authority_finds_the_quota_page_from_home(world, city_approver, client_for):
    assert 'href="/quotas/"' in client_for(city_approver).get("/").content.decode()
