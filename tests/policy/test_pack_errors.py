"""A broken pack is refused at load with one precise message, in Chinese and English, naming the
file, the key and the line; and the platform does not start on it."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jianfu.policy.pack import PACKS_DIR, load_pack
from jianfu.policy.source import PackError


@pytest.fixture
def pack_copy(tmp_path):
    """A copy of the Anshun pack under another id, to break one thing in."""
    folder = tmp_path / "broken-2021"
    shutil.copytree(PACKS_DIR / "anshun-2021", folder)
    text = (folder / "pack.yaml").read_text(encoding="utf-8").replace("id: anshun-2021", "id: broken-2021")
    (folder / "pack.yaml").write_text(text, encoding="utf-8")
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def refused(folder: Path) -> list:
    with pytest.raises(PackError) as caught:
        load_pack(folder.name, (folder.parent,))
    return caught.value.problems


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_a_rule_citing_a_missing_clause_is_refused_at_its_line(pack_copy):
    rules = pack_copy / "rules.yaml"
    edit(rules, 'clause: "2.4"\n  categories: []', 'clause: "2.14"\n  categories: []')
    (problem,) = refused(pack_copy)
    assert (problem.file, problem.key) == ("broken-2021/rules.yaml", "clause")
    assert problem.line == line_of(rules, '"2.14"')
    assert "不存在的条款 '2.14'" in problem.zh and "clauses.yaml does not define" in problem.en


def test_an_unknown_key_is_refused_with_the_keys_allowed(pack_copy):
    edit(pack_copy / "categories.yaml", "  label: 培训\n", "  label: 培训\n  lable: 培训\n")
    (problem,) = refused(pack_copy)
    assert problem.key == "lable" and "未知的键 'lable'" in problem.zh and "expected:" in problem.en
    assert problem.line == line_of(pack_copy / "categories.yaml", "lable")


def test_a_value_without_a_clause_is_refused(pack_copy):
    path = pack_copy / "limits" / "secondment_max_months.yaml"
    edit(path, '{value: 6, clause: "5.2"}', "{value: 6}")
    (problem,) = refused(pack_copy)
    assert problem.file.endswith("limits/secondment_max_months.yaml")
    assert "clause" in problem.zh and "the `clause` it comes from" in problem.en


def test_dates_out_of_order_are_refused(pack_copy):
    path = pack_copy / "limits" / "annual_plan_collection_end.yaml"
    edit(path, "2022-01-01:", "2020-01-01:")
    (problem,) = refused(pack_copy)
    assert "不晚于前一个日期" in problem.zh and "list dates in order" in problem.en
    assert problem.line == line_of(path, "2020-01-01")


def test_an_unknown_category_in_a_rule_is_refused(pack_copy):
    edit(pack_copy / "rules.yaml", "categories: [secondment]", "categories: [secondmint]")
    problems = refused(pack_copy)
    assert {p.zh for p in problems} == {"未知的事项类别 'secondmint'"}


def test_an_unknown_unit_kind_in_a_route_is_refused(pack_copy):
    edit(
        pack_copy / "categories.yaml", "{action: approval, by: party_committee", "{action: approval, by: party_comittee"
    )
    (problem,) = refused(pack_copy)
    assert problem.file == "broken-2021/categories.yaml" and "party_comittee" in problem.zh


def test_a_yaml_syntax_error_names_the_file_and_line(pack_copy):
    path = pack_copy / "rules.yaml"
    edit(path, "street_duty:\n", "street_duty:\n  title: [unclosed\n")
    (problem,) = refused(pack_copy)
    assert problem.file == "broken-2021/rules.yaml" and "YAML 语法错误" in problem.zh
    assert problem.line >= line_of(path, "[unclosed")


def test_a_key_written_twice_is_refused(pack_copy):
    edit(pack_copy / "pack.yaml", "issuer:", "issuer: 重复\nissuer:")
    assert "duplicate key 'issuer'" in refused(pack_copy)[0].en


def test_a_condition_on_an_unknown_fact_is_refused(pack_copy):
    edit(pack_copy / "rules.yaml", "{fact: teacher_street_duty, is: true}", "{fact: teachers_on_street, is: true}")
    assert "未知的事实 'teachers_on_street'" in refused(pack_copy)[0].zh


def test_a_missing_parent_is_refused(pack_copy):
    edit(pack_copy / "pack.yaml", "id: broken-2021", "id: broken-2021\nparent: nowhere-2019")
    assert "找不到政策包 nowhere-2019" in refused(pack_copy)[0].zh


def test_the_platform_does_not_start_on_a_broken_pack(pack_copy):
    edit(pack_copy / "rules.yaml", 'clause: "2.4"\n  categories: []', 'clause: "2.14"\n  categories: []')
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env |= {
        "JIANFU_POLICY_PACK": "broken-2021",
        "JIANFU_POLICY_PACK_DIRS": str(pack_copy.parent),
        "JIANFU_VAR_DIR": str(pack_copy.parent / "var"),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode != 0
    assert "政策包有误，平台未启动" in result.stderr and "broken-2021/rules.yaml" in result.stderr
