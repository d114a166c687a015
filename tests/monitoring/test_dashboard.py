"""The dashboards' figures (clause 7.4), counted by hand on the small world, and equal to the county report's
figures for every county and year: the dashboard groups by county and year what the report asks one at a time."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine
from django.contrib.auth import get_user_model

from jianfu.complaints.stats import stats as complaint_stats
from jianfu.gate.services import refusal_record
from jianfu.monitoring.dashboard import KEYS, Reach, dashboard
from jianfu.monitoring.gap import gap
from jianfu.monitoring.report import census_counts, demand_figures, quota_figures, refusal_figures
from jianfu.org.models import Role
from jianfu.org.services import role_grant
from tests.monitoring.report_world import NOTICE, a_year_of_records
from tests.monitoring.survey_helpers import sites_make, wave_make
from tests.monitoring.test_gap import answers_at, registered
from tests.secondments.census_helpers import everyone_on_post

DAY = datetime(2021, 2, 22, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def city_reach(world) -> Reach:
    return Reach((world.city,), (world.xixiu, world.pingba))


def county_reach(county) -> Reach:
    return Reach((county,), (county,))


def two_years_of_records(world) -> None:
    """西秀区's year 2021 (report_world) and a refusal at 平坝区's school in November 2020."""
    everyone_on_post()
    a_year_of_records(world)
    pingba_principal = get_user_model().objects.create_user("pingba_principal")
    role_grant(user=pingba_principal, role=Role.PRINCIPAL, school=world.pingba_school)
    refusal_record(
        acting_user=pingba_principal,
        school=world.pingba_school,
        channel="phone",
        received_on=date(2020, 11, 10),
        content=NOTICE,
        requester_unit=world.unit("520403-WMB"),
    )


def rows(found: dict, key: str) -> list[list]:
    return found[key]["rows"]


@time_machine.travel(DAY, tick=False)
def test_the_city_dashboard_counts_every_countys_records_by_hand(world):
    two_years_of_records(world)
    found = dashboard(city_reach(world), 2021, today=date(2021, 2, 22))
    assert list(found) == list(KEYS)
    # 2021: 西秀区's inspection and its secondment are registered; only the inspection counts against the
    # quota, whose 2020 baseline of 12 allows half (6) in 2021. 2020 has records (a refusal), no demand.
    assert rows(found, "quota") == [["2020", 0, 0, None, None], ["2021", 2, 1, 6, 12]]
    assert rows(found, "counties") == [["西秀区", 2, 1, 6], ["平坝区", 0, 0, None]]
    assert rows(found, "requesters") == [[world.unit("520402-WJJ").name, 2]]
    assert rows(found, "categories") == [["督查检查评比考核", 1], ["借用教师", 1]]
    assert rows(found, "refusals") == [["2020", 1, 1, 0], ["2021", 1, 1, 0]]
    assert rows(found, "complaints") == [["2020", 0, 0, 0], ["2021", 1, 0, 0]]
    assert rows(found, "secondments") == [["2020", 0, 0, 0], ["2021", 1, 0, 0]]
    assert rows(found, "hours") == []


@time_machine.travel(DAY, tick=False)
def test_a_countys_dashboard_counts_only_its_own_records(world):
    two_years_of_records(world)
    found = dashboard(county_reach(world.pingba), 2021, today=date(2021, 2, 22))
    assert rows(found, "quota") == [["2020", 0, 0, None, None], ["2021", 0, 0, None, None]]
    assert rows(found, "counties") == [["平坝区", 0, 0, None]]
    assert rows(found, "requesters") == [] and rows(found, "categories") == []
    assert rows(found, "refusals") == [["2020", 1, 1, 0], ["2021", 0, 0, 0]]
    assert rows(found, "complaints") == [["2020", 0, 0, 0], ["2021", 0, 0, 0]]
    assert rows(found, "secondments") == [["2020", 0, 0, 0], ["2021", 0, 0, 0]]


@time_machine.travel(DAY, tick=False)
def test_each_countys_figures_equal_the_county_reports_for_every_year(world):
    two_years_of_records(world)
    for county in (world.xixiu, world.pingba):
        found = dashboard(county_reach(county), 2021, today=date(2021, 2, 22))
        for row in rows(found, "quota"):
            year = int(row[0])
            quota, demands = quota_figures(county, year), demand_figures(county, year)
            assert row[1:4] == [demands["registered"], quota["totals"]["used"], quota["totals"]["limit"]]
            refusals = refusal_figures(county, year)
            assert rows(found, "refusals")[[r[0] for r in rows(found, "refusals")].index(row[0])][1:] == [
                refusals["refusals"],
                refusals["cases"],
                refusals["cases_closed"],
            ]
            complaints = complaint_stats(year, division=county)["totals"]
            complaint_row = next(r for r in rows(found, "complaints") if r[0] == row[0])
            assert complaint_row[1:] == [complaints["received"], complaints["answered"], complaints["answered_on_time"]]
            census = census_counts(county, min(date(2021, 2, 22), date(year, 12, 31)))
            secondment_row = next(r for r in rows(found, "secondments") if r[0] == row[0])
            assert secondment_row[1:] == [census["approved"], census["overdue"], census["unapproved"]]
        chosen = demand_figures(county, 2021)
        assert rows(found, "requesters") == [[r["requester"], r["count"]] for r in chosen["by_requester"]]
        assert rows(found, "categories") == [[r["label"], r["count"]] for r in chosen["by_category"]]


@time_machine.travel(DAY, tick=False)
def test_the_dashboard_asks_a_few_queries_per_series_not_per_county_and_year(world, django_assert_max_num_queries):
    two_years_of_records(world)
    reach = city_reach(world)
    with django_assert_max_num_queries(30):
        dashboard(reach, 2021, today=date(2021, 2, 22))


def test_the_burden_hours_by_term_are_the_gaps_estimated_and_measured_hours(world):
    first, other, _pingba = sites_make(world)
    wave = wave_make()  # 2026 autumn
    registered(world, requester="520402-WJJ", start=date(2026, 9, 10), hours="4", counties=[world.xixiu])
    answers_at(world, first, wave, [(1, 3), (1, 3), (2, 3), (2, 3), (4, 3)])
    answers_at(world, other, wave, [(5, 0), (5, 0)])
    found = dashboard(city_reach(world), 2026, today=date(2026, 11, 20))
    (county,) = gap(2026)["counties"]
    # 西秀区: 4 hours estimated at each of its two sites; measured 2 and 5 hours a week over 20 weeks.
    assert rows(found, "hours") == [["2026年秋季学期", 8.0, 320.0, 180.0]]
    assert rows(found, "hours")[0][1:] == [
        county["estimated"],
        county["measured_registered"],
        county["measured_unregistered"],
    ]


@time_machine.travel(DAY, tick=False)
def test_one_table_is_counted_alone_for_its_download(world, django_assert_max_num_queries):
    two_years_of_records(world)
    with django_assert_max_num_queries(6):
        found = dashboard(city_reach(world), 2021, today=date(2021, 2, 22), keys=("refusals",))
    assert list(found) == ["refusals"] and rows(found, "refusals") == [["2020", 1, 1, 0], ["2021", 1, 1, 0]]
