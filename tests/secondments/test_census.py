"""The census of clause 5.1: who of a county's teachers is away from post on a date, since when, where, and on
whose approval — matched to an approved secondment (approved), one that ended without a return (overdue), or
none (unapproved); leave listed, never flagged."""

from datetime import date

from jianfu.org.models import PostStatus, Teacher
from jianfu.registry.models import Demand
from jianfu.secondments.census import CensusStatus, census, census_figures
from jianfu.secondments.models import PostStatusPeriod, Source
from tests.secondments.census_helpers import approved_secondment, everyone_on_post


def row_of(rows, teacher):
    found = [row for row in rows if row.teacher_id == teacher.pk]
    assert len(found) <= 1
    return found[0] if found else None


def test_census_matches_each_date_to_the_secondment_covering_it_and_lists_nobody_between_two(world):
    everyone_on_post()
    teacher = world.xixiu_teacher
    approved_secondment(
        world, teacher, date(2021, 3, 1), date(2021, 5, 31), number="N-1", returned_on=date(2021, 5, 31)
    )
    approved_secondment(world, teacher, date(2021, 9, 1), date(2021, 12, 31), number="N-2")

    in_first = row_of(census(world.xixiu, date(2021, 4, 15)), teacher)
    between = row_of(census(world.xixiu, date(2021, 7, 15)), teacher)
    in_second = row_of(census(world.xixiu, date(2021, 10, 15)), teacher)

    assert (in_first.status, in_first.approval, in_first.since, in_first.until) == (
        CensusStatus.APPROVED,
        "N-1",
        date(2021, 3, 1),
        date(2021, 5, 31),
    )
    assert between is None
    assert (in_second.status, in_second.approval, in_second.since) == (CensusStatus.APPROVED, "N-2", date(2021, 9, 1))
    assert in_second.where == world.unit("520402-WJJ").name


def test_between_two_secondments_a_teacher_never_reported_back_is_overdue_on_the_first(world):
    everyone_on_post()
    teacher = world.xixiu_teacher
    approved_secondment(world, teacher, date(2021, 3, 1), date(2021, 5, 31), number="N-1")
    approved_secondment(world, teacher, date(2021, 9, 1), date(2021, 12, 31), number="N-2")

    between = row_of(census(world.xixiu, date(2021, 7, 15)), teacher)
    in_second = row_of(census(world.xixiu, date(2021, 10, 15)), teacher)

    assert (between.status, between.approval, between.until) == (CensusStatus.OVERDUE, "N-1", date(2021, 5, 31))
    assert between.flagged
    assert (in_second.status, in_second.approval) == (CensusStatus.APPROVED, "N-2")


def test_a_teacher_away_with_no_approval_is_flagged_unapproved_with_where_they_went(world):
    everyone_on_post()
    PostStatusPeriod.objects.create(
        teacher=world.xixiu_colleague,
        status=PostStatus.OTHER_OFF_POST,
        since=date(2021, 1, 4),
        where="区政府办公室",
        source=Source.ROSTER,
    )

    row = row_of(census(world.xixiu, date(2021, 6, 1)), world.xixiu_colleague)

    assert (row.status, row.approval, row.since, row.where) == (
        CensusStatus.UNAPPROVED,
        None,
        date(2021, 1, 4),
        "区政府办公室",
    )
    assert row.id_number_masked == world.xixiu_colleague.id_number_masked and "*" in row.id_number_masked
    assert row.school == world.xixiu_school.name


def test_a_registration_that_does_not_cover_the_period_does_not_approve_it(world):
    everyone_on_post()
    teacher = world.xixiu_teacher
    approved_secondment(world, teacher, date(2021, 9, 1), date(2021, 12, 31), number="N-LATER")
    PostStatusPeriod.objects.filter(teacher=teacher).update(since=date(2021, 6, 1))  # left before the approval

    row = row_of(census(world.xixiu, date(2021, 7, 1)), teacher)

    assert (row.status, row.approval) == (CensusStatus.UNAPPROVED, None)


def test_a_demand_not_yet_registered_approves_nobody(world):
    everyone_on_post()
    placement = approved_secondment(world, world.xixiu_teacher, date(2021, 3, 1), date(2021, 5, 31), number="N-1")
    Demand.objects.filter(pk=placement.secondment.demand_id).update(state="approval", registration_number=None)

    row = row_of(census(world.xixiu, date(2021, 4, 1)), world.xixiu_teacher)

    assert row.status == CensusStatus.UNAPPROVED


def test_leave_is_listed_and_never_flagged(world):
    everyone_on_post()
    PostStatusPeriod.objects.create(
        teacher=world.xixiu_colleague, status=PostStatus.ON_LEAVE, since=date(2021, 2, 1), source=Source.MANUAL
    )

    row = row_of(census(world.xixiu, date(2021, 3, 1)), world.xixiu_colleague)

    assert row.status == CensusStatus.LEAVE and not row.flagged


def test_a_teacher_away_by_the_roster_without_any_history_is_unapproved_since_unknown(world):
    everyone_on_post()
    Teacher.objects.filter(pk=world.xixiu_colleague.pk).update(post_status=PostStatus.ASSIGNED)
    Teacher.objects.filter(pk=world.xixiu_teacher.pk).update(post_status=PostStatus.ON_LEAVE)

    rows = census(world.xixiu, date(2021, 3, 1))

    assigned, on_leave = row_of(rows, world.xixiu_colleague), row_of(rows, world.xixiu_teacher)
    assert (assigned.status, assigned.since, assigned.post_status) == (
        CensusStatus.UNAPPROVED,
        None,
        PostStatus.ASSIGNED,
    )
    assert on_leave.status == CensusStatus.LEAVE


def test_a_closed_period_and_another_countys_teachers_are_not_listed(world):
    everyone_on_post()
    PostStatusPeriod.objects.create(
        teacher=world.xixiu_colleague,
        status=PostStatus.SECONDED,
        since=date(2021, 1, 4),
        until=date(2021, 2, 28),
        source=Source.ROSTER,
    )
    PostStatusPeriod.objects.create(
        teacher=world.pingba_teacher, status=PostStatus.SECONDED, since=date(2021, 1, 4), source=Source.ROSTER
    )

    assert census(world.xixiu, date(2021, 3, 1)) == []
    assert [row.teacher_id for row in census(world.pingba, date(2021, 3, 1))] == [world.pingba_teacher.pk]


def test_the_city_sees_every_countys_figures(world):
    everyone_on_post()
    approved_secondment(world, world.xixiu_teacher, date(2021, 3, 1), date(2021, 5, 31), number="N-1")
    PostStatusPeriod.objects.create(
        teacher=world.xixiu_colleague, status=PostStatus.ON_LEAVE, since=date(2021, 2, 1), source=Source.MANUAL
    )
    Teacher.objects.filter(pk=world.pingba_teacher.pk).update(post_status=PostStatus.SECONDED)

    figures = {row["county"]: row for row in census_figures(date(2021, 7, 1))}

    assert figures["520402"] | {"name": ""} == {
        "county": "520402",
        "name": "",
        "as_of": "2021-07-01",
        "away": 2,
        "approved": 0,
        "overdue": 1,
        "unapproved": 0,
        "leave": 1,
    }
    assert (figures["520403"]["away"], figures["520403"]["unapproved"]) == (1, 1)


def test_through_the_services_the_census_between_two_secondments_lists_the_teacher_only_when_not_returned(world):
    """The same question on the records the services themselves write (S1's hooks open and close periods)."""
    from jianfu.secondments.services import confirm_return, report_return
    from tests.secondments.flow import approved, at, frozen_time, requested

    everyone_on_post()
    teacher = world.xixiu_teacher
    with frozen_time(at(2025, 8, 20)) as travel:
        first = approved(world, requested(world, start=date(2025, 9, 1), end=date(2025, 11, 30), title="借用教师一"))
        travel(at(2025, 12, 1))
        placement = first.placements.get()
        report_return(placement.pk, world.department_clerk, on=date(2025, 11, 30))
        confirm_return(placement.pk, world.principal, on=date(2025, 12, 1))
        second = approved(world, requested(world, start=date(2026, 1, 5), end=date(2026, 4, 30), title="借用教师二"))

    assert row_of(census(world.xixiu, date(2025, 12, 15)), teacher) is None
    in_first = row_of(census(world.xixiu, date(2025, 10, 15)), teacher)
    in_second = row_of(census(world.xixiu, date(2026, 2, 2)), teacher)
    assert (in_first.status, in_first.approval) == (CensusStatus.APPROVED, first.demand.registration_number)
    assert (in_second.status, in_second.approval) == (CensusStatus.APPROVED, second.demand.registration_number)
    assert row_of(census(world.xixiu, date(2026, 5, 15)), teacher).status == CensusStatus.OVERDUE
