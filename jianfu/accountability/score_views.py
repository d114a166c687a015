"""The supervision scores' pages (7.2): the year's list (`?year=Y&kind=county|department`), one unit's score
with every figure linking to the records behind it, those records each linking to its own page, the
inspectorate's adjustment form, and the two workbooks.

Readers as jianfu/accountability/score_access.py says; anyone else, and a unit out of reach, 404. A bad query
parameter answers 400 with a sentence naming it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods

from jianfu.accountability.adjustments import AdjustmentError, adjustment_add
from jianfu.accountability.indicators import COUNTY, DEPARTMENT, Scored
from jianfu.accountability.score_access import may_adjust, may_read, readable
from jianfu.accountability.score_sheets import assessment_xlsx, scores_xlsx
from jianfu.accountability.scores import computed, indicator_of, score_of, scored_units, scores_of
from jianfu.documents.language import official_language
from jianfu.monitoring.page_params import last_year, year_asked
from jianfu.web.params import FIRST_YEAR

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _bad(request, error: str) -> HttpResponse:
    return render(request, "accountability/scores_error.html", {"error": error}, status=400)


def _kind_asked(params) -> tuple[str, str]:
    typed = (params.get("kind") or "").strip()
    if typed in ("", COUNTY, DEPARTMENT):
        return typed, ""
    return "", _("「类别」（kind）%(value)s 无效；请填写 county（县区）或 department（部门），或留空") % {
        "value": typed[:20]
    }


def _readable_rows(request, year: int, kind: str = "") -> list[dict]:
    units = readable(request.user, scored_units(year))
    return scores_of([scored for scored in units if not kind or scored.kind == kind], year)


@login_required
def scores_page(request):
    year, error = year_asked(request.GET)
    kind, kind_error = _kind_asked(request.GET)
    readable(request.user, [])  # 404 before anything for someone who reads no score
    if error or kind_error:
        return _bad(request, error or kind_error)
    rows = _readable_rows(request, year, kind)
    query = f"year={year}" + (f"&kind={kind}" if kind else "")
    return render(request, "accountability/scores.html", {"year": year, "kind": kind, "rows": rows, "query": query})


def _scored_for(request, year: int, code: str) -> Scored:
    if not FIRST_YEAR <= year <= last_year():
        raise Http404
    scored = next(iter(scored_units(year, units=[code])), None)
    if scored is None or not may_read(request.user, scored):
        raise Http404
    return scored


@login_required
@require_http_methods(["GET", "POST"])
def score_page(request, year: int, code: str):
    scored = _scored_for(request, year, code)
    typed, error = {}, ""
    if request.method == "POST":
        if not may_adjust(request.user, scored):
            raise Http404
        typed = {key: request.POST.get(key, "") for key in ("indicator", "points", "reason")}
        try:
            adjustment_add(request.user, year=year, unit=code, **typed)
        except (AdjustmentError, PermissionDenied) as refused:
            error = str(refused)
        else:
            messages.success(request, _("已记录加减分"))
            return redirect("scores:unit", year=year, code=code)
    context = {
        "year": year,
        "row": score_of(scored, year),
        "may_adjust": may_adjust(request.user, scored),
        "typed": typed,
        "error": error,
    }
    return render(request, "accountability/score_unit.html", context, status=400 if error else 200)


def record_link(kind: str, record) -> str:
    """The record's own page."""
    if kind == "secondment":
        try:
            return reverse("secondments:detail", args=[record.pk])
        except NoReverseMatch:
            return reverse("registry:demand", args=[record.demand_id])
    names = {
        "demand": "registry:demand",
        "refusal": "gate:refusal",
        "case": "gate:case",
        "complaint": "complaints-case",
        "site": "monitoring:site",
        "report": "reports:detail",
    }
    return reverse(names[kind], args=[record.pk])


def record_label(kind: str, record) -> str:
    """What the record is, in a line: never a complainant's or a teacher's anything."""
    if kind == "demand":
        return _("%(title)s（%(number)s）") % {
            "title": record.title,
            "number": record.registration_number or record.get_state_display(),
        }
    if kind == "refusal":
        return _("%(school)s 拒绝「%(title)s」（%(day)s）") % {
            "school": record.school.name,
            "title": record.title,
            "day": record.received_on,
        }
    if kind == "case":
        return _("违规线索 #%(n)s（%(state)s）") % {"n": record.pk, "state": record.get_state_display()}
    if kind == "complaint":
        return _("举报 #%(n)s（%(day)s 收到，%(state)s）") % {
            "n": record.pk,
            "day": record.received_on,
            "state": record.get_state_display(),
        }
    if kind == "secondment":
        return record.demand.title
    if kind == "site":
        return record.school.name
    return _("%(year)s 年度减负情况报告（%(state)s）") % {"year": record.year, "state": record.get_state_display()}


KIND_LABELS = {
    "demand": gettext_noop("事项"),
    "refusal": gettext_noop("学校拒绝"),
    "case": gettext_noop("违规线索"),
    "complaint": gettext_noop("举报案件"),
    "secondment": gettext_noop("借用（抽调）"),
    "site": gettext_noop("监测点"),
    "report": gettext_noop("年度报告"),
}


@login_required
def records_page(request, year: int, code: str, indicator: str):
    scored = _scored_for(request, year, code)
    found_indicator = indicator_of(scored.kind, indicator)
    if found_indicator is None:
        raise Http404
    found = computed(found_indicator, scored, year)
    records = [
        {"kind": _(KIND_LABELS[kind]), "label": record_label(kind, record), "link": record_link(kind, record)}
        for kind, record in found.records
    ]
    row = score_of(scored, year)
    figure = next(i for i in row["indicators"] if i["id"] == indicator)
    context = {"year": year, "row": row, "indicator": found_indicator, "figure": figure, "records": records}
    return render(request, "accountability/score_records.html", context)


def _workbook(request, write, name: str) -> HttpResponse:
    year, error = year_asked(request.GET)
    readable(request.user, [])
    if error:
        return _bad(request, error)
    with official_language():  # workbooks filed for the year-end assessment are Chinese, whatever the page is read in
        workbook = write(_readable_rows(request, year), year)
    response = HttpResponse(workbook, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}-{year}.xlsx"'
    return response


@login_required
def scores_download(request):
    return _workbook(request, scores_xlsx, "scores")


@login_required
def assessment_download(request):
    return _workbook(request, assessment_xlsx, "assessment")
