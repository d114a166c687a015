"""Pages of the measures' progress reports: the 28 measures with their units' standing, one measure, one unit,
one report (the unit writes and submits, the inspectorate accepts or returns). Thin: parse, call the services
of progress.py, render. A bad ?period= answers 400 naming the parameter; anyone outside the scope, 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jianfu.accountability.measures import measure_get, measures, measures_of, period_containing, reporting_period
from jianfu.accountability.models import ReportState
from jianfu.accountability.progress import ProgressError, evidence_add, report_decide, report_edit, report_save
from jianfu.accountability.progress import report_submit as submit_report
from jianfu.accountability.progress_access import (
    may_decide,
    may_overview,
    may_write,
    report_get_for_user,
    reports_for,
    units_readable,
)
from jianfu.accountability.progress_pages import measure_grid, measure_rows, period_asked, periods_shown, unit_grid
from jianfu.documents.uploads import UploadRejected, upload_response
from jianfu.org.access import get_for_user


def _overview_or_404(user) -> None:
    if not may_overview(user):
        raise Http404


@login_required
def measures_page(request):
    _overview_or_404(request.user)
    period, error = period_asked(request.GET)
    readable = set(units_readable(request.user).values_list("pk", flat=True))
    reports = list(reports_for(request.user).filter(period=period.id))
    context = {
        "rows": measure_rows(measures(), reports, readable, period),
        "period": period,
        "periods": periods_shown([]),
        "typed": request.GET.get("period", ""),
        "error": error,
    }
    return render(request, "accountability/measures.html", context, status=400 if error else 200)


@login_required
def measure_page(request, measure_id: str):
    _overview_or_404(request.user)
    measure = measure_get(measure_id)
    if measure is None:
        raise Http404
    readable = set(units_readable(request.user).values_list("pk", flat=True))
    units = [u for u in measure.units if u.pk in readable]
    reports = list(reports_for(request.user).filter(measure=measure.id))
    periods = periods_shown(reports)
    context = {"measure": measure, "periods": periods, "grid": unit_grid(units, reports, periods)}
    return render(request, "accountability/measure.html", context)


@login_required
def unit_page(request, code: str):
    unit = get_for_user(units_readable(request.user), code=code)
    found = measures_of(unit)
    reports = list(reports_for(request.user).filter(unit=unit))
    periods = periods_shown(reports)
    today = timezone.localdate()
    context = {
        "unit": unit,
        "measures": found,
        "periods": periods,
        "grid": measure_grid(found, reports, periods),
        "may_write": may_write(request.user, unit),
        "new_periods": [reporting_period(today).id, period_containing(today).id],
    }
    return render(request, "accountability/unit.html", context)


@login_required
@require_POST
def unit_report_new(request, code: str):
    """The unit opens (or finds) its report on a measure for a period, then writes it on the report's page."""
    unit = get_for_user(units_readable(request.user), code=code)
    try:
        report = report_save(
            request.user,
            measure=request.POST.get("measure", ""),
            period=request.POST.get("period", ""),
            done="",
            links=[],
            unit=unit,
        )
    except ProgressError as refused:
        messages.error(request, str(refused))
        return redirect("accountability:unit", code=unit.code)
    return redirect("accountability:report", report_id=report.pk)


def links_parse(text: str) -> list[dict]:
    """One link a line, "label /path" or just "/path": the last word is the address."""
    links = []
    for line in text.splitlines():
        label, _space, url = line.strip().rpartition(" ")
        if url or label:
            links.append({"label": label.strip(), "url": url or label})
    return links


def links_text(links) -> str:
    return "\n".join(
        f"{link['label']} {link['url']}" if link["label"] != link["url"] else link["url"] for link in links
    )


def _report_context(request, report, **extra) -> dict:
    editable = report.state in (ReportState.DRAFT, ReportState.RETURNED)
    measure = measure_get(report.measure)
    return {
        "report": report,
        "measure": measure,
        "evidence": list(report.evidence.all()),
        "may_write": editable and may_write(request.user, report.unit),
        "may_decide": report.state == ReportState.SUBMITTED and may_decide(request.user, report.unit),
        "typed": {"done": report.done, "links": links_text(report.links), "remarks": ""},
        **extra,
    }


@login_required
def report_page(request, report_id: int):
    report = report_get_for_user(report_id, request.user)
    return render(request, "accountability/progress_report.html", _report_context(request, report))


def _refused(request, report, refused: str, **typed):
    context = _report_context(request, report, refused=refused)
    context["typed"] = context["typed"] | typed
    return render(request, "accountability/progress_report.html", context, status=400)


@login_required
@require_POST
def report_save_view(request, report_id: int):
    report = report_get_for_user(report_id, request.user)
    typed = {"done": request.POST.get("done", ""), "links": request.POST.get("links", "")}
    try:
        report_edit(request.user, report.pk, done=typed["done"], links=links_parse(typed["links"]))
        if request.POST.get("then") == "submit":
            submit_report(request.user, report.pk)
            messages.success(request, _("报告已报送，等待督导部门审核。"))
        else:
            messages.success(request, _("已保存草稿。"))
    except ProgressError as refused:
        return _refused(request, report, str(refused), **typed)
    return redirect("accountability:report", report_id=report.pk)


@login_required
@require_POST
def evidence_upload(request, report_id: int):
    report = report_get_for_user(report_id, request.user)
    upload = request.FILES.get("file")
    if upload is None:
        return _refused(request, report, _("证明材料：请选择要上传的文件"))
    try:
        evidence_add(request.user, report.pk, name=upload.name, data=upload.read())
    except (ProgressError, UploadRejected) as refused:
        return _refused(request, report, str(refused))
    messages.success(request, _("已上传证明材料。"))
    return redirect("accountability:report", report_id=report.pk)


@login_required
def evidence_download(request, report_id: int, evidence_id: int):
    report = report_get_for_user(report_id, request.user)
    evidence = get_for_user(report.evidence.all(), pk=evidence_id)
    return upload_response(evidence.file, name=evidence.name, kind=evidence.kind)


@login_required
@require_POST
def report_decide_view(request, report_id: int):
    report = report_get_for_user(report_id, request.user)
    accept, remarks = request.POST.get("decision") == "accept", request.POST.get("remarks", "")
    try:
        report_decide(request.user, report.pk, accept=accept, remarks=remarks)
    except ProgressError as refused:
        return _refused(request, report, str(refused), remarks=remarks)
    messages.success(request, _("已认可该报告。") if accept else _("已退回该报告，并通知报送单位。"))
    return redirect("accountability:report", report_id=report.pk)
