"""The audit trail in scope: a page of 50 events at a time, newest first, and the same as a workbook. A filter
that is no filter answers 400 with a sentence naming the parameter; a person who reads no trail gets 404."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode

from jianfu.accountability.trail import (
    PAGE_SIZE,
    SHEET_MAX,
    TrailInvalid,
    trail_events,
    trail_filters,
    trail_page,
    trail_rows,
    trail_scope,
)
from jianfu.accountability.trail_sheet import trail_workbook_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATE = "accountability/trail.html"


@login_required
def trail(request):
    scope = trail_scope(request.user)
    typed = {key: request.GET.get(key, "") for key in ("unit", "person", "object_type", "object_id", "action")}
    typed |= {"from": request.GET.get("from", ""), "to": request.GET.get("to", "")}
    context = {"typed": typed, "page_size": PAGE_SIZE, "sheet_max": f"{SHEET_MAX:,}"}
    try:
        filters = trail_filters(scope, request.GET)
        events, next_before = trail_page(trail_events(scope, filters), request.GET.get("before", "").strip())
    except TrailInvalid as invalid:
        return render(
            request, TEMPLATE, context | {"error": invalid.message, "parameter": invalid.parameter}, status=400
        )
    context |= {
        "rows": trail_rows(events, scope),
        "query": urlencode(filters.query),
        "next_before": next_before,
        "first_page": not request.GET.get("before"),
    }
    return render(request, TEMPLATE, context)


@login_required
def trail_download(request):
    scope = trail_scope(request.user)
    try:
        filters = trail_filters(scope, request.GET)
    except TrailInvalid as invalid:
        return HttpResponse(invalid.message, status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(trail_workbook_bytes(scope, filters), content_type=XLSX)
    name = f"audit-{timezone.localdate().isoformat()}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
