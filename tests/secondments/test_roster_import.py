"""A roster that marks teachers away shows up in the next census: 借用 without a secondment is unapproved from
the import's date, 休假 is leave; back 在岗 ends what the roster recorded, never what an approval recorded."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from jianfu.org.models import PostStatus, Teacher
from jianfu.org.services import roster_import
from jianfu.secondments.census import CensusStatus, census
from jianfu.secondments.models import PostStatusPeriod, Source
from tests.sheets import TEACHER_HEADER, teacher_row, xlsx

IMPORT_DAY = date(2021, 3, 8)


@pytest.fixture(autouse=True)
def on_the_import_day():
    moment = datetime(IMPORT_DAY.year, IMPORT_DAY.month, IMPORT_DAY.day, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(moment, tick=False) as traveller:
        yield traveller


def imported(world, *rows):
    roster_import(kind="teachers", data=xlsx(TEACHER_HEADER, list(rows)), acting_user=world.county_officer)


def row_named(rows, name):
    teacher = Teacher.objects.get(name=name)
    return next((row for row in rows if row.teacher_id == teacher.pk), None)


def test_an_import_marking_a_teacher_seconded_without_a_secondment_shows_up_unapproved_in_the_next_census(world):
    code = world.xixiu_school.code
    imported(world, teacher_row(code, 1), teacher_row(code, 2))
    assert row_named(census(world.xixiu, IMPORT_DAY), "测试教师2") is None

    imported(world, teacher_row(code, 1), teacher_row(code, 2, post="借用"))

    row = row_named(census(world.xixiu, IMPORT_DAY), "测试教师2")
    assert (row.status, row.post_status, row.since, row.approval) == (
        CensusStatus.UNAPPROVED,
        PostStatus.SECONDED,
        IMPORT_DAY,
        None,
    )
    period = PostStatusPeriod.objects.get(teacher__name="测试教师2")
    assert (period.source, period.until) == (Source.ROSTER, None)


def test_a_new_teacher_imported_on_leave_is_listed_as_leave_and_never_flagged(world):
    imported(world, teacher_row(world.xixiu_school.code, 3, post="休假"))

    row = row_named(census(world.xixiu, IMPORT_DAY), "测试教师3")

    assert (row.status, row.since, row.flagged) == (CensusStatus.LEAVE, IMPORT_DAY, False)


def test_importing_the_same_away_status_again_keeps_the_first_date(world, on_the_import_day):
    code = world.xixiu_school.code
    imported(world, teacher_row(code, 4, post="抽调"))
    on_the_import_day.move_to(datetime(2021, 4, 6, 10, tzinfo=ZoneInfo("Asia/Shanghai")))

    imported(world, teacher_row(code, 4, post="抽调"))

    assert list(PostStatusPeriod.objects.filter(teacher__name="测试教师4").values_list("since", "until")) == [
        (IMPORT_DAY, None)
    ]


def test_a_teacher_imported_back_on_post_leaves_the_census_from_that_day(world, on_the_import_day):
    code = world.xixiu_school.code
    imported(world, teacher_row(code, 5, post="其他离岗"))
    on_the_import_day.move_to(datetime(2021, 5, 10, 10, tzinfo=ZoneInfo("Asia/Shanghai")))

    imported(world, teacher_row(code, 5))

    assert row_named(census(world.xixiu, date(2021, 5, 10)), "测试教师5") is None
    assert row_named(census(world.xixiu, date(2021, 4, 1)), "测试教师5").status == CensusStatus.UNAPPROVED


def test_the_roster_does_not_end_a_period_an_approved_secondment_opened(world):
    code = world.xixiu_school.code
    imported(world, teacher_row(code, 6))
    teacher = Teacher.objects.get(name="测试教师6")
    PostStatusPeriod.objects.create(
        teacher=teacher, status=PostStatus.SECONDED, since=date(2021, 3, 1), source=Source.SECONDMENT
    )

    imported(world, teacher_row(code, 6, post="其他离岗"))

    periods = PostStatusPeriod.objects.filter(teacher=teacher).order_by("since", "id")
    assert [(p.source, p.status, p.until) for p in periods] == [
        (Source.SECONDMENT, PostStatus.SECONDED, None),
        (Source.ROSTER, PostStatus.OTHER_OFF_POST, None),
    ]
