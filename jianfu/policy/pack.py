"""Loading a pack: read its YAML (and its parent's), merge, validate everything, build a Pack.

A pack with any problem is refused whole, with every problem named by file, key and line.
"""

from dataclasses import replace
from datetime import date
from pathlib import Path

from jianfu.policy import dictionary
from jianfu.policy.checks import Checker
from jianfu.policy.model import Category, Clause, DatedValue, Limit, NegativeItem, Pack, RouteStep, Rule, Severity
from jianfu.policy.source import LineDict, LineList, PackError, Problem, read_yaml

PACKS_DIR = Path(__file__).resolve().parent / "packs"
ROUTE_ACTIONS = {
    "review": "审核",
    "joint_review": "联合审核",
    "approval": "审批",
    "filing": "备案",
    "consultation": "会商",
}


def pack_dirs(search_path: tuple[Path, ...] = ()) -> dict[str, Path]:
    found = {}
    for root in (PACKS_DIR, *search_path):
        for folder in sorted(Path(root).iterdir()):
            if (folder / "pack.yaml").is_file():
                found[folder.name] = folder
    return found


def load_pack(pack_id: str, search_path: tuple[Path, ...] = ()) -> Pack:
    dirs = pack_dirs(search_path)
    raw = _read_chain(pack_id, dirs, seen=())
    checker = Checker()
    pack = _build(raw, checker)
    try:
        pack = replace(pack, dictionary=dictionary.load_chain(raw["dictionary"]))
    except PackError as error:
        checker.problems.extend(error.problems)
    if checker.problems:
        raise PackError(checker.problems)
    return pack


def _read_chain(pack_id: str, dirs: dict[str, Path], seen: tuple[str, ...]) -> dict:
    """The pack's own files laid over its parent's (recursively)."""
    if pack_id not in dirs:
        raise PackError([Problem(pack_id, 0, "parent", f"找不到政策包 {pack_id}", f"no policy pack {pack_id}")])
    if pack_id in seen:
        raise PackError([Problem(pack_id, 0, "parent", "政策包的继承关系成环", "packs inherit in a cycle")])
    own = _read_dir(dirs[pack_id])
    parent_id = own["pack"].get("parent")
    if not parent_id:
        return own
    base = _read_chain(parent_id, dirs, (*seen, pack_id))
    return _overlay(base, own)


def _read_dir(folder: Path) -> dict:
    def read(relative: str):
        path = folder / relative
        return (read_yaml(path, f"{folder.name}/{relative}"), f"{folder.name}/{relative}") if path.is_file() else None

    raw = {"pack": _tag(*read("pack.yaml"))}
    for name in ("clauses", "categories", "rules", "negative_list"):
        found = read(f"{name}.yaml")
        raw[name] = _tag(*found) if found else None
    raw["limits"] = {
        p.stem: _tag(read_yaml(p, f"{folder.name}/limits/{p.name}"), f"{folder.name}/limits/{p.name}")
        for p in sorted((folder / "limits").glob("*.yaml"))
    }
    raw["cases"] = [
        _tag(read_yaml(p, f"{folder.name}/cases/{p.name}"), f"{folder.name}/cases/{p.name}")
        for p in sorted((folder / "cases").glob("*.yaml"))
    ]
    raw["dictionary"] = [(folder / "dictionary", folder.name)] if (folder / "dictionary").is_dir() else []
    raw["accountability"] = {
        p.stem: _tag(read_yaml(p, f"{folder.name}/accountability/{p.name}"), f"{folder.name}/accountability/{p.name}")
        for p in sorted((folder / "accountability").glob("*.yaml"))
    }
    return raw


def _tag(data, label: str):
    """Remember on every mapping and list which file it came from (an empty file reads as {})."""
    if data is None:
        data = LineDict()
    if isinstance(data, LineDict | LineList):
        data.source = label
        for child in data.values() if isinstance(data, dict) else data:
            _tag(child, label) if isinstance(child, LineDict | LineList) else None
    return data


def _overlay(base: dict, own: dict) -> dict:
    """A child overrides its parent entry by entry: clauses by id, categories and rules by code,
    negative-list items by number, and each limit's dated values date by date."""
    merged = dict(base)
    merged["pack"] = own["pack"]
    merged["cases"] = own["cases"]
    merged["dictionary"] = base["dictionary"] + own["dictionary"]
    merged["accountability"] = base["accountability"] | own["accountability"]  # a child's file replaces its parent's
    if own["clauses"]:
        clauses = {c.get("id"): c for c in (base["clauses"] or {}).get("clauses", [])}
        clauses.update({c.get("id"): c for c in own["clauses"].get("clauses", [])})
        combined = _tag(LineDict(base["clauses"] or {}), own["clauses"].source)
        combined["clauses"] = list(clauses.values())
        if "sections" in own["clauses"]:
            combined["sections"] = own["clauses"]["sections"]
        merged["clauses"] = combined
    for name in ("categories", "rules"):
        if own[name]:
            combined = _tag(LineDict(base[name] or {}), own[name].source)
            combined.lines = {**getattr(base[name], "lines", {}), **own[name].lines}
            combined.update(own[name])
            merged[name] = combined
    if own["negative_list"]:
        items = {item.get("no"): item for item in base["negative_list"] or []}
        items.update({item.get("no"): item for item in own["negative_list"]})
        merged["negative_list"] = _tag([items[no] for no in sorted(items)], own["negative_list"].source)
    limits = dict(base["limits"])
    for code, limit in own["limits"].items():
        if code in limits and isinstance(limit.get("values"), dict):
            values = LineDict({**limits[code].get("values", {}), **limit["values"]})
            values.lines = {**limits[code].get("values", LineDict()).lines, **limit["values"].lines}
            limit = _tag(LineDict({**limits[code], **limit, "values": values}), limit.source)
        limits[code] = limit
    merged["limits"] = limits
    return merged


def _build(raw: dict, c: Checker) -> Pack:
    meta = raw["pack"]
    c.keys(
        meta,
        required={
            "id",
            "title",
            "document_number",
            "issuer",
            "issued_on",
            "effective_from",
            "jurisdiction",
            "registration_format",
        },
        optional={"parent", "unit_kinds"},
    )
    for key in ("issued_on", "effective_from"):
        c.type_(meta, key, date, "日期（如 2021-02-05）", "a date such as 2021-02-05")
    clauses_raw = raw["clauses"] or _tag(LineDict(), "clauses.yaml")
    c.keys(clauses_raw, required={"clauses"}, optional={"sections"})
    clauses = {}
    for entry in c.items(clauses_raw, "clauses"):
        c.keys(entry, required={"id", "title", "text"}, optional={"lead_unit", "responsible_units"})
        clause = Clause(
            str(entry.get("id")),
            entry.get("title", ""),
            entry.get("text", ""),
            entry.get("lead_unit"),
            tuple(entry.get("responsible_units") or ()),
        )
        clauses[clause.id] = clause
    c.clause_ids = set(clauses)
    sections = tuple(Clause(str(s.get("id")), s.get("title", ""), "") for s in c.items(clauses_raw, "sections"))
    unit_kinds = dict(meta.get("unit_kinds") or {})
    limits = {code: _limit(code, data, c) for code, data in raw["limits"].items()}
    c.limit_codes = set(limits)
    categories = {
        code: _category(code, data, raw["categories"], unit_kinds, c)
        for code, data in (raw["categories"] or {}).items()
    }
    c.category_codes = set(categories)
    rules = {code: _rule(code, data, raw["rules"], c) for code, data in (raw["rules"] or {}).items()}
    negative = tuple(_negative(item, clauses, c) for item in c.items_of(raw["negative_list"] or []))
    return Pack(
        id=str(meta.get("id")),
        title=meta.get("title", ""),
        document_number=meta.get("document_number", ""),
        issuer=meta.get("issuer", ""),
        issued_on=meta.get("issued_on"),
        effective_from=meta.get("effective_from"),
        jurisdiction=str(meta.get("jurisdiction", "")),
        parent=meta.get("parent"),
        registration_format=meta.get("registration_format", ""),
        sections=sections,
        clauses=clauses,
        categories=categories,
        limits=limits,
        rules=rules,
        negative_list=negative,
        unit_kinds=unit_kinds,
        cases=tuple(case for document in raw["cases"] for case in c.items_of(document)),
        accountability=dict(raw["accountability"]),
    )


def _steps(data, key: str, unit_kinds: dict, c: Checker) -> tuple[RouteStep, ...]:
    steps = []
    for step in c.items(data, key, required=False):
        c.keys(step, required={"action", "by", "clause"}, optional=set())
        c.one_of(step, "action", ROUTE_ACTIONS)
        by = step.get("by")
        for kind in by if isinstance(by, list) else [by]:
            if kind not in unit_kinds:
                c.problem(
                    step,
                    "by",
                    f"未知的单位类别 {kind!r}；请在 pack.yaml 的 unit_kinds 中定义",
                    f"unknown unit kind {kind!r}; define it under unit_kinds in pack.yaml",
                )
        c.clause_ref(step, "clause")
        names = "、".join(unit_kinds.get(k, str(k)) for k in (by if isinstance(by, list) else [by]))
        label = f"{names}{ROUTE_ACTIONS.get(step.get('action'), '')}"
        steps.append(
            RouteStep(
                step.get("action"), ",".join(by) if isinstance(by, list) else str(by), str(step.get("clause")), label
            )
        )
    return tuple(steps)


def _category(code: str, data, parent, unit_kinds: dict, c: Checker) -> Category:
    if not c.mapping(parent, code, data):
        return Category(code, "", "", "any", ())
    c.keys(
        data,
        required={"label", "clause", "requesters", "route"},
        optional={"temporary_route", "temporary_when", "emergency_skips", "required_fields", "quota", "vetted_items"},
    )
    c.clause_ref(data, "clause")
    c.one_of(data, "requesters", {"any", "education_only"})
    for condition in data.get("temporary_when") or []:
        if condition not in ("outside_plan", "after_collection_window"):
            c.problem(
                data,
                "temporary_when",
                f"未知的临时事项条件 {condition!r}",
                f"unknown temporary condition {condition!r} (outside_plan, after_collection_window)",
            )
    return Category(
        code,
        data.get("label", ""),
        str(data.get("clause")),
        data.get("requesters", "any"),
        _steps(data, "route", unit_kinds, c),
        _steps(data, "temporary_route", unit_kinds, c),
        tuple(data.get("emergency_skips") or ()),
        tuple(data.get("temporary_when") or ()),
        tuple(data.get("required_fields") or ()),
        bool(data.get("quota", False)),
        tuple(str(item) for item in data.get("vetted_items") or ()),
    )


def _limit(code: str, data, c: Checker) -> Limit:
    c.keys(data, required={"label", "governed_by", "values"}, optional={"note", "deadline", "unit"})
    if "unit" in data:
        c.one_of(data, "unit", {"working_days", "days"})
    values, previous = [], None
    raw_values = data.get("values")
    if not isinstance(raw_values, dict) or not raw_values:
        c.problem(data, "values", "应为以日期为键的取值表", "must map dates to values")
        raw_values = {}
    for since, entry in raw_values.items():
        where = (raw_values, since)
        if not isinstance(since, date):
            c.problem(*where, f"键 {since!r} 应为日期（如 2021-02-05）", f"key {since!r} must be a date")
            continue
        if previous and since <= previous:
            c.problem(
                *where,
                f"日期 {since} 不晚于前一个日期 {previous}；请按时间先后排列",
                f"date {since} is not after {previous}; list dates in order",
            )
        previous = since
        if not isinstance(entry, dict) or "clause" not in entry or "value" not in entry:
            c.problem(
                *where,
                "每个取值都须写明 value 和所依据的条款 clause",
                "every value needs `value` and the `clause` it comes from",
            )
            continue
        c.keys(entry, required={"value", "clause"}, optional=set())
        c.clause_ref(entry, "clause")
        values.append(DatedValue(since, entry["value"], str(entry["clause"])))
    return Limit(
        code,
        data.get("label", ""),
        data.get("governed_by", "start"),
        tuple(values),
        data.get("note", ""),
        data.get("deadline", ""),
        data.get("unit", ""),
    )


def _rule(code: str, data, parent, c: Checker) -> Rule:
    if not c.mapping(parent, code, data):
        return Rule(code, "", Severity.INFO, "", (), ())
    c.keys(data, required={"clause", "severity", "message", "categories", "when"}, optional={"title"})
    c.clause_ref(data, "clause")
    c.one_of(data, "severity", {s.value for s in Severity})
    for category in data.get("categories") or []:
        if category not in c.category_codes:
            c.problem(data, "categories", f"未知的事项类别 {category!r}", f"unknown category {category!r}")
    conditions = tuple(c.condition(condition) for condition in c.items(data, "when"))
    severity = data.get("severity") if data.get("severity") in {s.value for s in Severity} else "info"
    return Rule(
        code,
        str(data.get("clause")),
        Severity(severity),
        data.get("message", ""),
        tuple(data.get("categories") or ()),
        conditions,
        data.get("title", ""),
    )


def _negative(item, clauses: dict, c: Checker) -> NegativeItem:
    c.keys(item, required={"no", "clause"}, optional={"signals", "examples", "pairs"})
    c.clause_ref(item, "clause")
    clause = clauses.get(str(item.get("clause")))
    pairs = []
    for pair in item.get("pairs") or []:
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(half, list) and half for half in pair)):
            c.problem(
                item,
                "pairs",
                "pairs 的每一项应为两个非空词表 [[动作…], [对象…]]",
                "each of pairs must be two non-empty lists [[actions…], [objects…]]",
            )
            continue
        pairs.append((tuple(pair[0]), tuple(pair[1])))
    text = clause.title if clause else ""
    return NegativeItem(
        item.get("no"),
        text,
        str(item.get("clause")),
        tuple(item.get("signals") or ()),
        tuple(item.get("examples") or ()),
        tuple(pairs),
        _spares_teaching(text),
    )


def _spares_teaching(text: str) -> bool:
    """Items about matters unrelated to teaching, or needing the education bureau's consent, do not
    cover the education system's own teaching work (its exams, its training, its textbooks)."""
    return any(words in text for words in ("与教育教学无关", "非教育教学", "教育行政部门同意"))
