"""Units: keyed by 单位代码; a known code updates the unit, a new one creates it."""

from jianfu.documents.language import official_labels
from jianfu.org.access import can_manage_roster
from jianfu.org.imports.lookups import DivisionResolver, chunks
from jianfu.org.imports.sheet import Column, RowError, text
from jianfu.org.models import Unit, UnitKind

COLUMNS = [
    Column("单位代码", "code", hint="本地统一的单位代码，如 520402-JYJ"),
    Column("单位名称", "name"),
    Column("单位类别", "kind", hint="、".join(official_labels(UnitKind).values())),
    Column("所属区划", "division", hint="区划代码或全称"),
]
KIND_BY_LABEL = {label: value for value, label in official_labels(UnitKind).items()}


def plan(rows, acting_user, progress=None):
    errors: list[RowError] = []
    resolver = DivisionResolver(acting_user, county_level_only=False)
    codes = [text(r["code"]) for _, r in rows]
    existing = {}
    for chunk in chunks(sorted(set(codes))):
        existing.update({u.code: u for u in Unit.objects.filter(code__in=chunk).select_related("division")})
    seen, records = {}, []
    for number, row in rows:
        code, name = text(row["code"]), text(row["name"])
        if not code or len(code) > 32:
            errors.append(RowError(number, "单位代码", code, "不能为空且不超过 32 个字符；请填写单位代码"))
        elif code in seen:
            errors.append(RowError(number, "单位代码", code, f"与第 {seen[code]} 行重复；同一单位只填一行"))
        elif code in existing and not can_manage_roster(acting_user, existing[code].division):
            errors.append(RowError(number, "单位代码", code, "该代码已属于您管辖范围以外的单位；请核对代码"))
        seen.setdefault(code, number)
        if not name:
            errors.append(RowError(number, "单位名称", "", "不能为空；请填写单位全称"))
        kind = KIND_BY_LABEL.get(text(row["kind"]))
        if kind is None:
            errors.append(RowError(number, "单位类别", text(row["kind"]), "请填写 " + "、".join(KIND_BY_LABEL)))
        division, problem = resolver.resolve(text(row["division"]))
        if problem:
            errors.append(RowError(number, "所属区划", text(row["division"]), problem))
        records.append({"code": code, "name": name, "kind": kind, "division": division})
    return errors, lambda: _write(records, existing)


def _write(records, existing: dict[str, Unit]) -> dict:
    created, updated = [], []
    for record in records:
        unit = existing.get(record["code"]) or Unit(code=record["code"])
        unit.name, unit.kind, unit.division = record["name"], record["kind"], record["division"]
        (updated if unit.pk else created).append(unit)
    Unit.objects.bulk_create(created, batch_size=1000)
    Unit.objects.bulk_update(updated, ["name", "kind", "division"], batch_size=1000)
    # bulk_update sends no signal: the registrations naming a renamed unit are stored afresh.
    from jianfu.registry.answer_upkeep import named_updated_in_bulk  # the registry builds on org

    named_updated_in_bulk(Unit, updated)
    return {"created": len(created), "updated": len(updated)}
