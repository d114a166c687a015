"""The sites pages (7.4): each county's matrix of monitoring schools for a year, the naming form, the city's
approval of stand-ins; a site's waves with the codes it handed out, and the issuing of new codes.

Views parse, call the services (sites.site_name, sites.stand_in_approve, survey.codes_issue) and render.
A refused naming re-shows the page with what was typed and the error beside its field (400)."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jianfu.monitoring.models import MonitoringSite
from jianfu.monitoring.page_params import county_asked, official_counties, year_asked
from jianfu.monitoring.selectors import sites_for
from jianfu.monitoring.sites import (
    SiteInvalid,
    area_label,
    cells_of,
    level_label,
    matrix_of,
    matrix_problems,
    site_name,
    stand_in_approve,
)
from jianfu.org.access import can_manage_roster, get_for_user, scope_for
from jianfu.org.models import Division, School
from jianfu.packs.active import active_engine

NAME_FIELDS = ("area", "level", "school", "stand_in_reason")


@dataclass
class NameForm:
    """The naming form of one county: what was typed, and the error by its field once refused."""

    typed: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)


def site_readers_sites(user):
    """The sites a user reads on these pages: a bureau's or inspectorate's counties', a principal's school's."""
    scope = scope_for(user)
    sites = sites_for(user)
    if scope.everything:
        return sites
    return sites.filter(Q(county__in=official_counties(user)) | Q(school_id__in=scope.roster_school_ids))


def site_get_for_reader(user, site_id: int) -> MonitoringSite:
    return get_for_user(site_readers_sites(user), pk=site_id)


def sites_url(year: int, county: Division | None = None) -> str:
    query = {"year": year} | ({"county": county.code} if county else {})
    return reverse("monitoring:sites") + "?" + urlencode(query)


@login_required
def sites_page(request):
    return _sites_page(request, request.GET)


def _sites_page(request, params, *, refused: Division | None = None, form: NameForm | None = None, status=200):
    counties = official_counties(request.user)
    year, error = year_asked(params)
    county, county_error = county_asked(params, counties)
    context = {"year": year, "counties": counties, "county": county, "typed_county": params.get("county", "")}
    if not counties.exists():
        principal_sites = site_readers_sites(request.user).filter(year=year)
        if not scope_for(request.user).roster_school_ids:
            raise Http404
        context |= {"sites": principal_sites, "error": error}
        return render(request, "monitoring/sites_school.html", context, status=400 if error else 200)
    error = error or county_error
    if not error:
        try:
            matrix = matrix_of(active_engine().pack, year)
        except SiteInvalid as invalid:
            error = invalid.message
    if error:
        return render(request, "monitoring/sites.html", context | {"error": error}, status=400)
    shown = [county] if county else list(counties)
    grids = [
        _grid(request.user, matrix, each, year, form if each == refused else NameForm(), len(shown) == 1)
        for each in shown
    ]
    return render(request, "monitoring/sites.html", context | {"grids": grids}, status=status)


def _grid(user, matrix, county: Division, year: int, form: NameForm, with_form: bool) -> dict:
    sites = {
        (site.area, site.level): site
        for site in MonitoringSite.objects.filter(county=county, year=year).select_related(
            "school", "stand_in_approved_by"
        )
    }
    may_name = with_form and can_manage_roster(user, county)
    city = county.parent
    return {
        "county": county,
        "levels": [(level, level_label(level)) for level in matrix.levels],
        "rows": [
            (
                area_label(area),
                [(area, level, level_label(level), sites.get((area, level))) for level in matrix.levels],
            )
            for area in matrix.areas
        ],
        "problems": matrix_problems(active_engine().pack, county, year),
        "may_name": may_name,
        "may_approve": city is not None and can_manage_roster(user, city),
        "areas": [(area, area_label(area)) for area in matrix.areas],
        "pickers": _school_picker(county, matrix) if may_name else [],
        "form": form,
    }


def _school_picker(county: Division, matrix) -> list[tuple[str, list[tuple[int, str]]]]:
    """The county's schools grouped by the matrix level they can stand for (a nine-year school in two groups)."""
    schools = School.objects.filter(county=county).prefetch_related("levels").order_by("area", "name")
    groups: dict[str, list[tuple[int, str]]] = {level: [] for level in matrix.levels}
    for school in schools:
        for level in cells_of(lv.code for lv in school.levels.all()) & set(groups):
            groups[level].append(
                (school.pk, _("%(school)s（%(area)s）") % {"school": school.name, "area": area_label(school.area)})
            )
    return [(level_label(level), options) for level, options in groups.items()]


@login_required
@require_POST
def site_name_post(request):
    counties = official_counties(request.user)
    year, error = year_asked(request.POST)
    county, county_error = county_asked(request.POST, counties)
    if error or county_error or county is None:
        raise Http404  # the form names a year and a county the page gave it: anything else is not ours
    typed = {name: (request.POST.get(name) or "").strip() for name in NAME_FIELDS}
    try:
        if not typed["school"].isdigit():
            raise SiteInvalid("school", _("请在「学校」中选择一所本县（区）的学校"))
        site = site_name(
            request.user,
            county=county,
            year=year,
            school=int(typed["school"]),
            area=typed["area"],
            level=typed["level"],
            stand_in_reason=typed["stand_in_reason"],
        )
    except SiteInvalid as invalid:
        form = NameForm(typed=typed, errors={invalid.field: invalid.message})
        params = {"year": str(year), "county": county.code}
        return _sites_page(request, params, refused=county, form=form, status=400)
    if site.stand_in_reason:
        messages.success(request, _("已指定 %(school)s 为替代监测点，待市教育局批准。") % {"school": site.school.name})
    else:
        messages.success(request, _("已指定 %(school)s 为监测点。") % {"school": site.school.name})
    return redirect(sites_url(year, county))


@login_required
@require_POST
def stand_in_approve_post(request, site_id: int):
    site = site_get_for_reader(request.user, site_id)
    try:
        stand_in_approve(site.pk, request.user)
    except SiteInvalid as invalid:
        messages.error(request, invalid.message)
    else:
        messages.success(request, _("已批准 %(school)s 作为替代监测点。") % {"school": site.school.name})
    return redirect(sites_url(site.year, site.county))
