"""The packs' YAML cases, each one a test: the shipped Anshun pack and the test city's variant."""

import pytest

from jianfu.policy.cases import coverage, run_case
from jianfu.policy.engine import engine_for
from tests.policy.conftest import TEST_PACKS

ANSHUN = engine_for("anshun-2021")
VARIANT = engine_for("example-city-2021", (TEST_PACKS,))


@pytest.mark.parametrize("case", ANSHUN.pack.cases, ids=lambda case: case["name"])
def test_anshun_case(case):
    outcome = run_case(ANSHUN, case)
    assert outcome.passed, outcome.failures


@pytest.mark.parametrize("case", VARIANT.pack.cases, ids=lambda case: case["name"])
def test_variant_city_case(case):
    outcome = run_case(VARIANT, case)
    assert outcome.passed, outcome.failures


def test_every_anshun_rule_is_seen_firing_and_not_firing():
    outcomes = [run_case(ANSHUN, case) for case in ANSHUN.pack.cases]
    uncovered = {code: counts for code, counts in coverage(ANSHUN, outcomes).items() if 0 in counts}
    assert uncovered == {}


def test_every_anshun_clause_is_looked_up_by_a_case():
    looked_up = {run_case(ANSHUN, case).clause for case in ANSHUN.pack.cases if "clause" in case}
    assert looked_up == set(ANSHUN.pack.clauses)


def test_the_anshun_pack_has_the_28_measures_and_the_19_list_items():
    measures = [c for c in ANSHUN.pack.clauses if not c.startswith("A.")]
    assert len(measures) == 28 and measures[0] == "1.1" and measures[-1] == "7.4"
    assert [item.no for item in ANSHUN.pack.negative_list] == list(range(1, 20))


def test_the_variant_overrides_only_what_it_says():
    assert VARIANT.pack.limits["secondment_max_months"].at(VARIANT.pack.effective_from).value == 3
    assert VARIANT.pack.negative_list[18].text.endswith("（含代收各类费用）")
    assert VARIANT.pack.negative_list[14].text == ANSHUN.pack.negative_list[14].text
    assert VARIANT.pack.rules.keys() == ANSHUN.pack.rules.keys()
    assert VARIANT.pack.registration_format.startswith("示教减备")
