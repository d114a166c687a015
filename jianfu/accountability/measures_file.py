"""The pack's accountability/measures.yaml, read and checked: the cycle of progress reports (its periods and
their due month-days) and which of the organisation's units each unit name of the clauses stands for.

A malformed file is refused with a PackError whose problems name the file, the line and the fix, in Chinese
and English, as the pack loader does for its own files. Pure Python: no Django."""

from dataclasses import dataclass
from datetime import date

from jianfu.policy.model import Pack
from jianfu.policy.source import PackError, Problem

FILE = "measures"
LEVELS = ("city", "county")
UNIT_KINDS = (
    "party_committee",
    "government",
    "party_office",
    "government_office",
    "education_bureau",
    "statistics_bureau",
    "supervision_bureau",
    "discipline_commission",
    "education_inspectorate",
    "department",
    "township",
)


@dataclass(frozen=True)
class PeriodRule:
    """One period of the year: "H1" from 01-01 to 06-30, due 07-10 (of the next year when due_next_year)."""

    id: str
    starts: tuple[int, int]
    ends: tuple[int, int]
    due: tuple[int, int]
    due_next_year: bool = False

    def dates(self, year: int) -> tuple[date, date, date]:
        """(first day, last day, due day) of this period in `year`."""
        due_year = year + 1 if self.due_next_year else year
        return date(year, *self.starts), date(year, *self.ends), date(due_year, *self.due)


@dataclass(frozen=True)
class Cycle:
    every: str
    note: str
    clause: str
    resubmit_days: int
    periods: tuple[PeriodRule, ...]


@dataclass(frozen=True)
class UnitTarget:
    """What a name of the clauses stands for: units of a level (city, each county) of a kind, and for a
    department the code's suffix (none: every department of that level)."""

    level: str
    kind: str
    code: str = ""


@dataclass(frozen=True)
class MeasuresFile:
    source: str
    cycle: Cycle
    units: dict[str, UnitTarget]
    units_line: int


class _Problems:
    def __init__(self, source: str):
        self.source, self.found = source, []

    def at(self, data, key, zh: str, en: str) -> None:
        lines = getattr(data, "lines", {})
        line = (lines.get(key) if isinstance(lines, dict) else None) or getattr(data, "line", 0)
        self.found.append(Problem(self.source, line, str(key), zh, en))


def measures_file(pack: Pack) -> MeasuresFile:
    """The pack's measures.yaml, checked; PackError naming every problem's file and line otherwise."""
    raw = pack.accountability.get(FILE)
    source = getattr(raw, "source", f"{pack.id}/accountability/{FILE}.yaml")
    problems = _Problems(source)
    if not isinstance(raw, dict) or not raw:
        problems.at(raw, "-", "缺少 cycle 和 units：请照 anshun-2021 的 measures.yaml 填写", "cycle and units missing")
        raise PackError(problems.found)
    _unknown_keys(problems, raw, {"cycle", "units"})
    cycle = _cycle(problems, raw)
    units = _units(problems, raw)
    if problems.found:
        raise PackError(problems.found)
    return MeasuresFile(source, cycle, units, getattr(raw.get("units"), "line", 0))


def _unknown_keys(problems: _Problems, data: dict, allowed: set[str], required: set[str] | None = None) -> None:
    names = "、".join(sorted(allowed))
    for key in sorted(set(data) - allowed, key=str):
        problems.at(data, key, f"未知的键 {key!r}；可用的键是 {names}", f"unknown key {key!r} (expected: {names})")
    for key in sorted((allowed if required is None else required) - set(data)):
        problems.at(data, "-", f"缺少必填的键 {key!r}；请补上", f"missing required key {key!r}")


def _month_day(problems: _Problems, data: dict, key: str) -> tuple[int, int]:
    text = str(data.get(key, ""))
    try:
        month, day = (int(part) for part in text.split("-"))
        date(2024, month, day)  # a leap year: 02-29 is a month-day
    except ValueError:
        problems.at(data, key, f"{key} 应为「月-日」，如 07-10（现为 {text!r}）", f"{key} must be MM-DD, e.g. 07-10")
        return (1, 1)
    return (month, day)


def _cycle(problems: _Problems, raw: dict) -> Cycle:
    data = raw.get("cycle")
    if not isinstance(data, dict):
        problems.at(raw, "cycle", "cycle 应为键值表（every、note、clause、resubmit_days、periods）", "cycle: a mapping")
        return Cycle("", "", "", 0, ())
    _unknown_keys(problems, data, {"every", "note", "clause", "resubmit_days", "periods"})
    days = data.get("resubmit_days")
    if not isinstance(days, int) or isinstance(days, bool) or days < 1:
        problems.at(data, "resubmit_days", "resubmit_days 应为正整数（退回后几日内重新报送）", "a positive integer")
    periods = []
    items = data.get("periods")
    if not isinstance(items, list) or not items:
        problems.at(data, "periods", "periods 应为列表，每项写明 id、starts、ends、due", "periods: a non-empty list")
        items = []
    for item in items:
        if not isinstance(item, dict):
            problems.at(data, "periods", "periods 的每一项应为键值表（id、starts、ends、due）", "items: mappings")
            continue
        _unknown_keys(problems, item, {"id", "starts", "ends", "due", "due_next_year"}, {"id", "starts", "ends", "due"})
        rule = PeriodRule(
            str(item.get("id", "")),
            _month_day(problems, item, "starts"),
            _month_day(problems, item, "ends"),
            _month_day(problems, item, "due"),
            item.get("due_next_year") is True,
        )
        periods.append(rule)
    return Cycle(
        str(data.get("every", "")),
        str(data.get("note", "")),
        str(data.get("clause", "")),
        days if isinstance(days, int) else 0,
        tuple(periods),
    )


def _units(problems: _Problems, raw: dict) -> dict[str, UnitTarget]:
    data = raw.get("units")
    if not isinstance(data, dict):
        problems.at(raw, "units", "units 应为键值表：条款中的单位名称 → {level, kind, code}", "units: a mapping")
        return {}
    targets = {}
    for name, target in data.items():
        if not isinstance(target, dict):
            problems.at(data, name, f"「{name}」应写成 {{level: city, kind: education_bureau}}", "a mapping")
            continue
        _unknown_keys(problems, target, {"level", "kind", "code"}, {"level", "kind"})
        if target.get("level") not in LEVELS:
            problems.at(
                target,
                "level",
                f"「{name}」的 level {target.get('level')!r} 无效；应为 city（市级）或 county（各县区）",
                "level must be city or county",
            )
        if target.get("kind") not in UNIT_KINDS:
            problems.at(
                target,
                "kind",
                f"「{name}」的 kind {target.get('kind')!r} 不是单位类别；可用：{'、'.join(UNIT_KINDS)}",
                f"kind must be one of {', '.join(UNIT_KINDS)}",
            )
        if target.get("code") and target.get("kind") != "department":
            problems.at(target, "code", f"「{name}」只有 kind 为 department 时才写 code；请删去", "code: departments")
        targets[str(name)] = UnitTarget(str(target.get("level")), str(target.get("kind")), str(target.get("code", "")))
    return targets


def unknown_names(pack: Pack, found: MeasuresFile) -> list[Problem]:
    """Every unit name a measure of the clauses uses that the file's `units` does not map, by clause."""
    problems = []
    for clause in pack.clauses.values():
        for name in (clause.lead_unit, *clause.responsible_units):
            if name and name not in found.units:
                problems.append(
                    Problem(
                        found.source,
                        found.units_line,
                        clause.id,
                        f"第 {clause.id} 条的单位「{name}」在 units 中没有对应；请在 units 下写明它对应的层级和单位类别",
                        f"clause {clause.id} names unit {name!r}, which units does not map",
                    )
                )
    return problems
