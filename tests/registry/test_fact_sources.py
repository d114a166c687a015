"""Issue 9, "Done when": every rule of the pack names where its facts come from — the records, the text,
a reviewer — and no rule is cleared by a requester's unconfirmed answer."""

import pytest

from jianfu.packs.active import active_engine
from jianfu.policy.conditions import evaluate_condition
from jianfu.policy.facts import CLAIMS, FACTS, RECORDS, REVIEWER, SOURCES, TEXT
from jianfu.registry.facts import CHECKLIST
from jianfu.registry.questions import QUESTIONS

PACK = active_engine().pack
QUOTA_FACTS = ("history", "year_count", "division_code", "category", "start")


def facts_read(rule) -> set[str]:
    read = set()
    for condition in rule.when:
        if "quota" in condition:
            read |= set(QUOTA_FACTS)
        elif "days_from" in condition:
            read |= {condition["days_from"], condition["to"]}
        else:
            read.add(condition["fact"])
    return read | {"category"} if rule.categories else read


def where_from(rule) -> dict[str, str]:
    return {fact: SOURCES.get(fact, "requester") for fact in sorted(facts_read(rule))}


@pytest.mark.parametrize("code", sorted(PACK.rules))
def test_each_rule_reads_only_facts_from_the_records_or_a_reviewer(code):
    sources = where_from(PACK.rules[code])
    assert set(sources.values()) <= {RECORDS, REVIEWER}, sources


@pytest.mark.parametrize("code", sorted(PACK.rules))
def test_no_rule_is_cleared_by_a_requester_s_unconfirmed_answer(code):
    """A reviewer fact the requester's word may be judged on (not a claim) must be an admission: the
    condition cannot hold at the fact's default, so the answer can only add the finding, never remove it."""
    for condition in PACK.rules[code].when:
        fact = condition.get("fact") or condition.get("days_from")
        if SOURCES.get(fact) != REVIEWER or fact in CLAIMS:
            continue
        at_default = {name: default for name, (_, default) in FACTS.items()}
        holds = evaluate_condition(condition, at_default, lambda limit: 0, lambda: (0, None))
        assert holds is None, f"{code}: {fact} at its default already makes the rule fire; list it in CLAIMS"


@pytest.mark.parametrize("item", PACK.negative_list, ids=lambda item: item.clause)
def test_each_negative_list_item_is_found_in_the_text(item):
    assert item.signals or item.pairs  # the screening's words: the source is the demand's text
    assert TEXT == "text"


def test_every_fact_has_a_source_and_none_is_the_requester_alone():
    assert set(SOURCES) == set(FACTS)
    assert set(SOURCES.values()) <= {RECORDS, REVIEWER}
    assert {fact for fact, source in SOURCES.items() if source == REVIEWER} >= CLAIMS


def test_no_question_asks_what_the_records_hold_and_every_answer_is_on_the_reviewer_s_checklist():
    asked = {question.key for question in QUESTIONS if not question.describes_demand}
    assert {key for key in asked if SOURCES[key] == RECORDS} == set()
    # What describes the demand itself (its kind) is kept on the demand, never a claim to certify.
    assert {q.key for q in QUESTIONS if q.describes_demand} == {"kind"} and "kind" not in CHECKLIST
    assert asked <= CHECKLIST
    for gone in ("party_approved", "education_consulted", "education_approved", "party_filed", "on_activity_list"):
        assert gone not in asked
    assert "secondment_months" not in asked and "short_assignment_days" not in asked


def test_the_sources_table_would_catch_a_rule_reading_a_requester_only_fact():
    """The tests above can fail: a rule reading a fact nobody vouches for is named 'requester'."""
    from dataclasses import replace

    rule = replace(PACK.rules["street_duty"], when=({"fact": "a_tick_nobody_checks", "is": True},))
    assert where_from(rule)["a_tick_nobody_checks"] == "requester"
