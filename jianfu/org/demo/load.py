"""`jianfu demo`: the Anshun demo data set, loaded once, plus one account per role per county."""

import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from jianfu.audit.services import audit_record
from jianfu.org.demo.generator import (
    assign_teacher_counts,
    division_create,
    plan_county_schools,
    region_code,
    schools_create,
    teachers_build,
)
from jianfu.org.demo.places import CITY, COUNTIES, PROVINCE, SHORT_NAMES, UNITS
from jianfu.org.models import DemoMark, Division, Role, RoleAssignment, Teacher, Unit
from jianfu.org.services import role_grant

DEMO_VERSION = "2021.1"
DEMO_PASSWORD = "jianfu-demo-2021"
SCHOOLS_PER_COUNTY = {
    "520402": 380,
    "520403": 190,
    "520422": 200,
    "520423": 200,
    "520424": 190,
    "520425": 200,
    "5204L1": 60,
    "5204L2": 50,
}
TEACHERS_TOTAL = 40_000
# (username suffix, role, unit code suffix); the school roles come after, on the county's first school.
UNIT_ACCOUNTS = [
    ("bureau", Role.EDUCATION_BUREAU, "JYJ"),
    ("approver", Role.APPROVER, "DW"),
    ("reviewer", Role.JOINT_REVIEWER, "DWB"),
    ("requester", Role.REQUESTER, "WJJ"),
    ("inspector", Role.INSPECTOR, "DDS"),
]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    where: str


def units_create(division: Division) -> None:
    """The standard units of one level; a management committee has a working committee and a
    管理委员会 where a county has a party committee and a government."""
    names = {}
    for suffix, _kind, pattern in UNITS:
        name = pattern.format(d=division.name)
        if division.kind == "management_committee":
            name = name.replace("委员会", "工作委员会", 1).replace("人民政府", "管理委员会")
        names[suffix] = name
    Unit.objects.bulk_create(
        [
            Unit(code=f"{division.code}-{suffix}", kind=kind, division=division, name=names[suffix])
            for suffix, kind, _pattern in UNITS
        ],
        ignore_conflicts=True,
    )


def demo_is_loaded() -> bool:
    return DemoMark.objects.exists()


def demo_load(*, teachers_total: int = TEACHERS_TOTAL, seed: int = 2021, progress=None) -> None:
    rng = random.Random(seed)
    with transaction.atomic():
        province = division_create(*PROVINCE, parent=None)
        city = division_create(*CITY, parent=province)
        units_create(city)
        counties = []
        for code, name, kind, _key, townships in COUNTIES:
            county = division_create(code, name, kind, parent=city, is_gb=code.isdigit())
            units_create(county)
            counties.append((county, townships))
        total_schools = sum(SCHOOLS_PER_COUNTY.values())
        used_digests: set[str] = set()
        next_code = 3152000001
        for county, townships in counties:
            count = SCHOOLS_PER_COUNTY[county.code]
            plans = plan_county_schools(rng, SHORT_NAMES[county.code], townships, count)
            assign_teacher_counts(rng, plans, round(teachers_total * count / total_schools))
            schools = schools_create(county, plans, next_code)
            next_code += count
            region = region_code(county)
            batch = []
            for school, plan in zip(schools, plans, strict=True):
                batch += teachers_build(rng, school, plan, region, used_digests)
            Teacher.objects.bulk_create(batch, batch_size=5000)
            if progress:
                progress(county.name, len(batch))
        accounts = demo_accounts_create()
        DemoMark.objects.create(version=DEMO_VERSION)
        audit_record(
            acting_user=None,
            action="demo.load",
            object_type="demo",
            object_id=DEMO_VERSION,
            after={"schools": total_schools, "teachers": Teacher.objects.count(), "accounts": len(accounts)},
        )


def demo_accounts_create() -> list[DemoAccount]:
    User = get_user_model()
    accounts = []
    # One hash for every demo account: they share one published password, and hashing it 60 times
    # at full cost would make up half of the demo's loading time.
    password_hash = make_password(DEMO_PASSWORD)

    def account(username: str, role: Role, *, unit=None, school=None) -> User:
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.password = password_hash
            user.save(update_fields=["password"])
        role_grant(user=user, role=role, unit=unit, school=school)
        accounts.append(DemoAccount(username, role.label, str(unit or school)))
        return user

    for suffix, role, unit_suffix in UNIT_ACCOUNTS:
        account(f"anshun-{suffix}", role, unit=Unit.objects.get(code=f"520400-{unit_suffix}"))
    for code, _name, _kind, key, _townships in COUNTIES:
        for suffix, role, unit_suffix in UNIT_ACCOUNTS:
            account(f"{key}-{suffix}", role, unit=Unit.objects.get(code=f"{code}-{unit_suffix}"))
        school = Division.objects.get(code=code).schools.order_by("code").first()
        account(f"{key}-principal", Role.PRINCIPAL, school=school)
        teacher_user = account(f"{key}-teacher", Role.TEACHER, school=school)
        Teacher.objects.filter(pk=school.teachers.order_by("id").values("id")[:1]).update(user=teacher_user)
    return accounts


def demo_accounts() -> list[DemoAccount]:
    """The accounts as the loader made them, for printing after a later `make run`: one line each,
    with every role it holds (a county bureau also raises its own emergencies as a requester)."""
    User = get_user_model()
    users = (
        User.objects.filter(
            username__regex=r"^[a-z]+-(bureau|approver|reviewer|requester|inspector|"
            r"principal|teacher)$"
        )
        .prefetch_related("role_assignments__unit", "role_assignments__school")
        .order_by("username")
    )
    return [_account_line(user, sorted(user.role_assignments.all(), key=lambda a: a.pk)) for user in users]


def _account_line(user, assignments) -> DemoAccount:
    roles = dict.fromkeys(str(a.get_role_display()) for a in assignments)
    places = dict.fromkeys(str(a.unit or a.school) for a in assignments)
    return DemoAccount(user.username, "、".join(roles), "、".join(places))


def bureau_person(division: Division):
    """The demo's person of a division's education bureau (the first by username), who acts for the bureau in
    the demo's records; None where the division has none."""
    holder = (
        RoleAssignment.objects.filter(
            role=Role.EDUCATION_BUREAU, unit__division=division, unit__kind="education_bureau", user__is_active=True
        )
        .select_related("user")
        .order_by("user__username")
        .first()
    )
    return holder.user if holder else None
