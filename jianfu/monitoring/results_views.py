"""The survey's results and the estimate gap (7.4), for the bureaus and inspectorates over the counties: a
county's own figures, the city's for the city; `results.xlsx` with the same filters. Every figure is what
results.results() and gap.gap() return (small groups only as their note): the page never recounts."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from jianfu.documents.language import official_language
from jianfu.monitoring.gap import gap
from jianfu.monitoring.models import ACTIVITIES, Wave
from jianfu.monitoring.page_params import county_asked, official_counties, year_asked
from jianfu.monitoring.results import results
from jianfu.monitoring.results_sheet import results_xlsx
from jianfu.monitoring.selectors import counties_with_schools
from jianfu.registry.public import file_response


class ResultsAsked:
    """The year, county and wave asked for, within what the user reads; `error` names a parameter to fix."""

    def __init__(self, user, params):
        self.counties = official_counties(user)
        if not self.counties.exists():
            raise Http404  # only bureaus and inspectorates read the results
        self.year, error = year_asked(params)
        self.county, county_error = county_asked(params, self.counties)
        if self.county is None and self.counties.count() < counties_with_schools().count():
            self.county = self.counties.first()  # not the whole city's reader: one of its counties
        self.waves = list(Wave.objects.filter(year=self.year).order_by("opens_on"))
        self.wave = (params.get("wave") or "").strip()
        if self.wave and self.wave not in {wave.term for wave in self.waves}:
            terms = _("、").join(wave.term for wave in self.waves) or _("（这一年还没有轮次）")
            error = error or _("「轮次」（wave）%(value)s 不是 %(year)s 年的问卷轮次；请选择 %(terms)s 之一") % {
                "value": self.wave[:20],
                "year": self.year,
                "terms": terms,
            }
        self.error = error or county_error

    @property
    def county_code(self) -> str | None:
        return self.county.code if self.county else None

    @property
    def query(self) -> str:
        return urlencode(
            {"year": self.year}
            | ({"county": self.county.code} if self.county else {})
            | ({"wave": self.wave} if self.wave else {})
        )


@login_required
def results_page(request):
    asked = ResultsAsked(request.user, request.GET)
    context = {"asked": asked, "typed_county": request.GET.get("county", ""), "activities": ACTIVITIES}
    if asked.error:
        return render(request, "monitoring/results.html", context | {"error": asked.error}, status=400)
    context |= {
        "results": results(asked.year, county=asked.county_code, wave=asked.wave or None),
        "gap": gap(asked.year, county=asked.county_code),
    }
    return render(request, "monitoring/results.html", context)


@login_required
def results_download(request):
    asked = ResultsAsked(request.user, request.GET)
    if asked.error:
        return render(request, "monitoring/results.html", {"asked": asked, "error": asked.error}, status=400)
    found = results(asked.year, county=asked.county_code, wave=asked.wave or None)
    gapped = gap(asked.year, county=asked.county_code)
    with official_language():  # the bureau's Chinese figures, whatever language the page is read in
        data = results_xlsx(found, gapped)
    name = "-".join(part for part in ("monitoring-results", str(asked.year), asked.county_code, asked.wave) if part)
    return file_response(data, f"{name}.xlsx")
