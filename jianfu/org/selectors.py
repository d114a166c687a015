"""Reads of the organisation data, always starting from the scoped querysets in access.py."""

from django.db.models import Q, QuerySet

from jianfu.org.access import get_for_user, schools_for, teachers_for, units_for
from jianfu.org.models import School, Teacher, Unit


def school_list(*, user, query: str = "", county: str = "", area: str = "") -> QuerySet[School]:
    schools = schools_for(user).prefetch_related("levels")
    if query:
        schools = schools.filter(Q(name__contains=query) | Q(code=query))
    if county:
        schools = schools.filter(county__code=county)
    if area:
        schools = schools.filter(area=area)
    return schools


def school_get_for_user(*, user, code: str) -> School:
    return get_for_user(schools_for(user).prefetch_related("levels"), code=code)


def teacher_list(*, user, school: School | None = None, query: str = "", post_status: str = "") -> QuerySet[Teacher]:
    teachers = teachers_for(user)
    if school is not None:
        teachers = teachers.filter(school=school)
    if query:
        teachers = teachers.filter(name__contains=query)
    if post_status:
        teachers = teachers.filter(post_status=post_status)
    return teachers


def teacher_get_for_user(*, user, pk: int) -> Teacher:
    return get_for_user(teachers_for(user), pk=pk)


def unit_list(*, user, query: str = "", kind: str = "") -> QuerySet[Unit]:
    units = units_for(user)
    if query:
        units = units.filter(name__contains=query)
    if kind:
        units = units.filter(kind=kind)
    return units
