"""The 28 measures with their units as the organisation's units, the half-yearly cycle of measures.yaml, and
a malformed measures.yaml refused naming the file, the line and the fix."""

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from jianfu.accountability.measures import (
    measures,
    measures_config,
    measures_of,
    period_containing,
    period_parse,
    periods_owed_on,
    reporting_period,
)
from jianfu.accountability.measures_file import measures_file, unknown_names
from jianfu.policy.pack import PACKS_DIR, load_pack
from jianfu.policy.source import PackError


def codes(units) -> list[str]:
    return [u.code for u in units]


def test_the_28_measures_each_have_the_city_bureau_leading_and_each_countys_party_committee(world):
    found = measures()
    assert [m.id for m in found][:3] == ["1.1", "1.2", "1.3"] and len(found) == 28 and found[-1].id == "7.4"
    first = found[0]
    assert first.title == "依法依规开展督查检查评比考核"
    assert codes(first.lead_units) == ["520400-JYJ"]
    assert codes(first.responsible_units) == ["520400-DWB", "520400-ZFB", "520400-DCDB", "520402-DW", "520403-DW"]


def test_every_city_department_answers_for_measure_3_1_and_unregistered_units_are_named(world):
    by_id = {m.id: m for m in measures()}
    departments = [c for c in codes(by_id["3.1"].responsible_units) if c.startswith("520400-")]
    assert "520400-WJJ" in departments and "520400-FL" in departments and len(departments) == 9
    assert by_id["3.2"].unregistered == () and "520400-TJJ" in codes(by_id["3.2"].responsible_units)
    assert by_id["4.1"].unregistered == ("市委编办", "市人力资源社会保障局")


def test_a_countys_party_committee_has_all_28_measures_and_the_health_bureau_3_1_and_6_2(world):
    assert len(measures_of(world.unit("520402-DW"))) == 28
    assert [m.id for m in measures_of(world.unit("520400-WJJ"))] == ["3.1", "6.2"]
    assert measures_of(world.unit("520402-WJJ")) == []


def test_the_cycle_is_half_yearly_with_a_note_and_due_the_10th_of_july_and_of_january():
    cycle = measures_config().cycle
    assert cycle.every == "half_year" and "半年" in cycle.note and cycle.clause == "7.2"
    assert period_parse("2026-H1").due == date(2026, 7, 10)
    assert period_parse("2026-H2").due == date(2027, 1, 10)
    assert period_containing(date(2026, 11, 27)).id == "2026-H2"
    assert reporting_period(date(2026, 11, 27)).id == "2026-H1"
    assert reporting_period(date(2027, 3, 1)).id == "2026-H2"
    assert [p.id for p in periods_owed_on(date(2027, 1, 5))] == ["2026-H2", "2027-H1"]
    assert [p.id for p in periods_owed_on(date(2026, 11, 27))] == ["2026-H2"]


@pytest.mark.parametrize("text", ["2026", "2026-H3", "26-H1", "", "二〇二六-H1"])
def test_an_unknown_period_is_refused_naming_the_forms_there_are(text):
    with pytest.raises(ValueError, match="请写成 2026-H1、2026-H2 这样的形式"):
        period_parse(text)


@pytest.fixture
def pack_copy(tmp_path):
    folder = tmp_path / "broken-2021"
    shutil.copytree(PACKS_DIR / "anshun-2021", folder)
    text = (folder / "pack.yaml").read_text(encoding="utf-8").replace("id: anshun-2021", "id: broken-2021")
    (folder / "pack.yaml").write_text(text, encoding="utf-8")
    return folder


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_a_due_date_that_is_not_a_month_day_is_refused_naming_the_file_and_line(pack_copy):
    path = pack_copy / "accountability" / "measures.yaml"
    edit(path, "due: 07-10", "due: 7月10日")
    with pytest.raises(PackError) as caught:
        measures_file(load_pack("broken-2021", (pack_copy.parent,)))
    (problem,) = caught.value.problems
    assert problem.file == "broken-2021/accountability/measures.yaml"
    assert problem.line == line_of(path, "due: 7月10日")
    assert "应为「月-日」，如 07-10" in problem.zh


def test_a_unit_kind_that_does_not_exist_is_refused_naming_the_kinds_there_are(pack_copy):
    path = pack_copy / "accountability" / "measures.yaml"
    edit(path, "市统计局: {level: city, kind: statistics_bureau}", "市统计局: {level: city, kind: statistics}")
    with pytest.raises(PackError) as caught:
        measures_file(load_pack("broken-2021", (pack_copy.parent,)))
    (problem,) = caught.value.problems
    assert problem.line == line_of(path, "kind: statistics}") and "不是单位类别" in problem.zh


def test_a_unit_name_the_clauses_use_but_the_file_does_not_map_is_refused_naming_clause_and_name(pack_copy):
    path = pack_copy / "accountability" / "measures.yaml"
    edit(path, "  市委宣传部: {level: city, kind: department, code: XCB}\n", "")
    pack = load_pack("broken-2021", (pack_copy.parent,))
    (problem,) = unknown_names(pack, measures_file(pack))
    assert problem.key == "7.3" and "第 7.3 条的单位「市委宣传部」在 units 中没有对应" in problem.zh
    with pytest.raises(PackError, match="市委宣传部"):
        measures_config(pack)


def test_the_platform_does_not_start_on_a_broken_measures_file(pack_copy):
    edit(pack_copy / "accountability" / "measures.yaml", "level: county", "level: province")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env |= {
        "JIANFU_POLICY_PACK": "broken-2021",
        "JIANFU_POLICY_PACK_DIRS": str(pack_copy.parent),
        "JIANFU_VAR_DIR": str(pack_copy.parent / "var"),
    }
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], env=env, capture_output=True, text=True, timeout=120, cwd=root
    )
    assert result.returncode != 0 and "政策包有误，平台未启动" in result.stderr
    assert "broken-2021/accountability/measures.yaml" in result.stderr and "level 'province' 无效" in result.stderr
