"""The /data-access/ pages (clause 3.3): request access to held elements, the owning bureau's decision, the
list, and the downloads (xlsx, CSV) while a grant runs. Thin: parse, call grants.py, render."""

import csv
import io
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jianfu.collection import grants
from jianfu.documents.office import Workbook  # written by a child process: no worker loads openpyxl
from jianfu.documents.sheets import append_row
from jianfu.org.access import divisions_for
from jianfu.registry.access import requester_units


@login_required
def grant_list(request):
    today = timezone.localdate()
    rows = [(g, grants.status(g, today)) for g in grants.grants_for(request.user)[:200]]
    return render(
        request,
        "collection/grant_list.html",
        {"rows": rows, "may_request": requester_units(request.user).exists()},
    )


@login_required
def grant_new(request):
    if not requester_units(request.user).exists():
        raise PermissionDenied(grants.NOT_A_REQUESTER)
    divisions = divisions_for(request.user).filter(kind__in=["prefecture", "district", "county", "autonomous_county"])
    context = {
        "elements": sorted(grants.dictionary().values(), key=lambda e: e.id),
        "divisions": divisions,
        "demand": request.GET.get("demand", ""),
        "posted": request.POST,
        "chosen": request.POST.getlist("elements") or request.GET.getlist("element"),
    }
    if request.method != "POST":
        return render(request, "collection/grant_new.html", context)
    try:
        grant = grants.grant_request(
            request.user,
            elements=request.POST.getlist("elements"),
            purpose=request.POST.get("purpose", ""),
            division=divisions.get(pk=request.POST.get("division") or 0),
            starts_on=date.fromisoformat(request.POST.get("starts_on", "")),
            ends_on=date.fromisoformat(request.POST.get("ends_on", "")),
            personal=request.POST.get("personal") == "on",
            demand=request.POST.get("demand") or None,
        )
    except (ValueError, divisions.model.DoesNotExist):
        messages.error(request, _("请选择「范围」，并按 年-月-日 填写「开始日期」和「截止日期」"))
    except grants.GrantError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已提交数据调取申请，等待教育行政部门授权。"))
        return redirect("collection:grant", pk=grant.pk)
    return render(request, "collection/grant_new.html", context, status=400)


@login_required
def grant_detail(request, pk):
    grant = grants.grant_get_for_user(request.user, pk)
    today = timezone.localdate()
    return render(
        request,
        "collection/grant_detail.html",
        {
            "grant": grant,
            "status": grants.status(grant, today),
            "unavailable": grants.unavailable_reason(grant, today),
            "elements": grants.granted_elements(grant),
            "is_owner": grants.is_owner(request.user, grant),
            "is_requester": grants.is_requester(request.user, grant),
            "school_count": grants.schools_in_scope(grant).count(),
        },
    )


@login_required
@require_POST
def grant_decision(request, pk):
    verdict = request.POST.get("verdict")
    try:
        if verdict == "revoke":
            grants.grant_revoke(pk, request.user, reason=request.POST.get("reason", ""))
        else:
            grants.grant_decide(pk, request.user, grant=verdict == "grant", reason=request.POST.get("reason", ""))
    except (grants.GrantError, PermissionDenied) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已记录决定，申请单位将看到结果。"))
    return redirect("collection:grant", pk=pk)


@login_required
def grant_download(request, pk, fmt):
    if fmt not in ("xlsx", "csv"):
        raise Http404
    try:
        header, rows = grants.granted_rows(pk, request.user, on=timezone.localdate(), fmt=fmt)
    except grants.GrantUnavailable as error:
        messages.error(request, str(error))
        return redirect("collection:grant", pk=pk)
    name = f"data-access-{pk}.{fmt}"
    data, kind = (_csv(header, rows), "text/csv; charset=utf-8") if fmt == "csv" else (_xlsx(header, rows), XLSX)
    response = HttpResponse(data, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _csv(header, rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    # A cell that a spreadsheet would run as a formula is written as text.
    for row in [header, *rows]:
        writer.writerow(["'" + str(v) if str(v)[:1] in "=+-@" else v for v in row])
    return ("\ufeff" + out.getvalue()).encode()  # the BOM makes Excel read it as UTF-8


def _xlsx(header, rows) -> bytes:
    book = Workbook()
    sheet = book.create_sheet("数据")
    for row in [header, *rows]:
        append_row(sheet, row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
