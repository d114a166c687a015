"""The dashboards page (clause 7.4): the city bureau reads every county (and picks one), a county bureau its
own, an inspectorate the counties of its division; anyone else finds nothing (404). Every chart has its table
beside it and an xlsx download of the same rows.

Bad parameters (a year that is not one, an unknown county, an unknown table) answer 400 with a sentence
naming the parameter; a county that exists but is out of reach answers 404, as a missing one would to a
reader who may not know it exists."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from jianfu.documents.language import official_language
from jianfu.monitoring.dashboard import KEYS, Reach, dashboard
from jianfu.monitoring.dashboard_sheet import series_xlsx
from jianfu.monitoring.selectors import counties_with_schools
from jianfu.org.access import scope_for
from jianfu.org.models import Division
from jianfu.registry.public import file_response
from jianfu.web.params import year_typed


def reach_for(user) -> Reach:
    """The divisions a reader's dashboard covers: those where it is an education bureau or an inspectorate
    (the whole platform for an operator); 404 for everyone else."""
    scope = scope_for(user)
    counties = counties_with_schools()
    if scope.everything:
        return Reach(tuple(Division.objects.filter(parent__isnull=True)), tuple(counties))
    if not scope.roster_paths:
        raise Http404
    tops = [p for p in scope.roster_paths if not any(p != o and p.startswith(o) for o in scope.roster_paths)]
    roots = tuple(Division.objects.filter(path__in=tops).order_by("path"))
    return Reach(roots, tuple(c for c in counties if any(c.path.startswith(p) for p in tops)))


@dataclass
class Asked:
    """The year and county of the address, checked against the reader's reach."""

    year: int
    county: Division | None
    error: str = ""

    @property
    def query(self) -> str:
        return urlencode({"year": self.year} | ({"county": self.county.code} if self.county else {}))


def asked_in(params, reach: Reach) -> Asked:
    today = timezone.localdate()
    asked = Asked(today.year, None)
    year, asked.error = year_typed(params.get("year"), last=today.year, default=today.year)
    asked.year = year or today.year
    code = (params.get("county") or "").strip()
    if code:
        asked.county = next((c for c in reach.counties if c.code == code), None)
        if asked.county is None:
            if not Division.objects.filter(code=code).exists():
                asked.error = asked.error or _(
                    "参数 county（县（区）代码）「%(value)s」不存在；请从列表中选择县（区）"
                ) % {"value": code[:20]}
            else:
                raise Http404  # a county out of reach is as missing as one that does not exist
    return asked


def _narrowed(reach: Reach, asked: Asked) -> Reach:
    return Reach((asked.county,), (asked.county,)) if asked.county else reach


@login_required
def home(request):
    reach = reach_for(request.user)
    asked = asked_in(request.GET, reach)
    context = {"reach": reach, "asked": asked, "typed": {k: request.GET.get(k, "") for k in ("year", "county")}}
    if asked.error:
        return render(request, "monitoring/dashboard.html", context | {"error": asked.error}, status=400)
    shown = _narrowed(reach, asked)
    series = dashboard(shown, asked.year, today=timezone.localdate())
    return render(request, "monitoring/dashboard.html", context | {"shown": shown, "series": list(series.values())})


@login_required
def sheet(request, key: str):
    reach = reach_for(request.user)
    asked = asked_in(request.GET, reach)
    if key not in KEYS:
        asked.error = asked.error or _("表格「%(value)s」不存在；请从仪表盘页面的「下载表格」链接下载") % {
            "value": key[:30]
        }
    if asked.error:
        context = {"reach": reach, "asked": asked, "typed": {k: request.GET.get(k, "") for k in ("year", "county")}}
        return render(request, "monitoring/dashboard.html", context | {"error": asked.error}, status=400)
    shown = _narrowed(reach, asked)
    with official_language():  # a table filed away is Chinese, whatever language the page is read in
        series = dashboard(shown, asked.year, today=timezone.localdate(), keys=(key,))[key]
        data = series_xlsx(series, shown.name, asked.year)
    codes = asked.county.code if asked.county else "all"
    return file_response(data, f"dashboard-{key}-{codes}-{asked.year}.xlsx")
