"""A county's year of records for the report's tests: a 2020 baseline, a registered inspection, a school's
refusal, a complaint and a teacher seconded — each made by the services (or as they leave them)."""

from datetime import date

from jianfu.gate.services import refusal_record
from jianfu.registry.quotas import quota_baseline_set
from tests.complaints.helpers import filed as complaint_filed
from tests.registry.conftest import filed
from tests.registry.test_lifecycle import register
from tests.secondments.census_helpers import approved_secondment

NOTICE = "创文期间请各校安排教师到责任路口开展文明劝导执勤，每天两班。"


def a_year_of_records(world) -> None:
    """Run on 2021-02-22 (the registry's collection window)."""
    quota_baseline_set(
        acting_user=world.county_officer, division=world.xixiu, category="inspection", year=2020, count=12
    )
    register(world, filed(world))
    refusal_record(
        acting_user=world.principal,
        school=world.xixiu_school,
        channel="wechat_group",
        received_on=date(2021, 2, 20),
        content=NOTICE,
        requester_unit=world.unit("520402-WMB"),
    )
    complaint_filed(world)
    approved_secondment(world, world.xixiu_colleague, date(2021, 2, 1), date(2021, 6, 30), number="借-1")
