"""What the platform itself holds about a school and its teachers, read by a dictionary element's `platform`
key (`school.name`, `count:teachers`, `teacher.id_number`…): the values a school never types again.

A key the platform does not know is not held: the school fills that field. ID numbers are only ever the
masked form the roster shows; the full number is never put in a form, a response or an export.
"""

from collections.abc import Callable

from django.db.models import Count, Q

from jianfu.org.models import Area, PostStatus, School, StaffingStatus, Teacher


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


def _school_levels(school: School) -> str:
    return "、".join(level.name for level in school.levels.all())


SCHOOL_VALUES: dict[str, Callable[[School], object]] = {
    "school.name": lambda s: s.name,
    "school.code": lambda s: s.code,
    "school.county": lambda s: s.county.name,
    "school.area": lambda s: _labels(Area).get(s.area, s.area),
    "school.levels": _school_levels,
    "school.level": _school_levels,
    "school.pupil_count": lambda s: s.pupil_count,
    "school.pupils": lambda s: s.pupil_count,
    "school.staff_quota": lambda s: s.staff_quota,
}

# Counts of the school's roster, by what the roster records of each teacher.
TEACHER_COUNTS: dict[str, Q] = {
    "teachers": Q(),
    "teachers.established": Q(staffing_status=StaffingStatus.ESTABLISHED),
    "teachers.non_established": Q(staffing_status=StaffingStatus.NON_ESTABLISHED),
    "teachers.on_post": Q(post_status=PostStatus.ON_POST),
    "teachers.seconded": Q(post_status=PostStatus.SECONDED),
    "teachers.assigned": Q(post_status=PostStatus.ASSIGNED),
    "teachers.other_off_post": Q(post_status=PostStatus.OTHER_OFF_POST),
    "teachers.on_leave": Q(post_status=PostStatus.ON_LEAVE),
    "teachers.off_post": ~Q(post_status=PostStatus.ON_POST),
    "teachers.head_teachers": Q(duties__icontains="班主任"),
}

TEACHER_VALUES: dict[str, Callable[[Teacher], object]] = {
    "teacher.name": lambda t: t.name,
    "teacher.id_number": lambda t: t.id_number_masked,  # masked: the full number never leaves the roster
    "teacher.staffing_status": lambda t: _labels(StaffingStatus).get(t.staffing_status, t.staffing_status),
    "teacher.post_status": lambda t: _labels(PostStatus).get(t.post_status, t.post_status),
    "teacher.subject": lambda t: t.subject,
    "teacher.duties": lambda t: "、".join(t.duties or []),
    "teacher.started_on": lambda t: t.started_on.isoformat() if t.started_on else "",
    "teacher.school": lambda t: t.school.name,
}


def _count_key(key: str) -> str | None:
    """`count:teachers.on_post` (or `count.teachers…`) → `teachers.on_post`."""
    for prefix in ("count:", "count."):
        if key.startswith(prefix):
            return key[len(prefix) :]
    return None


def holds_school_value(key: str) -> bool:
    return key in SCHOOL_VALUES or _count_key(key) in TEACHER_COUNTS


def holds_teacher_value(key: str) -> bool:
    return key in TEACHER_VALUES


def school_values(school: School, keys: list[str]) -> dict[str, object]:
    """The values the platform holds for these keys (the keys it does not hold are left out)."""
    return schools_values([school], keys)[school.pk]


def schools_values(schools: list[School], keys: list[str]) -> dict[int, dict[str, object]]:
    """`school_values` for many schools at once: the roster counts of all of them in one grouped query
    (a county's download asked once per school before)."""
    values = {
        school.pk: {key: SCHOOL_VALUES[key](school) for key in keys if key in SCHOOL_VALUES} for school in schools
    }
    counts = {key: _count_key(key) for key in keys if _count_key(key) in TEACHER_COUNTS}
    if counts and schools:
        totals = (
            Teacher.objects.filter(school__in=[school.pk for school in schools])
            .values("school_id")
            .annotate(**{f"n{i}": Count("pk", filter=TEACHER_COUNTS[name]) for i, name in enumerate(counts.values())})
        )
        by_school = {row["school_id"]: row for row in totals}
        for school in schools:
            row = by_school.get(school.pk, {})
            values[school.pk] |= {key: row.get(f"n{i}", 0) for i, key in enumerate(counts)}
    return values


def teacher_values(teacher: Teacher, keys: list[str]) -> dict[str, object]:
    return {key: TEACHER_VALUES[key](teacher) for key in keys if key in TEACHER_VALUES}


def roster_of(school: School):
    """The teachers a teacher-level form has one row for: the school's whole roster (those away are still
    the school's teachers), in roster order."""
    return Teacher.objects.filter(school=school).select_related("school").order_by("id")
