"""Schools: keyed by 学校标识码; a known code updates the school, a new one creates it."""

import re

from jianfu.documents.language import official_labels
from jianfu.org.imports.lookups import DivisionResolver, schools_by_code
from jianfu.org.imports.sheet import Column, RowError, split_list, text
from jianfu.org.models import Area, Level, School

COLUMNS = [
    Column("学校标识码", "code", hint="10 位数字，如 3152000123"),
    Column("学校名称", "name", hint="全称，如 西秀区第一小学"),
    Column("所属县（区）", "county", hint="区划代码或全称，如 520402 或 西秀区"),
    Column("学段", "levels", hint="幼儿园、小学、初中、高中、中职、特教，多个用顿号分隔"),
    Column("区域", "area", hint="城区、乡镇 或 村"),
    Column("在校学生数", "pupil_count", required=False, hint="整数"),
    Column("核定编制数", "staff_quota", required=False, hint="整数"),
]
_CODE = re.compile(r"^[0-9A-Za-z]{6,16}$")
AREA_BY_LABEL = {label: value for value, label in official_labels(Area).items()}


def count(value, header: str, row: int, errors: list[RowError]) -> int:
    raw = text(value)
    if raw == "":
        return 0
    if not raw.isdigit():
        errors.append(RowError(row, header, raw, "应为不小于 0 的整数；请只填数字"))
        return 0
    return int(raw)


def plan(rows, acting_user, progress=None):
    errors: list[RowError] = []
    levels = {level.name: level for level in Level.objects.all()}
    resolver = DivisionResolver(acting_user, county_level_only=True)
    existing, foreign = schools_by_code(acting_user, [text(r["code"]) for _, r in rows])
    seen: dict[str, int] = {}
    records = []
    for number, row in rows:
        code, name = text(row["code"]), text(row["name"])
        if not _CODE.match(code):
            errors.append(
                RowError(
                    number, "学校标识码", code, "应为 6–16 位数字或字母（通常 10 位）；请按教育事业统计中的标识码填写"
                )
            )
        elif code in seen:
            errors.append(RowError(number, "学校标识码", code, f"与第 {seen[code]} 行重复；同一学校只填一行"))
        elif code in foreign:
            errors.append(
                RowError(number, "学校标识码", code, "该学校属于您管辖范围以外的县（区）；请由其所属教育局导入")
            )
        seen.setdefault(code, number)
        if not name:
            errors.append(RowError(number, "学校名称", "", "不能为空；请填写学校全称"))
        county, problem = resolver.resolve(text(row["county"]))
        if problem:
            errors.append(RowError(number, "所属县（区）", text(row["county"]), problem))
        level_names = split_list(row["levels"])
        unknown = [n for n in level_names if n not in levels]
        if not level_names or unknown:
            errors.append(
                RowError(
                    number,
                    "学段",
                    text(row["levels"]),
                    "无法识别；请填写 " + "、".join(levels) + " 中的一个或多个，用顿号分隔",
                )
            )
        area = AREA_BY_LABEL.get(text(row["area"]))
        if area is None:
            errors.append(RowError(number, "区域", text(row["area"]), "请填写 城区、乡镇 或 村"))
        records.append(
            {
                "code": code,
                "name": name,
                "county": county,
                "area": area,
                "levels": [levels[n] for n in level_names if n in levels],
                "pupil_count": count(row.get("pupil_count"), "在校学生数", number, errors),
                "staff_quota": count(row.get("staff_quota"), "核定编制数", number, errors),
            }
        )
    return errors, lambda: _write(records, existing)


def _write(records, existing: dict[str, School]) -> dict:
    created, updated = [], []
    for record in records:
        school = existing.get(record["code"]) or School(code=record["code"])
        for field in ("name", "county", "area", "pupil_count", "staff_quota"):
            setattr(school, field, record[field])
        (updated if school.pk else created).append(school)
    School.objects.bulk_create(created, batch_size=1000)
    School.objects.bulk_update(updated, ["name", "county", "area", "pupil_count", "staff_quota"], batch_size=1000)
    # bulk_update sends no signal: the registrations naming a renamed school are stored afresh.
    from jianfu.registry.answer_upkeep import named_updated_in_bulk  # the registry builds on org

    named_updated_in_bulk(School, updated)
    if created and created[0].pk is None:  # a backend without RETURNING: read the keys back
        ids = dict(School.objects.filter(code__in=[s.code for s in created]).values_list("code", "id"))
        for school in created:
            school.pk = ids[school.code]
    through = School.levels.through
    through.objects.filter(school_id__in=[s.pk for s in updated]).delete()
    by_code = {s.code: s for s in created + updated}
    through.objects.bulk_create(
        [through(school_id=by_code[r["code"]].pk, level_id=level.pk) for r in records for level in r["levels"]],
        batch_size=2000,
    )
    return {"created": len(created), "updated": len(updated)}
