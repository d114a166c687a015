"""The teacher import does not tell a county where an ID number is registered; the city moves teachers
between counties, and each move is audited."""

import pytest

from jianfu.audit.models import AuditEvent
from jianfu.org.imports.sheet import ImportRejected
from jianfu.org.models import Teacher
from jianfu.org.services import roster_import
from tests.sheets import TEACHER_HEADER, teacher_row, xlsx

NEUTRAL = "该身份证号无法导入到本单位；如属调动，请联系市教育局办理"


@pytest.fixture
def pingba_teacher_imported(world):
    """A teacher the Pingba bureau registered at its school, ID number known to the test."""
    data = xlsx(TEACHER_HEADER, [teacher_row(world.pingba_school.code, 41)])
    roster_import(kind="teachers", data=data, acting_user=world.other_county_officer)
    return Teacher.objects.get(name="测试教师41")


def test_a_county_importing_another_county_s_teacher_is_answered_neutrally(world, pingba_teacher_imported):
    data = xlsx(TEACHER_HEADER, [teacher_row(world.xixiu_school.code, 41)])
    with pytest.raises(ImportRejected) as caught:
        roster_import(kind="teachers", data=data, acting_user=world.county_officer)
    (error,) = caught.value.errors
    assert (error.row, error.column, error.message) == (2, "身份证号", NEUTRAL)
    for revealing in ("平坝", world.pingba_school.name, world.pingba_school.code, "管辖范围以外的学校", "已登记"):
        assert revealing not in str(error)
    pingba_teacher_imported.refresh_from_db()
    assert pingba_teacher_imported.school == world.pingba_school


def test_the_city_bureau_s_import_moves_a_teacher_between_counties_audited(world, pingba_teacher_imported):
    data = xlsx(TEACHER_HEADER, [teacher_row(world.xixiu_school.code, 41)])
    counts = roster_import(kind="teachers", data=data, acting_user=world.city_officer)
    assert counts == {"created": 0, "updated": 1}
    pingba_teacher_imported.refresh_from_db()
    assert pingba_teacher_imported.school == world.xixiu_school
    event = AuditEvent.objects.get(action="teacher.transfer")
    assert (event.actor_label, event.object_id) == ("city_officer", str(pingba_teacher_imported.pk))
    assert (event.before["school"], event.after["school"]) == (world.pingba_school.code, world.xixiu_school.code)
    assert (event.before["county"], event.after["county"]) == ("520403", "520402")


def test_a_move_within_the_county_is_not_a_transfer(world):
    roster_import(
        kind="teachers",
        data=xlsx(TEACHER_HEADER, [teacher_row(world.xixiu_school.code, 42)]),
        acting_user=world.county_officer,
    )
    roster_import(
        kind="teachers",
        data=xlsx(TEACHER_HEADER, [teacher_row(world.xixiu_other_school.code, 42)]),
        acting_user=world.county_officer,
    )
    assert Teacher.objects.get(name="测试教师42").school == world.xixiu_other_school
    assert not AuditEvent.objects.filter(action="teacher.transfer").exists()
