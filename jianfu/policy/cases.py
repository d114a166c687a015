"""Policy tests as data: running a pack's YAML cases against its engine.

A case is one of:
  {name, at, facts, expect: {rules | includes | excludes | severities | route | temporary | deferred}}
  {name, quota: {division_code, category, year, history}, expect: {quota}}
  {name, deadlines: YEAR, expect: {deadlines: {code: date}}}
  {name, clause: ID, expect: {title, lead_unit}}
"""

from collections import Counter
from dataclasses import dataclass, field

from jianfu.policy.engine import Engine
from jianfu.policy.facts import FactError


@dataclass
class Outcome:
    name: str
    failures: list[str] = field(default_factory=list)
    fired: frozenset[str] = frozenset()
    checked_absent: frozenset[str] = frozenset()
    clause: str | None = None

    @property
    def passed(self) -> bool:
        return not self.failures


def run_case(engine: Engine, case: dict) -> Outcome:
    outcome = Outcome(case.get("name", "（无名案例）"))
    expect = case.get("expect") or {}
    try:
        if "quota" in case:
            q = case["quota"]
            got = engine.quota_for(q.get("division_code"), q["category"], q["year"], q.get("history"))
            _same(outcome, "quota", expect.get("quota"), got)
        elif "deadlines" in case:
            got = {d.code: d.due for d in engine.deadlines(case["deadlines"])}
            for code, due in (expect.get("deadlines") or {}).items():
                _same(outcome, f"deadline {code}", due, got.get(code))
        elif "clause" in case:
            clause = engine.clause(str(case["clause"]))
            outcome.clause = clause.id
            for key in ("title", "lead_unit"):
                if key in expect:
                    _same(outcome, key, expect[key], getattr(clause, key))
        else:
            _demand_case(engine, case, expect, outcome)
    except (FactError, KeyError) as error:
        outcome.failures.append(f"案例无法运行 / case cannot run: {error}")
    return outcome


def _demand_case(engine: Engine, case: dict, expect: dict, outcome: Outcome) -> None:
    findings = engine.evaluate(case["facts"], case["at"])
    fired = {f.rule: f for f in findings}
    outcome.fired = frozenset(fired)
    if "rules" in expect:
        _same(outcome, "rules", sorted(expect["rules"]), sorted(fired))
        category_rules = {
            r.code for r in engine.pack.rules.values() if not r.categories or case["facts"]["category"] in r.categories
        }
        outcome.checked_absent = frozenset(category_rules - set(fired))
    for code in expect.get("includes", []):
        if code not in fired:
            outcome.failures.append(f"expected {code} to fire; fired: {sorted(fired) or 'nothing'}")
    for code in expect.get("excludes", []):
        if code in fired:
            outcome.failures.append(f"expected {code} not to fire: {fired[code].message}")
    outcome.checked_absent |= frozenset(expect.get("excludes", []))
    for code, severity in (expect.get("severities") or {}).items():
        _same(outcome, f"severity of {code}", severity, fired[code].severity.value if code in fired else None)
    if {"route", "temporary", "deferred"} & set(expect):
        route = engine.route_for(case["facts"], case["at"])
        if "route" in expect:
            _same(outcome, "route", list(expect["route"]), [step.action for step in route.steps])
        if "temporary" in expect:
            _same(outcome, "temporary", expect["temporary"], route.temporary)
        if "deferred" in expect:
            _same(outcome, "deferred", list(expect["deferred"]), list(route.deferred))


def _same(outcome: Outcome, what: str, expected, got) -> None:
    if expected != got:
        outcome.failures.append(f"{what}: expected {expected!r}, got {got!r}")


def coverage(engine: Engine, outcomes: list[Outcome]) -> dict[str, tuple[int, int]]:
    """Per rule: (cases in which it fires, cases that check it does not)."""
    fired = Counter(code for o in outcomes for code in o.fired)
    absent = Counter(code for o in outcomes for code in o.checked_absent)
    return {code: (fired[code], absent[code]) for code in engine.pack.rules}
