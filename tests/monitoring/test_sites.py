"""Monitoring sites (7.4): a county names one school for each cell of the pack's matrix, checked against
the schools' records; a school of the nearest area stands in only with a reason the city approves."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from jianfu.audit.models import AuditEvent
from jianfu.monitoring.selectors import sites_for
from jianfu.monitoring.sites import (
    Matrix,
    SiteInvalid,
    SiteRow,
    matrix_problems,
    problems_in,
    site_name,
    stand_in_approve,
)
from jianfu.org.demo.generator import PlannedSchool, schools_create
from jianfu.org.models import Level, School
from jianfu.packs.active import active_engine

YEAR = 2026
ON = date(2026, 3, 2)
_codes = iter(range(3152009001, 3152009999))


def school_of(county, name: str, level: str, area: str, *also: str) -> School:
    (school,) = schools_create(county, [PlannedSchool(name, level, area, 2)], next(_codes))
    for extra in also:
        school.levels.add(Level.objects.get(code=extra))
    return school


def name(user, county, school, area, level, reason=""):
    return site_name(
        user, county=county, year=YEAR, school=school, area=area, level=level, stand_in_reason=reason, on=ON
    )


def full_matrix(world):
    """A school for each of the nine cells of 西秀区, named by its bureau."""
    for area in ("urban", "township", "village"):
        for level, code in (("secondary", "junior"), ("primary", "primary"), ("kindergarten", "kindergarten")):
            school = school_of(world.xixiu, f"西秀区{area}{code}监测校", code, area)
            name(world.county_officer, world.xixiu, school, area, level)


def test_county_bureau_names_a_school_that_fits_its_cell(world):
    site = name(world.county_officer, world.xixiu, world.xixiu_school, "urban", "primary")

    assert (site.county, site.school, site.area, site.level) == (world.xixiu, world.xixiu_school, "urban", "primary")
    assert site.named_by == world.county_officer and site.named_on == ON and site.stand_in_reason == ""
    event = AuditEvent.objects.filter(action="monitoring.site_name").get()
    assert event.after["school"] == world.xixiu_school.code


def test_other_county_bureau_sees_not_found(world):
    with pytest.raises(Http404):
        name(world.other_county_officer, world.xixiu, world.xixiu_school, "urban", "primary")


def test_principal_cannot_name_sites(world):
    with pytest.raises(Http404):
        name(world.principal, world.xixiu, world.xixiu_school, "urban", "primary")


def test_school_of_another_county_is_refused_naming_the_county(world):
    with pytest.raises(SiteInvalid) as refused:
        name(world.city_officer, world.xixiu, world.pingba_school, "township", "primary")

    assert refused.value.field == "school"
    assert "不属于西秀区" in refused.value.message


def test_cell_outside_the_matrix_is_refused_naming_the_choices(world):
    with pytest.raises(SiteInvalid) as refused:
        name(world.county_officer, world.xixiu, world.xixiu_school, "urban", "special")

    assert refused.value.field == "level" and "中学、小学、幼儿园" in refused.value.message


def test_level_not_the_cells_is_refused_even_with_a_reason(world):
    with pytest.raises(SiteInvalid) as refused:
        name(world.county_officer, world.xixiu, world.xixiu_school, "urban", "secondary", "本县没有城区中学")

    assert refused.value.field == "school"
    assert "「城区中学」" in refused.value.message and "学段不能替代" in refused.value.message


def test_senior_and_vocational_schools_count_as_secondary(world):
    senior = school_of(world.xixiu, "西秀区第一高级中学", "senior", "urban")
    vocational = school_of(world.xixiu, "西秀区中等职业学校", "vocational", "township")

    assert name(world.county_officer, world.xixiu, senior, "urban", "secondary").school == senior
    assert name(world.county_officer, world.xixiu, vocational, "township", "secondary").school == vocational


def test_nine_year_school_counts_for_primary_or_secondary(world):
    nine_year = school_of(world.xixiu, "西秀区某村九年一贯制学校", "primary", "village", "junior")

    other_nine_year = school_of(world.xixiu, "西秀区另一村九年一贯制学校", "junior", "village", "primary")

    assert name(world.county_officer, world.xixiu, nine_year, "village", "secondary").school == nine_year
    assert name(world.county_officer, world.xixiu, other_nine_year, "village", "primary").school == other_nine_year


def test_school_of_another_area_needs_a_reason(world):
    with pytest.raises(SiteInvalid) as refused:
        name(world.county_officer, world.xixiu, world.xixiu_other_school, "village", "secondary")

    assert refused.value.field == "stand_in_reason"
    assert "位于乡镇" in refused.value.message and "「村中学」" in refused.value.message


def test_stand_in_is_refused_while_the_county_has_a_school_for_the_cell(world):
    school_of(world.xixiu, "西秀区某村中学", "junior", "village")

    with pytest.raises(SiteInvalid) as refused:
        name(world.county_officer, world.xixiu, world.xixiu_other_school, "village", "secondary", "路远")

    assert "西秀区某村中学" in refused.value.message


def test_stand_in_must_come_from_the_nearest_area(world):
    urban_junior = school_of(world.xixiu, "西秀区第一中学", "junior", "urban")

    with pytest.raises(SiteInvalid) as refused:
        name(world.county_officer, world.xixiu, urban_junior, "village", "secondary", "本县没有村中学")

    assert "最近区域（乡镇）" in refused.value.message
    site = name(world.county_officer, world.xixiu, world.xixiu_other_school, "village", "secondary", "本县没有村中学")
    assert site.stand_in_reason == "本县没有村中学" and site.stand_in_approved_by is None


def test_stand_in_waits_for_the_city_which_alone_approves_it(world):
    site = name(world.county_officer, world.xixiu, world.xixiu_other_school, "village", "secondary", "本县没有村中学")
    pack = active_engine().pack
    assert any("尚待市教育局批准" in p and "「村中学」" in p for p in matrix_problems(pack, world.xixiu, YEAR))

    with pytest.raises(PermissionDenied):
        stand_in_approve(site.pk, world.county_officer)
    with pytest.raises(Http404):
        stand_in_approve(site.pk, world.other_county_officer)
    approved = stand_in_approve(site.pk, world.city_officer, on=ON)

    assert approved.stand_in_approved_by == world.city_officer and approved.stand_in_approved_on == ON
    assert not any("村中学" in p for p in matrix_problems(pack, world.xixiu, YEAR))
    with pytest.raises(SiteInvalid):
        stand_in_approve(site.pk, world.city_officer)


def test_a_site_that_fits_its_cell_is_not_a_stand_in_to_approve(world):
    site = name(world.county_officer, world.xixiu, world.xixiu_school, "urban", "primary", "多写的理由")

    assert site.stand_in_reason == ""
    with pytest.raises(SiteInvalid) as refused:
        stand_in_approve(site.pk, world.city_officer)
    assert "无须批准" in refused.value.message


def test_a_school_cannot_hold_two_cells_of_a_year(world):
    nine_year = school_of(world.xixiu, "西秀区某村九年一贯制学校", "primary", "village", "junior")
    name(world.county_officer, world.xixiu, nine_year, "village", "primary")

    with pytest.raises(SiteInvalid) as refused:
        name(world.county_officer, world.xixiu, nine_year, "village", "secondary")

    assert "已是 2026 年「村小学」的监测点" in refused.value.message


def test_naming_a_cell_again_replaces_its_school_and_clears_the_approval(world):
    first = name(world.county_officer, world.xixiu, world.xixiu_other_school, "village", "secondary", "本县没有村中学")
    stand_in_approve(first.pk, world.city_officer, on=ON)
    village_junior = school_of(world.xixiu, "西秀区新建村中学", "junior", "village")

    again = name(world.county_officer, world.xixiu, village_junior, "village", "secondary")

    assert again.pk == first.pk and again.school == village_junior
    assert again.stand_in_reason == "" and again.stand_in_approved_by is None
    event = AuditEvent.objects.filter(action="monitoring.site_name").order_by("-seq").first()
    assert event.before["school"] == world.xixiu_other_school.code


def test_matrix_problems_name_every_missing_cell(world):
    name(world.county_officer, world.xixiu, world.xixiu_school, "urban", "primary")

    problems = matrix_problems(active_engine().pack, world.xixiu, YEAR)

    assert len(problems) == 8
    assert all("缺少" in p for p in problems)
    assert any("「村幼儿园」" in p for p in problems) and not any("「城区小学」" in p for p in problems)


def test_a_full_true_matrix_has_no_problems(world):
    full_matrix(world)

    assert matrix_problems(active_engine().pack, world.xixiu, YEAR) == []
    assert matrix_problems(active_engine().pack, world.xixiu.code, YEAR + 1)  # another year is still empty


def test_a_school_whose_record_changed_area_no_longer_fits_its_cell(world):
    full_matrix(world)
    School.objects.filter(name="西秀区urbanprimary监测校").update(area="township")

    (problem,) = matrix_problems(active_engine().pack, world.xixiu, YEAR)

    assert "「城区小学」" in problem and "位于乡镇" in problem


def test_problems_in_names_a_school_in_two_cells():
    matrix = Matrix(("urban",), ("primary", "secondary"), "7.4")
    nine_year = frozenset({"primary", "junior"})
    rows = [
        SiteRow("urban", "primary", "某九年一贯制学校", 1, "urban", nine_year),
        SiteRow("urban", "secondary", "某九年一贯制学校", 1, "urban", nine_year),
    ]

    (problem,) = problems_in(matrix, rows, county="西秀区", year=YEAR)

    assert "同时是「城区小学」「城区中学」的监测点" in problem


def test_principal_sees_its_own_schools_site_only(world):
    own = name(world.county_officer, world.xixiu, world.xixiu_school, "urban", "primary")
    name(world.county_officer, world.xixiu, world.xixiu_other_school, "township", "secondary")

    assert list(sites_for(world.principal, year=YEAR)) == [own]
    assert sites_for(world.county_officer, year=YEAR).count() == 2
    assert sites_for(world.other_county_officer, year=YEAR).count() == 0
