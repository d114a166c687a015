"""The yearly report's pages (clause 7.4): the list of reports by year — a county bureau's own, with its draft
button; the city bureau's every county, with the city summary to download — and one report as its document
has it: each section's heading, its figures (report_documents.report_sections, the documents' one source),
the bureau's own text under each heading while a draft, 刷新数据, and 报送市教育局 after a confirm step.

Views parse, call report_services and render; every write redirects (POST-redirect-GET). A refused section
re-shows the page with what was typed and the error beside it (400). Missing and forbidden are both 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jianfu.monitoring.models import CountyReport, ReportState
from jianfu.monitoring.page_params import year_asked
from jianfu.monitoring.report import SECTIONS
from jianfu.monitoring.report_documents import (
    chinese_numeral,
    city_report_document,
    county_report_document,
    figures_of,
    report_sections,
    report_title,
)
from jianfu.monitoring.report_services import (
    ReportError,
    bureau_divisions,
    may_write,
    report_draft,
    report_due,
    report_get_for_user,
    report_section_write,
    report_submit,
    reports_for_city,
)
from jianfu.org.models import Division
from jianfu.registry.public import file_response

FORMATS = ("docx", "pdf")


def _counties_and_cities(user) -> tuple[list[Division], list[Division]]:
    """The counties whose report this bureau writes, and the cities whose counties' reports it reads."""
    divisions = bureau_divisions(user)
    with_schools = set(
        Division.objects.filter(pk__in=[d.pk for d in divisions], schools__isnull=False).values_list("pk", flat=True)
    )
    return [d for d in divisions if d.pk in with_schools], [d for d in divisions if d.pk not in with_schools]


def _standing(report: CountyReport | None, year: int) -> dict:
    """The due date, and whether the report is (or was) late."""
    due, today = report_due(year), timezone.localdate()
    submitted_on = report.submitted_on if report is not None and report.state == ReportState.SUBMITTED else None
    late = (submitted_on or today) > due
    return {"due": due, "late": late, "submitted_on": submitted_on}


def _county_rows(county: Division, year: int) -> list[dict]:
    """The county's reports, every year's, with the asked year's first even before it is drafted."""
    reports = {r.year: r for r in CountyReport.objects.filter(county=county)}
    years = sorted(set(reports) | {year}, reverse=True)
    return [{"county": county, "year": y, "report": reports.get(y)} | _standing(reports.get(y), y) for y in years]


def _city_rows(user, city: Division, year: int) -> list[dict]:
    """Every county under the city with schools, and its report of the year if there is one."""
    reports = {r.county_id: r for r in reports_for_city(city, year, user)}
    counties = Division.objects.filter(path__startswith=city.path, schools__isnull=False).distinct().order_by("path")
    return [
        {"county": county, "year": year, "report": reports.get(county.pk)} | _standing(reports.get(county.pk), year)
        for county in counties
    ]


@login_required
def reports_page(request):
    counties, cities = _counties_and_cities(request.user)
    if not counties and not cities:
        raise Http404
    year, error = year_asked(request.GET)
    context = {"year": year, "typed_year": request.GET.get("year", ""), "error": error, "due": report_due(year)}
    if error:
        return render(request, "monitoring/reports.html", context, status=400)
    context |= {
        "counties": [{"county": c, "rows": _county_rows(c, year)} for c in counties],
        "cities": [{"city": c, "rows": _city_rows(request.user, c, year)} for c in cities],
    }
    return render(request, "monitoring/reports.html", context)


@login_required
@require_POST
def report_new(request):
    """起草本年度报告: the county's report of the year, its figures assembled now; then the report's page."""
    counties, _cities = _counties_and_cities(request.user)
    year, error = year_asked(request.POST)
    code = (request.POST.get("county") or "").strip()
    county = next((c for c in counties if c.code == code), counties[0] if len(counties) == 1 and not code else None)
    if county is None:
        raise Http404
    if error:
        messages.error(request, error)
        return redirect(reverse("reports:list"))
    try:
        report = report_draft(county, year, request.user)
    except ReportError as refused:
        messages.error(request, str(refused))
        return redirect(reverse("reports:list") + "?" + urlencode({"year": year}))
    return redirect("reports:detail", report_id=report.pk)


def _report_context(request, report: CountyReport, *, typed: dict | None = None, errors: dict | None = None) -> dict:
    figures = figures_of(report, report.county, report.year)
    editable = report.state == ReportState.DRAFT and may_write(request.user, report.county)
    typed, errors = typed or {}, errors or {}
    built = report_sections(figures, {})  # the figures' paragraphs and tables; the bureau's words come apart
    sections = [
        {
            "key": key,
            "number": chinese_numeral(number),
            "section": section,
            "tables": [
                {"header": t.header, "rows": [list(zip(t.header, row, strict=True)) for row in t.rows]}
                for t in section.tables
            ],
            "own": typed.get(key, report.sections.get(key, "")),
            "error": errors.get(key, ""),
        }
        for number, ((key, _heading), section) in enumerate(zip(SECTIONS, built, strict=True), start=1)
    ]
    return {
        "report": report,
        "title": report_title(figures),
        "as_of": figures.get("as_of", ""),
        "sections": sections,
        "editable": editable,
        "formats": FORMATS,
    } | _standing(report, report.year)


@login_required
def report_page(request, report_id: int):
    report = report_get_for_user(report_id, request.user)
    return render(request, "monitoring/report.html", _report_context(request, report))


@login_required
@require_POST
def report_section_save(request, report_id: int, key: str):
    report = report_get_for_user(report_id, request.user)
    text = request.POST.get("text", "")
    try:
        report_section_write(report.pk, request.user, key, text)
    except ReportError as refused:
        report.refresh_from_db()
        context = _report_context(request, report, typed={key: text}, errors={key: str(refused)})
        return render(request, "monitoring/report.html", context | {"refused": str(refused)}, status=400)
    messages.success(request, _("已保存「%(name)s」部分。") % {"name": dict(SECTIONS).get(key, key)})
    return redirect(reverse("reports:detail", kwargs={"report_id": report.pk}) + f"#section-{key}")


@login_required
@require_POST
def report_refresh(request, report_id: int):
    """刷新数据: the draft's figures assembled again from the records."""
    report = report_get_for_user(report_id, request.user)
    try:
        report = report_draft(report.county, report.year, request.user)
    except ReportError as refused:
        messages.error(request, str(refused))
    else:
        if report.state == ReportState.SUBMITTED:
            messages.error(request, _("报告已于 %(day)s 报送，数据已固定，不再刷新。") % {"day": report.submitted_on})
        else:
            messages.success(request, _("已按目前的记录重新汇总数据。"))
    return redirect("reports:detail", report_id=report.pk)


@login_required
def report_submit_page(request, report_id: int):
    """报送市教育局: a confirm page (GET), then the submission (POST); a second submission is told it was."""
    report = report_get_for_user(report_id, request.user)
    if request.method != "POST":
        return render(request, "monitoring/report_submit.html", _report_context(request, report))
    try:
        report = report_submit(report.pk, request.user)
    except ReportError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("报告已报送市教育局（%(day)s），数据已固定。") % {"day": report.submitted_on})
    return redirect("reports:detail", report_id=report.pk)


@login_required
def report_download(request, report_id: int, fmt: str):
    report = report_get_for_user(report_id, request.user)
    if fmt not in FORMATS:
        raise Http404
    data = county_report_document(report.county, report.year, fmt=fmt)
    return file_response(data, f"report-{report.county.code}-{report.year}.{fmt}")


@login_required
def city_download(request, year: int, fmt: str):
    _counties, cities = _counties_and_cities(request.user)
    if fmt not in FORMATS or not cities:
        raise Http404
    city = cities[0]
    reports_for_city(city, year, request.user)  # 404 unless the city's bureau
    data = city_report_document(city, year, fmt=fmt, on=timezone.localdate())
    return file_response(data, f"report-{city.code}-{year}.{fmt}")
