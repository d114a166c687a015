"""Monitoring sites (7.4): each county names, for a year, one school for each cell of the pack's matrix
(Anshun: urban, township and village × secondary, primary and kindergarten — nine schools).

What decides whether a school fits a cell is the record of the school (its area and its levels), never
the naming officer's word. "Secondary" covers junior, senior and vocational schools; a nine-year school
(primary and junior levels) counts for primary or secondary. Where a county has no school of a cell's
level in that area, the school of that level in the nearest area may stand in, with a reason the city
bureau approves; a stand-in is refused while the county has a school that fits the cell itself.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from jianfu.audit.services import audit_record
from jianfu.monitoring.models import MonitoringSite
from jianfu.org.access import can_manage_roster, get_for_user, managed_divisions, schools_for
from jianfu.org.levels import LEVELS
from jianfu.org.models import Area, Division, School
from jianfu.packs.active import active_engine

MATRIX_LIMIT = "monitoring_matrix"
# The school levels (org.levels) each matrix level of the pack stands for.
LEVELS_OF_CELL = {
    "secondary": frozenset({"junior", "senior", "vocational"}),
    "primary": frozenset({"primary"}),
    "kindergarten": frozenset({"kindergarten"}),
}
CELL_LEVEL_LABELS = {
    "secondary": gettext_lazy("中学"),
    "primary": gettext_lazy("小学"),
    "kindergarten": gettext_lazy("幼儿园"),
}

NO_MATRIX = gettext_lazy(
    "政策包在 %(year)s 年没有监测点矩阵（限值 monitoring_matrix）；请在 limits/monitoring_matrix.yaml 中写明区域和学段"
)
AREA_UNKNOWN = gettext_lazy("「区域」%(area)s 不在监测点矩阵中；请选择 %(choices)s 之一")
LEVEL_UNKNOWN = gettext_lazy("「学段」%(level)s 不在监测点矩阵中；请选择 %(choices)s 之一")
NOT_A_COUNTY = gettext_lazy("「%(division)s」不是县级区划；监测点由各县（区）指定，请选择一个县（区）")
SCHOOL_NOT_OF_COUNTY = gettext_lazy("「学校」%(school)s 不属于%(county)s；请从%(county)s的学校中选择")
LEVEL_MISMATCH = gettext_lazy(
    "「学校」%(school)s 的学段为%(levels)s，不能作为「%(cell)s」监测点；请选择%(level)s（学段不能替代）"
)
STAND_IN_NEEDS_REASON = gettext_lazy(
    "「学校」%(school)s 位于%(area)s，与「%(cell)s」的区域不符；请改选该区域的学校，"
    "或在「替代理由」中写明本县没有该区域%(level)s的情况，报市教育局批准"
)
STAND_IN_NOT_NEEDED = gettext_lazy(
    "%(county)s有符合「%(cell)s」的学校（如 %(example)s），不能以其他区域的学校替代；请从中选择一所"
)
STAND_IN_NOT_NEAREST = gettext_lazy(
    "「%(cell)s」的替代学校应取最近区域（%(nearest)s）的%(level)s，%(school)s 位于%(area)s；请改选%(nearest)s的学校"
)
SCHOOL_TWICE = gettext_lazy(
    "「学校」%(school)s 已是 %(year)s 年「%(other)s」的监测点；一所学校只能占一格，请为「%(cell)s」另选学校"
)
ONLY_THE_CITY_APPROVES = gettext_lazy("替代监测点由市教育局批准；请提交市教育局办理")
NOT_A_STAND_IN = gettext_lazy("「%(cell)s」的监测点 %(school)s 与该格相符，不是替代学校，无须批准")
ALREADY_APPROVED = gettext_lazy("「%(cell)s」的替代学校 %(school)s 已于 %(on)s 批准，无须再次批准")

MISSING_CELL = gettext_lazy("%(county)s %(year)s 年缺少「%(cell)s」监测点；请从本县%(area)s的%(level)s中指定一所")
OUTSIDE_MATRIX = gettext_lazy(
    "%(county)s的监测点 %(school)s 所占的「%(cell)s」不在政策包的矩阵中；请改到矩阵中的一格或删除"
)
TWICE_IN_MATRIX = gettext_lazy("%(school)s 同时是「%(cells)s」的监测点；一所学校只能占一格，请为其余各格另选学校")
CELL_LEVEL_WRONG = gettext_lazy(
    "「%(cell)s」的监测点 %(school)s 学段为%(levels)s，与该格不符；请改选%(area)s的%(level)s"
)
CELL_AREA_WRONG = gettext_lazy(
    "「%(cell)s」的监测点 %(school)s 位于%(area_now)s，与该格不符；请改选%(area)s的学校，或写明替代理由报市教育局批准"
)
STAND_IN_PENDING = gettext_lazy(
    "「%(cell)s」由%(area_now)s的 %(school)s 替代，替代理由尚待市教育局批准；请市教育局审核"
)


class SiteInvalid(ValueError):
    """A naming or approval that cannot be made: `field` names the field, the message says how to fix it."""

    def __init__(self, field: str, message):
        super().__init__(str(message))
        self.field = field
        self.message = str(message)


@dataclass(frozen=True)
class Matrix:
    areas: tuple[str, ...]
    levels: tuple[str, ...]
    clause: str

    def cells(self) -> list[tuple[str, str]]:
        return [(area, level) for area in self.areas for level in self.levels]


@dataclass(frozen=True)
class SiteRow:
    """A named site as the matrix check reads it: its cell, and the school's real area and levels."""

    area: str
    level: str
    school: str
    school_id: int
    school_area: str
    school_levels: frozenset[str]
    stand_in_reason: str = ""
    approved: bool = False


# -- reading the pack and the cells ----------------------------------------------------------------


def matrix_of(pack, year: int) -> Matrix:
    """The matrix in force at the end of `year` (as for the year's other dates)."""
    limit = pack.limits.get(MATRIX_LIMIT)
    dated = limit.at(date(year, 12, 31)) if limit else None
    if dated is None:
        raise SiteInvalid("year", NO_MATRIX % {"year": year})
    value = dated.value
    return Matrix(tuple(value["areas"]), tuple(value["levels"]), dated.clause)


def cells_of(school_levels) -> set[str]:
    """The matrix levels a school with these levels counts for (a nine-year school: primary and secondary)."""
    school_levels = set(school_levels)  # read once: a generator would be spent by the first cell
    return {cell for cell, levels in LEVELS_OF_CELL.items() if levels & school_levels}


def area_label(area: str) -> str:
    return str(dict(Area.choices).get(area, area))


def level_label(level: str) -> str:
    return str(CELL_LEVEL_LABELS.get(level, level))


def cell_label(area: str, level: str) -> str:
    return gettext("%(area)s%(level)s") % {"area": area_label(area), "level": level_label(level)}


def _levels_text(school_levels) -> str:
    school_levels = set(school_levels)
    names = [gettext(name) for code, name, _order in LEVELS if code in school_levels]
    return gettext("、").join(names) or gettext("（未登记）")


# -- the check -------------------------------------------------------------------------------------


def problems_in(matrix: Matrix, rows: list[SiteRow], *, county: str, year: int) -> list[str]:
    """What keeps a county's sites from being a full, true matrix: missing cells, cells outside it, a
    school in two cells, and sites whose school's real area or level is not its cell's (a stand-in
    counts once the city approved it). Each problem names the cell."""
    problems = []
    named = {(row.area, row.level) for row in rows}
    for area, level in matrix.cells():
        if (area, level) not in named:
            problems.append(
                MISSING_CELL
                % {
                    "county": county,
                    "year": year,
                    "cell": cell_label(area, level),
                    "area": area_label(area),
                    "level": level_label(level),
                }
            )
    by_school: dict[int, list[SiteRow]] = {}
    for row in rows:
        by_school.setdefault(row.school_id, []).append(row)
        problems += _row_problems(matrix, row, county)
    for twice in (group for group in by_school.values() if len(group) > 1):
        cells = gettext("」「").join(cell_label(row.area, row.level) for row in twice)
        problems.append(TWICE_IN_MATRIX % {"school": twice[0].school, "cells": cells})
    return problems


def _row_problems(matrix: Matrix, row: SiteRow, county: str) -> list[str]:
    words = {
        "cell": cell_label(row.area, row.level),
        "school": row.school,
        "area": area_label(row.area),
        "area_now": area_label(row.school_area),
        "level": level_label(row.level),
        "levels": _levels_text(row.school_levels),
        "county": county,
    }
    if row.area not in matrix.areas or row.level not in matrix.levels:
        return [OUTSIDE_MATRIX % words]
    if row.level not in cells_of(row.school_levels):
        return [CELL_LEVEL_WRONG % words]
    if row.school_area == row.area:
        return []
    if not row.stand_in_reason:
        return [CELL_AREA_WRONG % words]
    return [] if row.approved else [STAND_IN_PENDING % words]


def matrix_problems(pack, county, year: int) -> list[str]:
    """The problems of `county`'s sites for `year` against the pack's matrix (empty when complete), read
    from the schools' records as they stand now."""
    county = _division(county)
    sites = MonitoringSite.objects.filter(county=county, year=year).select_related("school")
    sites = sites.prefetch_related("school__levels")
    rows = [
        SiteRow(
            site.area,
            site.level,
            site.school.name,
            site.school_id,
            site.school.area,
            frozenset(level.code for level in site.school.levels.all()),
            site.stand_in_reason,
            site.stand_in_approved_by_id is not None,
        )
        for site in sites
    ]
    return problems_in(matrix_of(pack, year), rows, county=county.name, year=year)


def _division(county) -> Division:
    return county if isinstance(county, Division) else Division.objects.get(code=county)


# -- services --------------------------------------------------------------------------------------


def site_name(
    user, *, county, year: int, school, area: str, level: str, stand_in_reason: str = "", on: date | None = None
) -> MonitoringSite:
    """`school` becomes `county`'s site for the cell (`area`, `level`) of `year`, replacing the school
    named there before. The county's (or the city's) education bureau names; a school whose area is not
    the cell's stands in only with a reason, and only where the county has no school for the cell."""
    on = on or timezone.localdate()
    matrix = matrix_of(active_engine().pack, year)
    _check_cell(matrix, area, level)
    stand_in_reason = stand_in_reason.strip()
    with transaction.atomic():
        county = _managed_county(user, county)
        school = _school_in_reach(user, school)
        _check_school_fits(county, school, area, level, stand_in_reason, matrix)
        if school.area == area:
            stand_in_reason = ""  # a school that fits its cell needs no reason, and no approval
        _check_not_elsewhere(county, school, year, area, level)
        site = MonitoringSite.objects.select_for_update().filter(county=county, year=year, area=area, level=level)
        site = site.first()
        before = site_snapshot(site) if site else None
        if site is None:
            site = MonitoringSite(county=county, year=year, area=area, level=level)
        site.school = school
        site.stand_in_reason = stand_in_reason
        site.stand_in_approved_by, site.stand_in_approved_on = None, None
        site.named_by, site.named_on = user, on
        site.save()
        audit_record(
            acting_user=user,
            action="monitoring.site_name",
            object_type="monitoring_site",
            object_id=site.pk,
            before=before,
            after=site_snapshot(site),
        )
        if stand_in_reason:
            _tell_the_city_of_a_stand_in(site)
    return site


def _tell_the_city_of_a_stand_in(site: MonitoringSite) -> None:
    """The city bureau approves stand-ins, so it is told when one is named (in the naming's transaction)."""
    from jianfu.deadlines.hooks import bureau_of
    from jianfu.deadlines.models import NotificationKind
    from jianfu.deadlines.services import notify, people_of
    from jianfu.deadlines.violations import city_of
    from jianfu.documents.language import official_language

    city = city_of(site.county)
    bureau = bureau_of(city) if city != site.county else None
    if bureau is None:
        return
    with official_language():  # a record others read later: Chinese, whatever the namer reads the site in
        title = gettext("%(county)s以%(school)s替代%(year)s年「%(cell)s」监测点，待市教育局批准") % {
            "county": site.county.name,
            "school": site.school.name,
            "year": site.year,
            "cell": cell_label(site.area, site.level),
        }
    notify(
        users=people_of(unit=bureau),
        kind=NotificationKind.STAND_IN_NAMED,
        title=title,
        body=site.stand_in_reason,
        link=f"/monitoring/?year={site.year}&county={site.county.code}",
        subject=("monitoring_site", site.pk),
    )


def stand_in_approve(site_id: int, user, *, on: date | None = None) -> MonitoringSite:
    """The city bureau approves a stand-in school (a school of the nearest area standing for a cell)."""
    from jianfu.monitoring.selectors import sites_for

    with transaction.atomic():
        site = get_for_user(sites_for(user).select_for_update(of=("self",)), pk=site_id)
        words = {"cell": cell_label(site.area, site.level), "school": site.school.name}
        if site.county.parent is None or not can_manage_roster(user, site.county.parent):
            raise PermissionDenied(str(ONLY_THE_CITY_APPROVES))
        if not site.stand_in_reason:
            raise SiteInvalid("site", NOT_A_STAND_IN % words)
        if site.stand_in_approved_by_id:
            raise SiteInvalid("site", ALREADY_APPROVED % (words | {"on": site.stand_in_approved_on}))
        before = site_snapshot(site)
        site.stand_in_approved_by, site.stand_in_approved_on = user, on or timezone.localdate()
        site.save(update_fields=["stand_in_approved_by", "stand_in_approved_on"])
        audit_record(
            acting_user=user,
            action="monitoring.stand_in_approve",
            object_type="monitoring_site",
            object_id=site.pk,
            before=before,
            after=site_snapshot(site),
        )
    return site


def site_snapshot(site: MonitoringSite) -> dict:
    return {
        "year": site.year,
        "county": site.county.code,
        "school": site.school.code,
        "area": site.area,
        "level": site.level,
        "stand_in_reason": site.stand_in_reason,
        "stand_in_approved_by": site.stand_in_approved_by_id,
    }


def _check_cell(matrix: Matrix, area: str, level: str) -> None:
    if area not in matrix.areas:
        choices = gettext("、").join(area_label(a) for a in matrix.areas)
        raise SiteInvalid("area", AREA_UNKNOWN % {"area": area, "choices": choices})
    if level not in matrix.levels:
        choices = gettext("、").join(level_label(lv) for lv in matrix.levels)
        raise SiteInvalid("level", LEVEL_UNKNOWN % {"level": level, "choices": choices})


def _managed_county(user, county) -> Division:
    """The county, when the user's bureau manages it (its own county, or the city over it); else 404."""
    lookup = {"pk": county.pk} if isinstance(county, Division) else {"code": county}
    division = get_for_user(managed_divisions(user), **lookup)
    if not division.is_county_level:
        raise SiteInvalid("county", NOT_A_COUNTY % {"division": division.name})
    return division


def _school_in_reach(user, school) -> School:
    pk = school.pk if isinstance(school, School) else school
    return get_for_user(schools_for(user).prefetch_related("levels"), pk=pk)


def _check_school_fits(county, school, area, level, reason, matrix) -> None:
    words = {
        "school": school.name,
        "county": county.name,
        "cell": cell_label(area, level),
        "area": area_label(school.area),
        "level": level_label(level),
        "levels": _levels_text(lv.code for lv in school.levels.all()),
    }
    if school.county_id != county.pk:
        raise SiteInvalid("school", SCHOOL_NOT_OF_COUNTY % words)
    if level not in cells_of(lv.code for lv in school.levels.all()):
        raise SiteInvalid("school", LEVEL_MISMATCH % words)
    if school.area == area:
        return
    if not reason:
        raise SiteInvalid("stand_in_reason", STAND_IN_NEEDS_REASON % words)
    of_level = School.objects.filter(county=county, levels__code__in=LEVELS_OF_CELL[level]).distinct()
    fitting = of_level.filter(area=area).order_by("code").first()
    if fitting is not None:
        raise SiteInvalid("school", STAND_IN_NOT_NEEDED % (words | {"example": fitting.name}))
    nearest = _nearest_areas(matrix.areas, area, set(of_level.values_list("area", flat=True)))
    if school.area not in nearest:
        nearest_text = gettext("或").join(area_label(a) for a in nearest)
        raise SiteInvalid("school", STAND_IN_NOT_NEAREST % (words | {"nearest": nearest_text}))


def _nearest_areas(order: tuple[str, ...], area: str, present: set[str]) -> list[str]:
    """The areas holding a school of the level that lie closest to `area` in the matrix's order
    (urban, township, village: a township is next to both)."""
    distance = {a: abs(order.index(a) - order.index(area)) for a in present if a in order and a != area}
    if not distance:
        return []
    closest = min(distance.values())
    return [a for a in order if distance.get(a) == closest]


def _check_not_elsewhere(county, school, year, area, level) -> None:
    other = MonitoringSite.objects.filter(year=year, school=school).exclude(county=county, area=area, level=level)
    other = other.first()
    if other is not None:
        raise SiteInvalid(
            "school",
            SCHOOL_TWICE
            % {
                "school": school.name,
                "year": year,
                "other": cell_label(other.area, other.level),
                "cell": cell_label(area, level),
            },
        )
