"""Issue 13, item 5: who sees what. The borrowing unit its own; the bureau its area; the party committee
the filings of its level; a school its own teachers' placements; a teacher their own history; 404 for
missing and forbidden alike. Histories carry yearly totals (5.3)."""

from datetime import date

import pytest
from django.http import Http404

from jianfu.org.models import Role
from jianfu.org.services import role_grant
from jianfu.secondments.selectors import (
    history_of_teacher,
    placement_for,
    placements_of,
    placements_of_school,
    secondment_for,
    secondments_visible_to,
    yearly_totals,
)
from jianfu.secondments.services import confirm_return
from tests.secondments.flow import approved, at, frozen_time, requested
from tests.world import _user

pytestmark = pytest.mark.django_db


@pytest.fixture
def travel():
    with frozen_time() as move:
        yield move


@pytest.fixture
def other_principal(world):
    user = _user("other_principal")
    role_grant(user=user, role=Role.PRINCIPAL, school=world.xixiu_other_school)
    return user


def two_schools(world):
    """One secondment of a teacher from each of the two 西秀区 schools, registered."""
    other_teacher = world.xixiu_other_school.teachers.order_by("pk").first()
    return approved(world, requested(world, teachers=[world.xixiu_teacher, other_teacher])), other_teacher


def test_the_borrowing_unit_the_bureau_and_the_city_see_the_secondment(world, travel):
    secondment, _ = two_schools(world)
    for user in (world.department_clerk, world.county_officer, world.city_officer, world.inspector):
        assert secondment_for(user, secondment.pk) == secondment
        assert placements_of(user, secondment).count() == 2


def test_another_county_and_an_outsider_see_not_found(world, travel):
    secondment, _ = two_schools(world)
    for user in (world.other_county_officer, world.outsider):
        with pytest.raises(Http404):
            secondment_for(user, secondment.pk)
        with pytest.raises(Http404):
            placement_for(user, secondment.placements.first().pk)
    with pytest.raises(Http404):
        secondment_for(world.county_officer, 999_999)  # missing: the same answer


def test_the_party_committee_sees_the_filings_of_its_level_not_the_drafts(world, travel):
    draft = requested(world, title="借用教师协助档案整理", start=date(2026, 3, 1), end=date(2026, 4, 30))
    assert not secondments_visible_to(world.approver).filter(pk=draft.pk).exists()
    secondment, _ = two_schools(world)
    assert secondment_for(world.approver, secondment.pk) == secondment


def test_a_school_sees_only_its_own_teachers_placements(world, travel, other_principal):
    secondment, other_teacher = two_schools(world)
    mine = placements_of(world.principal, secondment)
    assert [p.teacher for p in mine] == [world.xixiu_teacher]
    assert [p.teacher for p in placements_of(other_principal, secondment)] == [other_teacher]
    assert [p.teacher for p in placements_of_school(world.principal, world.xixiu_school.pk)] == [world.xixiu_teacher]
    with pytest.raises(Http404):
        placements_of_school(world.principal, world.xixiu_other_school.pk)
    with pytest.raises(Http404):
        placement_for(world.principal, placements_of(other_principal, secondment).get().pk)


def test_a_teacher_sees_their_own_history_and_nobody_else_s(world, travel):
    secondment, other_teacher = two_schools(world)
    assert [p.secondment for p in history_of_teacher(world.teacher, world.xixiu_teacher.pk)] == [secondment]
    with pytest.raises(Http404):
        history_of_teacher(world.teacher, other_teacher.pk)
    with pytest.raises(Http404):
        history_of_teacher(world.teacher, world.xixiu_colleague.pk)
    assert [p.teacher for p in placements_of(world.teacher, secondment)] == [world.xixiu_teacher]


def test_yearly_totals_count_approved_placements_and_their_days_in_each_year(world, travel):
    travel(at(2025, 8, 20))
    first = approved(world, requested(world, start=date(2025, 11, 1), end=date(2026, 1, 31)))
    short = approved(
        world,
        requested(world, kind="short_assignment", start=date(2026, 3, 2), end=date(2026, 3, 4), title="抽调三天"),
    )
    requested(world, start=date(2026, 6, 1), end=date(2026, 6, 30), title="草稿不计")  # a draft: not counted
    travel(at(2026, 3, 5))
    confirm_return(short.placements.get().pk, world.principal, on=date(2026, 3, 4))
    totals = yearly_totals(history_of_teacher(world.principal, world.xixiu_teacher.pk))
    assert [(t.year, t.secondments, t.short_assignments, t.days) for t in totals] == [
        (2026, 1, 1, 31 + 3),
        (2025, 1, 0, 61),
    ]
    assert first.placements.get().state == "active"
