"""The engine: what the pack says about a demand (findings, route), a year (quota, deadlines), a clause."""

import math
from datetime import date
from functools import lru_cache

from jianfu.policy.conditions import Match, describe, evaluate_condition
from jianfu.policy.facts import facts_from
from jianfu.policy.model import Clause, Deadline, Finding, Pack, Route, Rule, Severity
from jianfu.policy.pack import load_pack

DEFAULT_PACK = "anshun-2021"
SEVERITY_ORDER = {Severity.BLOCK: 0, Severity.NEEDS_APPROVAL: 1, Severity.WARN: 2, Severity.INFO: 3}


class Engine:
    def __init__(self, pack: Pack):
        self.pack = pack

    # -- demands -------------------------------------------------------------------------------
    def evaluate(self, raw_facts, at: date) -> list[Finding]:
        """Every rule of the demand's category whose conditions all hold, most severe first."""
        facts = facts_from(raw_facts)
        findings = []
        for rule in self.pack.rules.values():
            if rule.categories and facts["category"] not in rule.categories:
                continue
            matches = self._matches(rule, facts, at)
            if matches is not None:
                findings.append(self._finding(rule, matches, facts, at))
        return sorted(findings, key=lambda f: (SEVERITY_ORDER[f.severity], f.clause, f.rule))

    def _matches(self, rule: Rule, facts: dict, at: date) -> list[Match] | None:
        matches = []
        for condition in rule.when:
            match = evaluate_condition(
                condition, facts, lambda code: self.limit_value(code, facts, at), lambda: self._quota_state(facts, at)
            )
            if match is None:
                return None
            matches.append(match)
        return matches

    def _finding(self, rule: Rule, matches: list[Match], facts: dict, at: date) -> Finding:
        measured = next((m for m in matches if m.limit is not None), matches[0])
        listed = next((m for m in matches if isinstance(m.value, list | tuple) and m.value), measured)
        message = rule.message.format(value=measured.value, limit=measured.limit, evidence=describe(listed))
        evidence = tuple(e for m in matches for e in m.evidence)
        return Finding(rule.code, rule.clause, rule.severity, message, evidence)

    def route_for(self, raw_facts, at: date | None = None) -> Route:
        facts = facts_from(raw_facts)
        category = self.pack.categories[facts["category"]]
        temporary = self.is_temporary(facts, at)
        steps = category.temporary_route if temporary and category.temporary_route else category.route
        emergency = facts["emergency"] and facts["requester_kind"] == "education_bureau"
        deferred = tuple(step.action for step in steps if emergency and step.action in category.emergency_skips)
        return Route(category.code, steps, temporary, emergency, deferred)

    def is_temporary(self, facts: dict, at: date | None = None) -> bool:
        """A demand in the approved annual plan is never temporary. Outside it, a category that says
        `outside_plan` makes it temporary at once; `after_collection_window` only once it is submitted
        after the year's collection window (before that, it is being collected into the plan)."""
        if facts["in_annual_plan"]:
            return False
        category = self.pack.categories[facts["category"]]
        if "outside_plan" in category.temporary_when:
            return True
        submitted = facts["submitted_on"]
        if "after_collection_window" in category.temporary_when and submitted:
            end = self.deadline_date("annual_plan_collection_end", (facts["start"] or submitted).year)
            return end is not None and submitted > end
        return False

    # -- years ---------------------------------------------------------------------------------
    def quota_for(self, division_code: str | None, category: str, year: int, history: dict | None) -> int | None:
        """The most demands of this category a division may register in `year`; None where no limit
        applies (a category without quota, a year before the cut, or no baseline entered)."""
        if not self.pack.categories.get(category) or not self.pack.categories[category].quota:
            return None
        history = {int(y): n for y, n in (history or {}).items()}
        year_end = date(year, 12, 31)
        baseline_year = self._value("quota_baseline_year", year_end)
        if baseline_year is None or year <= baseline_year or baseline_year not in history:
            return None
        if year < self._value("quota_non_increasing_from", year_end):
            return math.floor(history[baseline_year] * self._value("quota_ratio_of_baseline", year_end))
        previous = history.get(year - 1)
        return previous if previous is not None else self.quota_for(division_code, category, year - 1, history)

    def _quota_state(self, facts: dict, at: date) -> tuple[int, int | None]:
        year = (facts["start"] or at).year
        return facts["year_count"], self.quota_for(facts["division_code"], facts["category"], year, facts["history"])

    def deadlines(self, year: int) -> list[Deadline]:
        result = []
        for code, limit in self.pack.limits.items():
            due = self.deadline_date(code, year) if limit.deadline else None
            if due is not None:
                result.append(Deadline(code, limit.deadline, due, limit.at(date(year, 12, 31)).clause))
        return sorted(result, key=lambda d: d.due)

    def deadline_date(self, code: str, year: int) -> date | None:
        value = self._value(code, date(year, 12, 31))
        if value is None:
            return None
        month, day = (int(part) for part in str(value).split("-"))
        return date(year, month, day)

    # -- lookups -------------------------------------------------------------------------------
    def clause(self, clause_id: str) -> Clause:
        return self.pack.clauses[clause_id]

    def limit_value(self, code: str, facts: dict, at: date):
        """A limit's value on the date its `governed_by` fact names (else the evaluation date)."""
        limit = self.pack.limits[code]
        governing = facts.get(limit.governed_by) or at
        dated = limit.at(governing)
        return dated.value if dated else None

    def _value(self, code: str, on: date):
        limit = self.pack.limits.get(code)
        dated = limit.at(on) if limit else None
        return dated.value if dated else None


@lru_cache(maxsize=8)
def engine_for(pack_id: str = DEFAULT_PACK, search_path: tuple = ()) -> Engine:
    return Engine(load_pack(pack_id, search_path))


def evaluate(facts, at: date) -> list[Finding]:
    return engine_for().evaluate(facts, at)


def route_for(facts, at: date | None = None) -> Route:
    return engine_for().route_for(facts, at)


def quota_for(division_code: str | None, category: str, year: int, history: dict | None) -> int | None:
    return engine_for().quota_for(division_code, category, year, history)


def deadlines(year: int) -> list[Deadline]:
    return engine_for().deadlines(year)


def clause(clause_id: str) -> Clause:
    return engine_for().clause(clause_id)
