"""The report's figures come from the records of the county's year, and from nowhere else."""

from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine

from jianfu.monitoring.report import report_figures
from tests.monitoring.report_world import a_year_of_records

DAY = datetime(2021, 2, 22, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@time_machine.travel(DAY, tick=False)
def test_the_figures_count_the_countys_baseline_quota_refusals_complaints_and_secondments(world):
    a_year_of_records(world)
    figures = report_figures(world.xixiu, 2021)
    inspection = next(r for r in figures["quota"]["rows"] if r["category"] == "inspection")
    assert (figures["quota"]["baseline_year"], inspection["baseline"], inspection["used"]) == (2020, 12, 1)
    assert inspection["limit"] is not None and inspection["limit"] < 12
    assert figures["demands"]["registered"] >= 1
    assert figures["refusals"]["refusals"] == 1 and figures["refusals"]["cases"] == 1
    assert figures["complaints"]["received"] == 1
    assert figures["secondments"]["away"] == 1 and figures["secondments"]["approved"] == 1


@time_machine.travel(DAY, tick=False)
def test_another_countys_records_are_not_counted(world):
    a_year_of_records(world)
    figures = report_figures(world.pingba, 2021)
    assert figures["refusals"]["refusals"] == 0 and figures["complaints"]["received"] == 0
    assert figures["secondments"]["away"] == 0 and figures["demands"]["registered"] == 0
