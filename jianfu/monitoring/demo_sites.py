"""The monitoring sites' demo: in every county, nine sites for the current year and for the previous one (whose
report the demo submits), named by the county's bureau through the same service people use, and the years'
survey waves from the pack.

The roster generator plans no village secondary school (and, by chance, a small county may lack a village
kindergarten); for such a cell the demo adds a plausible school first — a village nine-year school (小学 and
初中, so it counts for the secondary cell) or a village kindergarten — with a few teachers, so every matrix is
complete with schools that really fit their cells and no stand-in is needed.
"""

import random

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from jianfu.monitoring.models import MonitoringSite
from jianfu.monitoring.selectors import counties_with_schools
from jianfu.monitoring.sites import LEVELS_OF_CELL, matrix_of, site_name
from jianfu.monitoring.waves import waves_for
from jianfu.org.demo.generator import PlannedSchool, region_code, schools_create, teachers_build
from jianfu.org.demo.load import bureau_person
from jianfu.org.demo.places import COUNTIES, SHORT_NAMES
from jianfu.org.models import Division, Level, School, Teacher
from jianfu.packs.active import active_engine

# What the demo builds where a county has no school for a cell: (name suffix, first level, further levels).
MADE_FOR_CELL = {
    "secondary": ("九年一贯制学校", "junior", ("primary",)),
    "primary": ("小学", "primary", ()),
    "kindergarten": ("幼儿园", "kindergarten", ()),
}
TEACHERS_OF_A_MADE_SCHOOL = 12


def sites_demo_is_loaded() -> bool:
    return MonitoringSite.objects.filter(year=timezone.localdate().year).exists()


def sites_demo_load(*, year: int | None = None, seed: int = 74) -> int:
    """Names every county's nine sites for `year` (the current year) and the year before; returns the sites
    named. Counties without a bureau account (not the demo's) are left alone."""
    year = year or timezone.localdate().year
    rng = random.Random(seed)
    pack = active_engine().pack
    named = 0
    with transaction.atomic():
        for county in counties_with_schools():
            bureau = bureau_person(county)
            if bureau is None:
                continue
            for each_year in (year - 1, year):
                for area, level in matrix_of(pack, each_year).cells():
                    school = _school_for(rng, county, each_year, area, level)
                    site_name(bureau, county=county, year=each_year, school=school, area=area, level=level)
                    named += 1
        for each_year in (year - 1, year):
            waves_for(each_year, pack=pack)
    return named


def _school_for(rng: random.Random, county: Division, year: int, area: str, level: str) -> School:
    """The county's first school (by code) that fits the cell and is not yet a site of the year; a made
    one where there is none."""
    taken = MonitoringSite.objects.filter(year=year, county=county).values("school_id")
    fitting = School.objects.filter(county=county, area=area, levels__code__in=LEVELS_OF_CELL[level])
    school = fitting.exclude(pk__in=taken).distinct().order_by("code").first()
    if school is not None:
        return school
    return _school_made(rng, county, area, level)


def _school_made(rng: random.Random, county: Division, area: str, level: str) -> School:
    suffix, first_level, further = MADE_FOR_CELL[level]
    township = rng.choice(_townships(county) or ["中心镇"])
    short = SHORT_NAMES.get(county.code, county.name)
    place = {"urban": "城区", "township": township, "village": f"{township}新寨村"}[area]
    plan = PlannedSchool(f"{short}{place}{suffix}", first_level, area, TEACHERS_OF_A_MADE_SCHOOL)
    next_code = int(School.objects.aggregate(last=Max("code"))["last"] or 3152000000) + 1
    (school,) = schools_create(county, [plan], next_code)
    for code in further:
        school.levels.add(Level.objects.get(code=code))
    used = set(Teacher.objects.values_list("id_number_digest", flat=True))
    Teacher.objects.bulk_create(teachers_build(rng, school, plan, region_code(county), used))
    return school


def _townships(county: Division) -> list[str]:
    for code, _name, _kind, _key, townships in COUNTIES:
        if code == county.code:
            return list(townships)
    return []
