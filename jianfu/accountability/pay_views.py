"""Pay parity pages (6.1): every county in scope for a year, a county's history, the county bureau's entry form
and import, the documents, the workbook. Each answers 404 to anyone without the permission to read pay
figures, as if the pages did not exist; a bad year answers 400 naming the parameter."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jianfu.accountability.models import PayDocument
from jianfu.accountability.pay import (
    ISSUERS,
    PayInvalid,
    below_parity,
    document_add,
    parity_gap,
    pay_counties,
    pay_enter,
    pay_entry_counties,
    pay_figures_for,
    year_asked,
)
from jianfu.accountability.pay_import import pay_import, pay_template_bytes, pay_workbook_bytes
from jianfu.documents.uploads import upload_response
from jianfu.org.access import get_for_user
from jianfu.org.imports.sheet import ImportRejected

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
AMOUNT_FIELDS = ("teacher_average", "civil_servant_average", "rural_subsidy_average")


def readable_counties(user):
    """The counties this person reads; 404 (not 403) without the permission: the pages are not there for them."""
    counties = pay_counties(user)
    if not counties.exists():
        raise Http404
    return counties


class Row:
    """One county's figure as the pages show it."""

    def __init__(self, county, figure):
        self.county, self.figure = county, figure
        self.below = figure is not None and below_parity(figure)
        self.gap = parity_gap(figure) if figure is not None else None


@login_required
def pay_list(request):
    counties = list(readable_counties(request.user))
    latest = pay_figures_for(request.user).values_list("year", flat=True).first()
    year, error = year_asked(request.GET.get("year", ""), latest or timezone.localdate().year)
    context = {"typed_year": request.GET.get("year", ""), "may_enter": pay_entry_counties(request.user).exists()}
    if error:
        return render(request, "accountability/pay_list.html", context | {"error": error, "year": ""}, status=400)
    figures = {figure.county_id: figure for figure in pay_figures_for(request.user, year=year)}
    rows = [Row(county, figures.get(county.pk)) for county in counties]
    context |= {"year": year, "rows": rows, "below": sum(1 for row in rows if row.below)}
    return render(request, "accountability/pay_list.html", context)


@login_required
def pay_county(request, code: str):
    county = get_for_user(readable_counties(request.user), code=code)
    figures = pay_figures_for(request.user).filter(county=county)
    may_enter = pay_entry_counties(request.user).filter(pk=county.pk).exists()
    context = {
        "county": county,
        "rows": [Row(county, figure) for figure in figures],
        "may_enter": may_enter,
        "issuers": ISSUERS,
    }
    return render(request, "accountability/pay_county.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def pay_entry(request):
    readable_counties(request.user)
    counties = list(pay_entry_counties(request.user))
    if not counties:
        raise Http404
    typed = {"county": counties[0].code, "year": str(timezone.localdate().year - 1)}
    errors = {}
    if request.method == "POST":
        typed = {key: request.POST.get(key, "").strip() for key in ("county", "year", *AMOUNT_FIELDS)}
        county = next((c for c in counties if c.code == typed["county"]), None)
        try:
            figure = pay_enter(
                request.user,
                county=county,
                year=typed["year"],
                **{field: typed[field] for field in AMOUNT_FIELDS},
            )
        except PayInvalid as invalid:
            errors = invalid.errors
        else:
            messages.success(request, _saved_message(figure))
            return redirect("pay:county", code=figure.county.code)
    context = {"counties": counties, "typed": typed, "errors": errors}
    return render(request, "accountability/pay_entry.html", context, status=400 if errors else 200)


def _saved_message(figure) -> str:
    if below_parity(figure):
        return _("已保存 %(county)s %(year)s 年度工资数据：教师平均工资低于当地公务员平均工资 %(gap)s 元。") % {
            "county": figure.county.name,
            "year": figure.year,
            "gap": parity_gap(figure),
        }
    return _("已保存 %(county)s %(year)s 年度工资数据。") % {"county": figure.county.name, "year": figure.year}


@login_required
@require_http_methods(["GET", "POST"])
def pay_import_page(request):
    readable_counties(request.user)
    if not pay_entry_counties(request.user).exists():
        raise Http404
    errors = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            errors = [_("请选择要上传的 .xlsx 文件")]
        else:
            try:
                count = pay_import(request.user, upload.read())
            except ImportRejected as rejected:
                errors = rejected.errors
            else:
                messages.success(request, _("工资数据导入完成：%(count)s 行。") % {"count": count})
                return redirect("pay:list")
    return render(request, "accountability/pay_import.html", {"errors": errors}, status=400 if errors else 200)


@login_required
def pay_template(request):
    readable_counties(request.user)
    return _xlsx(pay_template_bytes(), "pay-template.xlsx")


@login_required
def pay_export(request):
    readable_counties(request.user)
    year, error = year_asked(request.GET.get("year", ""), None)
    if error:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    figures = pay_figures_for(request.user, year=year)
    return _xlsx(pay_workbook_bytes(figures), f"pay-{year or 'all'}.xlsx")


def _xlsx(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def pay_document(request, pk: int):
    readable_counties(request.user)
    document = get_for_user(PayDocument.objects.filter(figure__in=pay_figures_for(request.user)), pk=pk)
    return upload_response(document.file, name=document.name, kind=document.kind)


@login_required
@require_POST
def pay_document_add(request, code: str, year: int):
    county = get_for_user(readable_counties(request.user), code=code)
    figure = get_for_user(pay_figures_for(request.user).filter(county=county), year=year)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise PayInvalid({"file": _("请选择要附上的来源文件（PDF、Word、Excel 或图片）")})
        document_add(request.user, figure, issuer=request.POST.get("issuer", ""), name=upload.name, data=upload.read())
    except PayInvalid as invalid:
        messages.error(request, invalid.message)
    else:
        messages.success(request, _("已附上来源文件。"))
    return redirect(reverse("pay:county", kwargs={"code": county.code}) + f"#year-{figure.year}")
