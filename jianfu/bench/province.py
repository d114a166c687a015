"""A Guizhou-scale organisation for the benchmark: 9 prefectures, 88 counties, 20,000 schools,
450,000 teachers. Names are synthetic; the orders of magnitude are Guizhou's."""

import random

from jianfu.org.demo.generator import (
    PlannedSchool,
    assign_teacher_counts,
    division_create,
    plan_county_schools,
    schools_create,
    teachers_build,
)
from jianfu.org.demo.load import units_create
from jianfu.org.models import School, Teacher

# GB/T 2260 prefecture codes and how many county-level divisions each has (88 in all).
PREFECTURES = [
    ("520100", "贵阳市", 10),
    ("520200", "六盘水市", 4),
    ("520300", "遵义市", 14),
    ("520400", "安顺市", 6),
    ("520500", "毕节市", 8),
    ("520600", "铜仁市", 10),
    ("522300", "黔西南布依族苗族自治州", 8),
    ("522600", "黔东南苗族侗族自治州", 16),
    ("522700", "黔南布依族苗族自治州", 12),
]
TOWNSHIPS = [f"{n}镇" for n in "东南西北中新安和平兴"]


def province_build(*, schools: int = 20_000, teachers: int = 450_000, seed: int = 52, progress=None) -> list:
    """Builds the province; returns the county divisions."""
    rng = random.Random(seed)
    counties_total = sum(n for _, _, n in PREFECTURES)
    province = division_create("520000", "贵州省", "province", None)
    units_create(province)
    counties, next_code, used = [], 5200000001, set()
    for code, name, count in PREFECTURES:
        prefecture = division_create(code, name, "prefecture", province)
        units_create(prefecture)
        for n in range(1, count + 1):
            county = division_create(f"{code[:4]}{n + 1:02d}", f"{name[:2]}{n}号县", "county", prefecture)
            units_create(county)
            plans = plan_county_schools(rng, county.name, TOWNSHIPS, schools // counties_total)
            assign_teacher_counts(rng, plans, teachers // counties_total)
            created = schools_create(county, plans, next_code)
            next_code += len(created)
            batch = []
            for school, plan in zip(created, plans, strict=True):
                batch += teachers_build(rng, school, plan, county.code, used)
            Teacher.objects.bulk_create(batch, batch_size=5000)
            counties.append(county)
            if progress:
                progress(1)
    return counties


def teachers_add(total: int, seed: int = 53) -> int:
    """Grows the province by `total` more teachers spread over its schools (the bench's `--growth`);
    returns how many were written. ID numbers already used are skipped, as in `province_build`."""
    rng = random.Random(seed)
    schools = list(School.objects.select_related("county").order_by("code"))
    used = set(Teacher.objects.values_list("id_number_digest", flat=True))
    batch = []
    for n, school in enumerate(schools):
        share = total // len(schools) + (1 if n < total % len(schools) else 0)
        plan = PlannedSchool(school.name, "primary", school.area, share)
        batch += teachers_build(rng, school, plan, school.county.code, used)
        if len(batch) >= 5000:
            Teacher.objects.bulk_create(batch, batch_size=5000)
            batch = []
    Teacher.objects.bulk_create(batch, batch_size=5000)
    return total
