"""The condition vocabulary of rules (see docs/policy-authoring.md): each one, given the facts and
the limits in force, either does not hold (None) or holds with the value, limit and evidence."""

from dataclasses import dataclass
from datetime import date

from jianfu.policy.facts import label


@dataclass(frozen=True)
class Match:
    value: object = None
    limit: object = None
    evidence: tuple[str, ...] = ()


def evaluate_condition(condition: dict, facts: dict, limit_at, quota) -> Match | None:
    """`limit_at(code)` gives a limit's value in force for these facts; `quota()` gives (used, limit)."""
    if "quota" in condition:
        used, limit = quota()
        return Match(used, limit, (f"year_count: {used}",)) if limit is not None and used + 1 > limit else None
    if "days_from" in condition:
        start, end = facts.get(condition["days_from"]), facts.get(condition["to"])
        if not isinstance(start, date) or not isinstance(end, date):
            return None
        days, limit = (end - start).days, _threshold(condition["below"], limit_at)
        evidence = (f"{condition['days_from']}: {start}", f"{condition['to']}: {end}")
        return Match(days, limit, evidence) if limit is not None and days < limit else None
    name = condition["fact"]
    value = facts.get(name)
    if "is" in condition:
        return Match(value, None, (f"{name}: {_shown(value)}",)) if value == condition["is"] else None
    if "in" in condition:
        return Match(value, None, (f"{name}: {value}",)) if value in condition["in"] else None
    if "not_in" in condition:
        return Match(value, None, (f"{name}: {value}",)) if value not in condition["not_in"] else None
    if "any_of" in condition:
        hits = [item for item in value or () if item in condition["any_of"]]
        return Match(hits, None, tuple(f"{name}: {item}" for item in hits)) if hits else None
    if "empty" in condition:
        empty = value in (None, "", (), [])
        evidence = () if empty else tuple(f"{name}: {item}" for item in _as_list(value))
        return Match(value, None, evidence) if empty == condition["empty"] else None
    limit = _threshold(condition["above"], limit_at)
    if value is None or limit is None or value <= limit:
        return None
    return Match(value, limit, (f"{name}: {value}",))


def _threshold(reference, limit_at):
    return limit_at(reference) if isinstance(reference, str) else reference


def _as_list(value) -> list:
    return list(value) if isinstance(value, list | tuple) else [value]


def _shown(value) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def describe(match: Match) -> str:
    """The evidence as a person reads it: the values' Chinese labels."""
    values = match.value if isinstance(match.value, list | tuple) else [match.value]
    return "、".join(label(v) for v in values if v not in (None, ""))
