"""The scoring sheet as data: the pack's accountability/scoring.yaml, read and checked.

Per kind (county, department) a list of indicators, each with its id, label, weight in points, the name of
its formula (jianfu/accountability/indicators.py), the formula's parameters and the clause. A sheet that
cannot be used — an unknown formula or parameter, weights not adding up to 100, a missing or unknown clause —
is refused with a PackError naming the file, the line and the fix, as the pack's own checks do."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from jianfu.accountability.indicators import COUNTY, DEPARTMENT, FORMULAS
from jianfu.packs.active import active_engine
from jianfu.policy.checks import Checker
from jianfu.policy.source import PackError

FILE = "scoring"
FULL_MARKS = Decimal(100)
KINDS = (COUNTY, DEPARTMENT)


@dataclass(frozen=True)
class Indicator:
    id: str
    label: str
    weight: Decimal
    formula: str
    params: dict
    clause: str
    note: str = ""


def scoring_sheet(pack=None) -> dict[str, tuple[Indicator, ...]]:
    """kind -> its indicators, in the sheet's order; the active pack's unless `pack` is given."""
    pack = pack or active_engine().pack
    data = pack.accountability.get(FILE)
    checker = Checker()
    checker.clause_ids = set(pack.clauses)
    if data is None:
        checker.problem_at(
            f"{pack.id}/accountability/{FILE}.yaml",
            0,
            "-",
            "缺少督导评分表；请在政策包的 accountability/ 下写 scoring.yaml",
            "the scoring sheet is missing; write accountability/scoring.yaml in the pack",
        )
        raise PackError(checker.problems)
    checker.keys(data, required=set(KINDS), optional=set())
    sheet = {kind: _indicators(data, kind, checker) for kind in KINDS if isinstance(data, dict)}
    if checker.problems:
        raise PackError(checker.problems)
    return sheet


def _indicators(data, kind: str, c: Checker) -> tuple[Indicator, ...]:
    indicators, seen, total = [], set(), Decimal(0)
    for item in c.items(data, kind):
        c.keys(item, required={"id", "label", "weight", "formula", "clause"}, optional={"params", "note"})
        if item.get("id") in seen:
            c.problem(
                item, "id", f"指标编号 {item['id']!r} 重复；请改用另一个编号", f"indicator id {item['id']!r} repeats"
            )
        seen.add(item.get("id"))
        c.clause_ref(item, "clause")
        weight = _weight(item, c)
        total += weight
        params = _params(item, kind, c)
        indicators.append(
            Indicator(
                str(item.get("id", "")),
                str(item.get("label", "")),
                weight,
                str(item.get("formula", "")),
                params,
                str(item.get("clause", "")),
                str(item.get("note", "")),
            )
        )
    if kind in data and total != FULL_MARKS:
        c.problem(
            data,
            kind,
            f"{kind} 各项指标的权重之和为 {total}，应为 100；请调整各项的 weight",
            f"the weights of {kind} add up to {total}, not 100; adjust the weights",
        )
    return tuple(indicators)


def _weight(item, c: Checker) -> Decimal:
    try:
        weight = Decimal(str(item.get("weight")))
    except InvalidOperation:
        weight = Decimal(-1)
    if "weight" in item and not (isinstance(item["weight"], int | float) and weight > 0):
        c.problem(item, "weight", "weight 应为大于 0 的分值，如 15", "weight must be a positive number of points")
        return Decimal(0)
    return max(weight, Decimal(0))


def _params(item, kind: str, c: Checker) -> dict:
    name = item.get("formula")
    formula = FORMULAS.get(name)
    if formula is None:
        if "formula" in item:
            names = "、".join(FORMULAS)
            c.problem(
                item,
                "formula",
                f"未知的计分公式 {name!r}；可用的公式：{names}",
                f"unknown formula {name!r}; the formulas are: {', '.join(FORMULAS)}",
            )
        return {}
    if kind not in formula.kinds:
        c.problem(
            item,
            "formula",
            f"公式 {name!r} 不能用于 {kind}；请换用适用于 {kind} 的公式",
            f"formula {name!r} does not apply to {kind}",
        )
    params = item.get("params") or {}
    if not isinstance(params, dict):
        c.problem(item, "params", "params 应为键值表", "params must be a mapping")
        return {}
    if set(params) != formula.params:
        wanted = "、".join(sorted(formula.params)) or "无"
        c.problem(
            item,
            "params" if "params" in item else "formula",
            f"公式 {name!r} 的参数应为：{wanted}；请按此填写 params",
            f"formula {name!r} takes the parameters: {', '.join(sorted(formula.params)) or 'none'}",
        )
        return {}
    return dict(params)
