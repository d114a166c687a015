"""A site's page: its school and cell, each wave of the year with the codes handed out and the answers (shown
only from five on, as results() says), and the issuing of new single-use codes.

New codes are shown once: the issuing POST keeps them in the session for the one page that prints them (a
slip per code with a QR code of the survey's address, the code in the fragment so it never reaches the
server) and that page drops them as it shows them. Reloading it says they were shown already."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jianfu.monitoring.models import MonitoringSite
from jianfu.monitoring.results import results
from jianfu.monitoring.site_views import site_get_for_reader
from jianfu.monitoring.sites import cell_label
from jianfu.monitoring.survey import SurveyInvalid, can_issue_codes, codes_issue
from jianfu.monitoring.waves import WavesMissing, waves_for

MAX_CODES_AT_ONCE = 200  # one printed sheet: more teachers than any school has
SESSION_KEY = "monitoring_new_codes"


@login_required
def site_page(request, site_id: int):
    return _site_page(request, site_get_for_reader(request.user, site_id))


def _site_page(request, site: MonitoringSite, *, typed_count: str = "", error: str = "", status: int = 200):
    try:
        waves, waves_missing = waves_for(site.year), ""
    except WavesMissing as missing:
        waves, waves_missing = [], str(missing)
    today = timezone.localdate()
    open_wave = next((wave for wave in waves if wave.opens_on <= today <= wave.closes_on), None)
    context = {
        "site": site,
        "cell": cell_label(site.area, site.level),
        "waves": _wave_rows(site, waves),
        "waves_missing": waves_missing,
        "open_wave": open_wave,
        "may_issue": can_issue_codes(request.user, site),
        "max_codes": MAX_CODES_AT_ONCE,
        "typed_count": typed_count,
        "error": error,
    }
    return render(request, "monitoring/site.html", context, status=status)


def _wave_rows(site: MonitoringSite, waves) -> list[dict]:
    """Per wave: codes issued and used, and the answers as results() shows them (or its suppression note)."""
    counted = {
        row["wave_id"]: row
        for row in site.codes.values("wave_id").annotate(issued=Count("id"), used=Count("id", filter=Q(used=True)))
    }
    rows = []
    for wave in waves:
        found = results(site.year, county=site.county.code, wave=wave.term)
        shown = next(row for row in found["sites"] if row["key"] == str(site.pk))
        codes = counted.get(wave.pk, {"issued": 0, "used": 0})
        rows.append({"wave": wave, "issued": codes["issued"], "used": codes["used"], "result": shown})
    return rows


@login_required
@require_POST
def codes_issue_post(request, site_id: int):
    site = site_get_for_reader(request.user, site_id)
    typed = (request.POST.get("count") or "").strip()
    today = timezone.localdate()
    open_wave = next((w for w in waves_for(site.year) if w.opens_on <= today <= w.closes_on), None)
    if open_wave is None:
        return _site_page(
            request,
            site,
            typed_count=typed,
            error=_("本年度现在没有开放的问卷轮次；请在轮次开放期间发放问卷码"),
            status=400,
        )
    if not (typed.isdigit() and 1 <= int(typed) <= MAX_CODES_AT_ONCE):
        error = _("「份数」应为 1 至 %(max)s 之间的整数，而不是「%(value)s」；请按本校教师人数填写") % {
            "max": MAX_CODES_AT_ONCE,
            "value": typed[:20],
        }
        return _site_page(request, site, typed_count=typed, error=error, status=400)
    try:
        codes = codes_issue(site.pk, request.user, wave_id=open_wave.pk, count=int(typed))
    except SurveyInvalid as invalid:
        return _site_page(request, site, typed_count=typed, error=str(invalid), status=400)
    request.session[SESSION_KEY] = {"site": site.pk, "wave": open_wave.label, "codes": codes}
    return redirect("monitoring:codes_sheet", site_id=site.pk)


@login_required
def codes_sheet(request, site_id: int):
    """The new codes, printed once: taken out of the session as they are shown."""
    site = site_get_for_reader(request.user, site_id)
    kept = request.session.get(SESSION_KEY)
    slips, wave = [], ""
    if kept and kept.get("site") == site.pk:
        del request.session[SESSION_KEY]
        survey_url = request.build_absolute_uri(reverse("survey:form"))
        wave = kept["wave"]
        slips = [{"code": code, "qr": _qr(f"{survey_url}#c={code}")} for code in kept["codes"]]
    context = {
        "site": site,
        "slips": slips,
        "wave": wave,
        "survey_url": request.build_absolute_uri(reverse("survey:form")),
    }
    response = render(request, "monitoring/site_codes.html", context)
    response["Cache-Control"] = "no-store"  # the back button must not bring the codes back from the cache
    return response


def _qr(text: str) -> str:
    import segno  # loaded with the first QR code a worker draws, not at start-up

    return segno.make(text, error="m").svg_inline(scale=3, border=2)
