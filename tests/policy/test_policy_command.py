"""`jianfu policy check | show | explain`."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def run(*args) -> str:
    out = StringIO()
    call_command("policy", *args, stdout=out)
    return out.getvalue()


def test_check_validates_the_packs_and_runs_their_cases(settings, test_packs):
    settings.JIANFU_POLICY_PACK_DIRS = [str(test_packs[0])]
    out = run("check")
    assert "✓ anshun-2021：" in out and "✓ example-city-2021" in out and "✗" not in out
    assert "条款查询案例：47/47" in out and "案例不足" not in out


def test_show_json_has_the_documented_keys():
    data = json.loads(run("show", "--json"))
    assert {"pack", "clauses", "rules", "negative_list"} <= set(data)
    assert data["pack"]["id"] == "anshun-2021"
    first = data["clauses"][0]
    assert set(first) == {"id", "title", "lead_unit", "responsible_units"} and first["lead_unit"] == "市教育局"
    assert {"code", "clause"} <= set(data["rules"][0])
    assert data["negative_list"][14] == {"no": 15, "text": "与教育教学无关的各种上街执勤、值守工作", "clause": "A.15"}


def test_show_lists_the_clauses_rules_and_limits_for_a_person():
    out = run("show")
    assert (
        "安市办通字〔2021〕3号" in out and "secondment_max_months" in out and "15. 与教育教学无关的各种上街执勤" in out
    )


def test_explain_quotes_the_clause_and_lists_the_cases():
    out = run("explain", "secondment_too_long")
    assert "依据：第 5.2 条 从严规范借用中小学教师行为" in out and "借用中小学教师期限原则上不超过半年" in out
    assert "触发    借用一年不得开展" in out


def test_explain_an_unknown_rule_suggests_near_ones():
    with pytest.raises(CommandError, match="相近的有：secondment"):
        run("explain", "secondment")
