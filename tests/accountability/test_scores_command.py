"""`jianfu scores`, the workbooks, and the inspectorate's adjustments: reason required, audited, counted."""

import json
from io import BytesIO, StringIO

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from jianfu.accountability.adjustments import AdjustmentError, adjustment_add
from jianfu.accountability.score_sheets import assessment_xlsx
from jianfu.accountability.scores import scores
from jianfu.audit.models import AuditEvent
from tests.accountability.test_indicators import DAY, YEAR, a_scored_year


@time_machine.travel(DAY, tick=False)
def test_the_command_prints_one_object_per_county_and_department_as_json(world):
    a_scored_year(world)
    out = StringIO()
    call_command("scores", "--year", str(YEAR), "--json", stdout=out)
    rows = json.loads(out.getvalue())
    assert [(r["unit"], r["kind"]) for r in rows] == [
        ("520402-ZF", "county"),
        ("520403-ZF", "county"),
        ("520402-WJJ", "department"),
    ]
    first = rows[0]["indicators"][0]
    assert set(first) >= {"id", "value", "weight", "points", "records"}
    assert rows == json.loads(json.dumps(scores(YEAR)))


@time_machine.travel(DAY, tick=False)
def test_the_command_refuses_a_year_that_is_not_one(world):
    with pytest.raises(CommandError, match="年度（year）"):
        call_command("scores", "--year", "20x1", stdout=StringIO())


@time_machine.travel(DAY, tick=False)
def test_an_inspector_adjusts_a_score_with_a_reason_and_the_total_moves(world):
    a_scored_year(world)
    adjustment_add(
        world.inspector,
        year=YEAR,
        unit="520402-ZF",
        indicator="survey_done",
        points="-2",
        reason="一所监测点未组织问卷",
    )
    xixiu = scores(YEAR, units=["520402-ZF"])[0]
    assert xixiu["total"] == 48.83  # 50.83 less 2
    (adjusted,) = xixiu["adjustments"]
    assert (adjusted["points"], adjusted["indicator"], adjusted["by"]) == (-2.0, "survey_done", "inspector")
    event = AuditEvent.objects.filter(action="scores.adjust").get()
    assert event.after["reason"] == "一所监测点未组织问卷"


@time_machine.travel(DAY, tick=False)
def test_an_adjustment_without_a_reason_or_with_bad_points_is_refused(world):
    with pytest.raises(AdjustmentError, match="「理由」必须填写"):
        adjustment_add(world.inspector, year=YEAR, unit="520402-ZF", points="3", reason="  ")
    with pytest.raises(AdjustmentError, match="「分值」应为"):
        adjustment_add(world.inspector, year=YEAR, unit="520402-ZF", points="很多", reason="核查属实")
    with pytest.raises(AdjustmentError, match="「指标」nothing"):
        adjustment_add(world.inspector, year=YEAR, unit="520402-ZF", indicator="nothing", points="1", reason="属实")


@time_machine.travel(DAY, tick=False)
def test_only_the_inspectorate_adjusts(world):
    for user in (world.county_officer, world.city_officer, world.department_clerk):
        with pytest.raises(PermissionDenied):
            adjustment_add(user, year=YEAR, unit="520402-ZF", points="1", reason="表现突出")


@time_machine.travel(DAY, tick=False)
def test_the_assessment_workbook_has_a_row_per_unit_and_indicator_and_the_adjustments(world, tmp_path):
    a_scored_year(world)
    adjustment_add(world.inspector, year=YEAR, unit="520402-WJJ", points="1.5", reason="主动撤回重复检查")
    path = tmp_path / "scores.xlsx"
    call_command("scores", "--year", str(YEAR), "--output", str(path), "--assessment", stdout=StringIO())
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows == list(load_workbook(BytesIO(assessment_xlsx(scores(YEAR), YEAR))).active.iter_rows(values_only=True))
    wjj = [r for r in rows[1:] if r[0] == "520402-WJJ"]
    assert [r[3] for r in wjj] == [
        "registered_share",
        "planned_or_merged",
        "returned_on_time",
        "cases_against",
        "总分",
        "合计",
    ]
    assert wjj[4][8] == 1.5 and wjj[4][10] == "主动撤回重复检查" and wjj[5][8] == 73.17
    assert len(rows) == 1 + 2 * (7 + 1) + (4 + 1 + 1)
