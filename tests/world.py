"""A small Anshun with named actors, built inside each test's transaction (fast: ~40 rows)."""

import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from jianfu.org.demo.generator import PlannedSchool, division_create, schools_create, teachers_build
from jianfu.org.demo.load import units_create
from jianfu.org.models import Division, Role, School, Teacher, Unit
from jianfu.org.services import role_grant

PASSWORD = "correct-horse-battery"


@dataclass
class World:
    city: Division
    xixiu: Division
    pingba: Division
    xixiu_school: School
    xixiu_other_school: School
    pingba_school: School
    xixiu_teacher: Teacher
    xixiu_colleague: Teacher
    pingba_teacher: Teacher
    city_officer: object
    county_officer: object
    other_county_officer: object
    department_clerk: object
    approver: object
    joint_reviewer: object
    principal: object
    teacher: object
    inspector: object
    outsider: object

    def unit(self, code: str) -> Unit:
        return Unit.objects.get(code=code)


def _user(username: str):
    return get_user_model().objects.create_user(username, password=PASSWORD)


def build_world() -> World:
    rng = random.Random(7)
    province = division_create("520000", "贵州省", "province", None)
    city = division_create("520400", "安顺市", "prefecture", province)
    xixiu = division_create("520402", "西秀区", "district", city)
    pingba = division_create("520403", "平坝区", "district", city)
    for division in (city, xixiu, pingba):
        units_create(division)
    plans = [
        PlannedSchool("西秀区第一小学", "primary", "urban", 3),
        PlannedSchool("西秀区旧州镇中学", "junior", "township", 2),
    ]
    xixiu_school, xixiu_other = schools_create(xixiu, plans, 3152000001)
    pingba_plan = [PlannedSchool("平坝区天龙镇中心小学", "primary", "township", 2)]
    (pingba_school,) = schools_create(pingba, pingba_plan, 3152000101)
    used: set[str] = set()
    for school, plan in ((xixiu_school, plans[0]), (xixiu_other, plans[1]), (pingba_school, pingba_plan[0])):
        Teacher.objects.bulk_create(teachers_build(rng, school, plan, school.county.code, used))
    xixiu_teachers = list(xixiu_school.teachers.order_by("id"))
    actors = {
        "city_officer": (Role.EDUCATION_BUREAU, "520400-JYJ"),
        "county_officer": (Role.EDUCATION_BUREAU, "520402-JYJ"),
        "other_county_officer": (Role.EDUCATION_BUREAU, "520403-JYJ"),
        "department_clerk": (Role.REQUESTER, "520402-WJJ"),
        "approver": (Role.APPROVER, "520402-DW"),
        "joint_reviewer": (Role.JOINT_REVIEWER, "520402-DWB"),
        "inspector": (Role.INSPECTOR, "520402-DDS"),
    }
    users = {}
    for name, (role, unit_code) in actors.items():
        users[name] = _user(name)
        role_grant(user=users[name], role=role, unit=Unit.objects.get(code=unit_code))
    users["principal"] = _user("principal")
    role_grant(user=users["principal"], role=Role.PRINCIPAL, school=xixiu_school)
    users["teacher"] = _user("teacher")
    role_grant(user=users["teacher"], role=Role.TEACHER, school=xixiu_school)
    Teacher.objects.filter(pk=xixiu_teachers[0].pk).update(user=users["teacher"])
    users["outsider"] = _user("outsider")
    return World(
        city=city,
        xixiu=xixiu,
        pingba=pingba,
        xixiu_school=xixiu_school,
        xixiu_other_school=xixiu_other,
        pingba_school=pingba_school,
        xixiu_teacher=xixiu_teachers[0],
        xixiu_colleague=xixiu_teachers[1],
        pingba_teacher=pingba_school.teachers.first(),
        **users,
    )


# --- Two-factor sign-in (jianfu/web/two_factor.py) -------------------------------------------------


def authenticator_enrol(user):
    """Give `user` a confirmed authenticator (TOTP) device, as the enrolment page does."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="验证器应用", confirmed=True)


def authenticator_code(username: str) -> str | None:
    """The 6 digits `username`'s authenticator app shows now; None without a confirmed device."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from jianfu.web.two_factor import current_code

    device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
    return current_code(device) if device else None


def committed_world() -> World:
    """The world for tests whose data must be committed (a live server, a search of the database file):
    they flush the database after each one, so the rows migrations create (levels, the audit head) are put
    back first."""
    from jianfu.audit.models import AuditHead
    from jianfu.org.levels import levels_ensure
    from jianfu.org.models import Level

    levels_ensure(Level)
    AuditHead.objects.get_or_create(pk=1)
    return build_world()


# --- Collect once (issue 14): the statistics bureau's approver -----------------------------------------


def statistics_officer(world: World):
    """The approver of 西秀区统计局: records a statistical survey's approval number at its route step."""
    user = _user("statistics_officer")
    role_grant(user=user, role=Role.APPROVER, unit=world.unit("520402-TJJ"))
    return user


# --- Pay parity (issue 16): the permission to read pay figures ----------------------------------------


def pay_readers(*users):
    """Puts `users` in the group that holds accountability.view_pay, as the operator does with Django's auth;
    returns them fresh from the database (a user object caches its permissions)."""
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.get_or_create(name="工资数据查看")
    group.permissions.add(Permission.objects.get(codename="view_pay", content_type__app_label="accountability"))
    for user in users:
        user.groups.add(group)
    fresh = [get_user_model().objects.get(pk=user.pk) for user in users]
    return fresh[0] if len(fresh) == 1 else fresh
