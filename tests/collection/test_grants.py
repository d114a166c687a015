"""Clause 3.3: access instead of asking. A department asks the owning bureau for elements already held; the
bureau grants (or refuses with a reason); the department downloads only the granted elements, for the
schools in scope, personal data masked unless granted, every download audited; expired or revoked, nothing."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.http import Http404

from jianfu.audit.models import AuditEvent
from jianfu.collection.grants import (
    NOT_THE_OWNER,
    GrantError,
    GrantUnavailable,
    grant_decide,
    grant_request,
    grant_revoke,
    granted_rows,
    not_held,
)
from jianfu.org.identity import decrypt_id_number

DAY = datetime(2021, 3, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TODAY = date(2021, 3, 1)
ELEMENTS = ["teacher.name", "teacher.id_number", "teacher.gender", "roster.teachers_on_post"]


@pytest.fixture(autouse=True)
def on_the_first_of_march():
    with time_machine.travel(DAY, tick=False):
        yield


def requested(world, *, personal=False, division=None, elements=ELEMENTS, ends_on=date(2021, 6, 30)):
    return grant_request(
        world.department_clerk,
        elements=elements,
        purpose="核对全区在岗教师人数，用于卫生健康体检安排",
        division=division or world.xixiu,
        starts_on=TODAY,
        ends_on=ends_on,
        personal=personal,
    )


def granted(world, **kwargs):
    grant = requested(world, **kwargs)
    return grant_decide(grant.pk, world.county_officer, grant=True)


def test_a_request_goes_to_the_education_bureau_of_the_schools_county(world):
    grant = requested(world)

    assert grant.owner == world.unit("520402-JYJ") and grant.requester == world.unit("520402-WJJ")
    assert grant.state == "requested" and grant.elements == ELEMENTS


def test_the_department_downloads_only_the_granted_held_elements_of_the_schools_in_scope_with_names_masked(world):
    grant = granted(world)

    header, rows = granted_rows(grant, world.department_clerk, on=TODAY)

    assert header == ["学校标识码", "学校名称", "在岗教师数", "教师姓名", "身份证件号码"]
    in_scope = {world.xixiu_school.code, world.xixiu_other_school.code}
    assert {row[0] for row in rows} == in_scope  # 平坝's school is not in the grant's scope
    assert len(rows) == world.xixiu_school.teachers.count() + world.xixiu_other_school.teachers.count()
    teacher = world.xixiu_teacher
    (row,) = [r for r in rows if r[4] == teacher.id_number_masked]
    assert row[3] == teacher.name[:1] + "＊" * (len(teacher.name) - 1) and teacher.name not in row
    assert [e.label for e in not_held(grant)] == ["性别"]  # only 全国教师管理信息系统 holds it


def test_the_download_asks_the_same_number_of_queries_whatever_the_number_of_schools(world):
    import random

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from jianfu.org.demo.generator import PlannedSchool, schools_create, teachers_build
    from jianfu.org.models import Teacher

    grant = granted(world)
    with CaptureQueriesContext(connection) as two_schools:
        granted_rows(grant, world.department_clerk, on=TODAY)
    plans = [PlannedSchool(f"西秀区测试小学{n}", "primary", "village", 2) for n in range(5)]
    used: set[str] = set()
    for school, plan in zip(schools_create(world.xixiu, plans, 3152000501), plans, strict=True):
        Teacher.objects.bulk_create(teachers_build(random.Random(5), school, plan, "520402", used))
    with CaptureQueriesContext(connection) as seven_schools:
        _, rows = granted_rows(grant, world.department_clerk, on=TODAY)
    assert len({row[0] for row in rows}) == 7
    assert len(seven_schools) == len(two_schools)


def test_a_grant_including_personal_data_gives_names_and_full_id_numbers(world):
    grant = granted(world, personal=True)

    _, rows = granted_rows(grant, world.department_clerk, on=TODAY)

    teacher = world.xixiu_teacher
    assert [teacher.name, decrypt_id_number(teacher.id_number_cipher)] in [r[3:5] for r in rows]


def test_every_download_is_audited_with_who_which_grant_and_how_many_rows(world):
    grant = granted(world)

    _, rows = granted_rows(grant, world.department_clerk, on=TODAY, fmt="csv")

    event = AuditEvent.objects.filter(action="grant.download").get()
    assert event.actor == world.department_clerk and event.object_id == str(grant.pk)
    assert event.after["rows"] == len(rows) and event.after["format"] == "csv"


def test_an_expired_grant_downloads_nothing_and_says_when_it_ended(world):
    grant = granted(world)

    with pytest.raises(GrantUnavailable, match="已于 2021-06-30 到期"):
        granted_rows(grant, world.department_clerk, on=date(2021, 7, 1))
    assert not AuditEvent.objects.filter(action="grant.download").exists()


def test_a_revoked_grant_downloads_nothing_and_says_why(world):
    grant = granted(world)
    grant_revoke(grant.pk, world.county_officer, reason="用途已完成")

    with pytest.raises(GrantUnavailable, match="撤销（用途已完成）"):
        granted_rows(grant, world.department_clerk, on=TODAY)


def test_a_request_not_yet_granted_or_refused_downloads_nothing(world):
    grant = requested(world)
    with pytest.raises(GrantUnavailable, match="尚未授权"):
        granted_rows(grant, world.department_clerk, on=TODAY)
    with pytest.raises(GrantError, match="须写明理由"):
        grant_decide(grant.pk, world.county_officer, grant=False)

    grant_decide(grant.pk, world.county_officer, grant=False, reason="已有体检数据，请向卫健部门调取")

    with pytest.raises(GrantUnavailable, match="不予授权"):
        granted_rows(grant, world.department_clerk, on=TODAY)


def test_others_cannot_download_a_grant_and_outsiders_see_not_found(world):
    grant = granted(world)

    for reader in (world.county_officer, world.inspector):  # they see the grant, not its data
        with pytest.raises(Http404):
            granted_rows(grant, reader, on=TODAY)
    for stranger in (world.other_county_officer, world.principal, world.outsider):
        with pytest.raises(Http404):
            granted_rows(grant, stranger, on=TODAY)


def test_only_the_owning_bureau_decides(world):
    grant = requested(world)

    with pytest.raises(Http404):
        grant_decide(grant.pk, world.other_county_officer, grant=True)
    with pytest.raises(PermissionDenied, match=str(NOT_THE_OWNER)):
        grant_decide(grant.pk, world.city_officer, grant=True)  # sees the county's grants, does not own them
    grant_decide(grant.pk, world.county_officer, grant=True)
    with pytest.raises(GrantError, match="已授权"):
        grant_decide(grant.pk, world.county_officer, grant=False, reason="改主意")


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"elements": []}, "至少选择一个"),
        ({"elements": ["teacher.shoe_size"]}, "数据字典中没有这些元素：teacher.shoe_size"),
        ({"ends_on": date(2021, 2, 1)}, "早于「开始日期」"),
        ({"ends_on": date(2022, 6, 30)}, "最长 366 天"),
    ],
)
def test_a_bad_request_is_refused_naming_the_field_and_the_fix(world, kwargs, words):
    with pytest.raises(GrantError, match=words):
        requested(world, **kwargs)


def test_a_county_department_cannot_ask_for_the_whole_city_and_a_principal_cannot_ask_at_all(world):
    with pytest.raises(GrantError, match="本单位所在区划或其下级区划"):
        requested(world, division=world.city)
    with pytest.raises(PermissionDenied):
        grant_request(
            world.principal,
            elements=ELEMENTS,
            purpose="x",
            division=world.xixiu,
            starts_on=TODAY,
            ends_on=date(2021, 6, 30),
        )


def test_the_demo_grant_is_running_and_gives_the_on_post_counts_of_xixius_schools(world):
    from django.contrib.auth import get_user_model

    from jianfu.collection.demo import grants_demo_load
    from jianfu.org.models import Role
    from jianfu.org.services import role_grant

    for name, role, unit in (
        ("xixiu-requester", Role.REQUESTER, "520402-WJJ"),
        ("xixiu-bureau", Role.EDUCATION_BUREAU, "520402-JYJ"),
    ):
        role_grant(user=get_user_model().objects.create_user(name), role=role, unit=world.unit(unit))

    grant = grants_demo_load(today=TODAY)

    assert grant.state == "granted" and grant.starts_on < TODAY < grant.ends_on
    header, rows = granted_rows(grant, grant.requested_by, on=TODAY)
    assert "在岗教师数" in header and {r[0] for r in rows} == {world.xixiu_school.code, world.xixiu_other_school.code}
