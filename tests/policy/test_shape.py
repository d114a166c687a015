"""The engine's vocabulary in one place: findings turn themselves into JSON, deadlines are named by the
pack, the division a demand is handled by is `division_code` (a `level` is a 学段)."""

import ast
from datetime import date
from pathlib import Path

from jianfu.policy import engine as policy
from jianfu.policy.facts import FACTS
from jianfu.policy.model import Finding, Severity

ROOT = Path(__file__).resolve().parents[2] / "jianfu"


def test_a_finding_turns_itself_into_the_json_every_caller_keeps():
    finding = Finding("street_duty", "2.4", Severity.BLOCK, "不得安排教师上街执勤；请改派", ("执勤@3-5",))
    assert finding.as_dict() == {
        "rule": "street_duty",
        "clause": "2.4",
        "severity": "block",
        "message": "不得安排教师上街执勤；请改派",
        "evidence": ["执勤@3-5"],
    }


def test_no_module_builds_a_finding_dict_by_hand():
    by_hand = [
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*.py")
        if "f.__dict__" in path.read_text(encoding="utf-8")
        or '"severity": f.severity.value' in path.read_text(encoding="utf-8")
    ]
    assert by_hand == []


def test_the_years_deadlines_take_their_names_from_the_pack():
    pack = policy.engine_for().pack
    named = {code: limit.deadline for code, limit in pack.limits.items() if limit.deadline}
    assert named["annual_plan_collection_end"] == "年度计划（含进校园活动清单）收集截止"
    assert {d.code: d.label for d in policy.deadlines(2022)} == named
    assert not hasattr(policy, "DEADLINE_LIMITS")


def test_the_handling_division_is_the_fact_division_code_not_level():
    assert "division_code" in FACTS and "level" not in FACTS
    facts = {"category": "inspection", "division_code": "520402", "start": date(2021, 7, 1)}
    assert policy.evaluate(facts, at=date(2021, 7, 1)) != []


def _imports(relative: str) -> set[str]:
    tree = ast.parse((ROOT / relative).read_text(encoding="utf-8"))
    return {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}


def test_verification_and_documents_read_the_scope_without_the_write_layer_or_the_page_presenters():
    for module in ("registry/verification.py", "registry/documents.py"):
        assert {"jianfu.registry.services", "jianfu.registry.presenters"} & _imports(module) == set(), module
    assert "jianfu.registry.services" not in _imports("registry/presenters.py")
