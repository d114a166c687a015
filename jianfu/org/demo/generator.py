"""Plausible generated rosters: used by the Anshun demo and, at province scale, by `jianfu bench`.

Everything here writes with bulk inserts (the demo is seed data, not a user's change; the loader
records one audit event for the whole set). Generated ID numbers pass the GB 11643 check and are
clearly demo: they exist only in a database marked as demo.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from jianfu.org.demo.places import GIVEN, SUBJECTS, SURNAMES, VILLAGE_PARTS
from jianfu.org.identity import check_digit, encrypt_id_number, id_number_digest, mask_id_number
from jianfu.org.models import Area, Division, Level, School, Teacher

# Teachers a school of this level and area typically has, before scaling to the wanted total.
TYPICAL_TEACHERS = {
    ("senior", Area.URBAN): 150,
    ("vocational", Area.URBAN): 90,
    ("junior", Area.URBAN): 90,
    ("junior", Area.TOWNSHIP): 50,
    ("primary", Area.URBAN): 60,
    ("primary", Area.TOWNSHIP): 30,
    ("primary", Area.VILLAGE): 8,
    ("kindergarten", Area.URBAN): 20,
    ("kindergarten", Area.TOWNSHIP): 10,
    ("kindergarten", Area.VILLAGE): 4,
}


@dataclass
class PlannedSchool:
    name: str
    level: str
    area: str
    teachers: int = 0


def division_create(code: str, name: str, kind: str, parent: Division | None, is_gb: bool = True) -> Division:
    path = (parent.path if parent else "/") + code + "/"
    division, _ = Division.objects.get_or_create(
        code=code, defaults={"name": name, "kind": kind, "parent": parent, "path": path, "is_gb_code": is_gb}
    )
    return division


def plan_county_schools(rng: random.Random, short: str, townships: list[str], count: int) -> list[PlannedSchool]:
    """Urban schools first, then each township's centre schools, then village schools up to `count`."""
    plan = [
        PlannedSchool(f"{short}第一高级中学", "senior", Area.URBAN),
        PlannedSchool(f"{short}中等职业学校", "vocational", Area.URBAN),
    ]
    urban = max(3, count // 12)
    numbers = {"junior": 1, "primary": 1, "kindergarten": 1}
    for n in range(1, urban + 1):
        level = ("junior", "primary", "kindergarten", "primary")[n % 4]
        suffix = {"junior": "中学", "primary": "小学", "kindergarten": "幼儿园"}[level]
        plan.append(PlannedSchool(f"{short}第{_numeral(numbers[level])}{suffix}", level, Area.URBAN))
        numbers[level] += 1
    for township in townships:
        plan += [
            PlannedSchool(f"{short}{township}中学", "junior", Area.TOWNSHIP),
            PlannedSchool(f"{short}{township}中心小学", "primary", Area.TOWNSHIP),
            PlannedSchool(f"{short}{township}中心幼儿园", "kindergarten", Area.TOWNSHIP),
        ]
    used = {p.name for p in plan}
    while len(plan) < count:
        township = rng.choice(townships)
        village = rng.choice(VILLAGE_PARTS) + rng.choice(VILLAGE_PARTS)
        level = "primary" if rng.random() < 0.6 else "kindergarten"
        name = f"{short}{township}{village}村{'小学' if level == 'primary' else '幼儿园'}"
        if name not in used:
            used.add(name)
            plan.append(PlannedSchool(name, level, Area.VILLAGE))
    return plan[:count]


def _numeral(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    return ("" if n < 20 else digits[n // 10]) + "十" + (digits[n % 10] if n % 10 else "")


def assign_teacher_counts(rng: random.Random, plans: list[PlannedSchool], total: int) -> None:
    raw = [TYPICAL_TEACHERS[(p.level, p.area)] * rng.uniform(0.7, 1.3) for p in plans]
    factor = total / sum(raw)
    for plan, weight in zip(plans, raw, strict=True):
        plan.teachers = max(1, round(weight * factor))


def schools_create(county: Division, plans: list[PlannedSchool], first_code: int) -> list[School]:
    levels = {level.code: level for level in Level.objects.all()}
    schools = [
        School(
            code=f"{first_code + i:010d}",
            name=p.name,
            county=county,
            area=p.area,
            pupil_count=p.teachers * 15,
            staff_quota=round(p.teachers * 1.05),
        )
        for i, p in enumerate(plans)
    ]
    School.objects.bulk_create(schools, batch_size=2000)
    through = School.levels.through
    through.objects.bulk_create(
        [through(school_id=s.pk, level_id=levels[p.level].pk) for s, p in zip(schools, plans, strict=True)],
        batch_size=5000,
    )
    return schools


def teachers_build(
    rng: random.Random, school: School, plan: PlannedSchool, region: str, used_digests: set[str]
) -> list[Teacher]:
    teachers = []
    while len(teachers) < plan.teachers:
        born = date(1965, 1, 1) + timedelta(days=rng.randrange(0, 35 * 365))
        first17 = f"{region}{born:%Y%m%d}{rng.randrange(0, 1000):03d}"
        id_number = first17 + check_digit(first17)
        digest = id_number_digest(id_number)
        if digest in used_digests:
            continue
        used_digests.add(digest)
        teachers.append(
            Teacher(
                school=school,
                name=rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2)))),
                id_number_cipher=encrypt_id_number(id_number),
                id_number_digest=digest,
                id_number_masked=mask_id_number(id_number),
                staffing_status="established" if rng.random() < 0.85 else "non_established",
                post_status=rng.choices(["on_post", "seconded", "assigned", "other_off_post"], [94, 3, 1.5, 1.5])[0],
                subject="保教" if plan.level == "kindergarten" else rng.choice(SUBJECTS),
                duties=["班主任"] if plan.level != "kindergarten" and rng.random() < 0.3 else [],
                started_on=born.replace(day=1) + timedelta(days=365 * 22 + rng.randrange(0, 900)),
            )
        )
    return teachers


def region_code(division: Division) -> str:
    """ID numbers carry a GB code; a management committee's people carry their city's."""
    return division.code if division.is_gb_code else division.parent.code
