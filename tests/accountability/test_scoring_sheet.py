"""The scoring sheet is data in the pack; a sheet that cannot be used is refused naming the file, the line
and the fix."""

from pathlib import Path

import pytest

from jianfu.accountability.scoring import scoring_sheet
from jianfu.policy.pack import load_pack
from jianfu.policy.source import PackError

SHEET = "accountability/scoring.yaml"


def child_pack(tmp_path: Path, sheet: str):
    """A city pack that inherits Anshun's and writes its own scoring sheet."""
    folder = tmp_path / "sheet-city-2021"
    (folder / "accountability").mkdir(parents=True)
    example = Path(__file__).parent.parent / "policy/packs/example-city-2021/pack.yaml"
    own = example.read_text(encoding="utf-8").replace("id: example-city-2021", "id: sheet-city-2021")
    (folder / "pack.yaml").write_text(own, encoding="utf-8")
    (folder / SHEET).write_text(sheet, encoding="utf-8")
    return load_pack("sheet-city-2021", (tmp_path,))


COUNTY_OK = """county:
- {id: registered_share, label: 先登记, weight: 60, formula: registered_share, clause: "1.1"}
- {id: report_on_time, label: 报告, weight: 40, formula: report_on_time, clause: "7.4"}
"""
DEPARTMENT_OK = """department:
- {id: registered_share, label: 先登记, weight: 100, formula: registered_share, clause: "1.1"}
"""


def refused(tmp_path, sheet: str) -> list:
    with pytest.raises(PackError) as raised:
        scoring_sheet(child_pack(tmp_path, sheet))
    return raised.value.problems


def test_anshuns_sheet_scores_counties_and_departments_out_of_100():
    sheet = scoring_sheet()
    assert [sum(i.weight for i in sheet[kind]) for kind in ("county", "department")] == [100, 100]
    assert {i.clause for i in sheet["county"]} >= {"1.1", "1.2", "5.2", "6.3", "7.2", "7.4"}


def test_a_child_packs_sheet_replaces_its_parents(tmp_path):
    sheet = scoring_sheet(child_pack(tmp_path, COUNTY_OK + DEPARTMENT_OK))
    assert [i.id for i in sheet["county"]] == ["registered_share", "report_on_time"]


def test_an_unknown_formula_is_refused_with_its_file_and_line(tmp_path):
    sheet = COUNTY_OK.replace("formula: report_on_time", "formula: reported_late") + DEPARTMENT_OK
    (problem,) = refused(tmp_path, sheet)
    assert (problem.file, problem.line, problem.key) == (f"sheet-city-2021/{SHEET}", 3, "formula")
    assert "未知的计分公式 'reported_late'" in problem.zh and "registered_share" in problem.zh


def test_weights_not_adding_up_to_100_are_refused(tmp_path):
    (problem,) = refused(tmp_path, COUNTY_OK.replace("weight: 40", "weight: 30") + DEPARTMENT_OK)
    assert (problem.line, problem.key) == (1, "county")
    assert "权重之和为 90，应为 100" in problem.zh


def test_a_missing_or_unknown_clause_is_refused(tmp_path):
    sheet = COUNTY_OK.replace(', clause: "7.4"', "") + DEPARTMENT_OK.replace('"1.1"', '"9.9"')
    problems = refused(tmp_path, sheet)
    assert {(p.line, p.key) for p in problems} == {(3, "clause"), (5, "clause")}
    assert any("缺少必填的键 'clause'" in p.zh for p in problems)
    assert any("不存在的条款 '9.9'" in p.zh for p in problems)


def test_a_formula_for_the_other_kind_or_with_wrong_parameters_is_refused(tmp_path):
    sheet = COUNTY_OK + DEPARTMENT_OK.replace(
        "formula: registered_share,", "formula: quota_kept, params: {category: inspection},"
    )
    problems = refused(tmp_path, sheet)
    assert any("不能用于 department" in p.zh for p in problems)
    assert any("参数应为：categories" in p.zh for p in problems)
