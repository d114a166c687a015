"""The census page of clause 5.1: a county's teachers away from post on a date, matched to an approved
secondment or flagged (无审批, 逾期未返岗); the bureau orders the flagged back and downloads the report. The
city (a bureau or inspectorate above the counties) reads every county's figures and opens any county.

Bad parameters (an unknown county, a date that is not one) answer 400 with a sentence, never a 500."""

from datetime import date
from functools import reduce
from operator import or_

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from jianfu.documents.language import official_language
from jianfu.org.access import can_manage_roster, scope_for
from jianfu.org.models import Division, PostStatus
from jianfu.registry.public import file_response
from jianfu.secondments.census import CensusStatus, census, census_figures
from jianfu.secondments.models import ReturnOrder
from jianfu.secondments.reports import census_pdf, census_xlsx
from jianfu.secondments.return_orders import return_order_issue
from jianfu.secondments.services import SecondmentInvalid

NOT_FOR_YOU = gettext_noop("摸底表只对教育行政部门和督导部门开放")


class CensusAsked:
    """The county and the date asked for, checked; `error` says what to fix instead."""

    def __init__(self, params, counties: QuerySet[Division]):
        self.typed = {"county": (params.get("county") or "").strip(), "as_of": (params.get("as_of") or "").strip()}
        self.error, self.county, self.as_of = "", None, timezone.localdate()
        if self.typed["as_of"]:
            try:
                self.as_of = date.fromisoformat(self.typed["as_of"])
            except ValueError:
                self.error = _("日期「%(value)s」无效；请按 2021-09-01 的格式填写摸底日期") % {
                    "value": self.typed["as_of"]
                }
        code = self.typed["county"]
        if code:
            self.county = counties.filter(code=code).first()
            if self.county is None:
                self.error = self.error or _("县（区）代码「%(value)s」不在您的管辖范围内；请从列表中选择县（区）") % {
                    "value": code
                }
        elif counties.count() == 1:  # a county's own bureau: its county, without asking
            self.county = counties.first()

    @property
    def query(self) -> str:
        return urlencode({"county": self.county.code, "as_of": self.as_of.isoformat()}) if self.county else ""


def census_counties(user) -> QuerySet[Division]:
    """The counties (divisions with schools) whose rosters this person reads: a bureau's or inspectorate's."""
    scope = scope_for(user)
    counties = Division.objects.filter(schools__isnull=False).distinct().order_by("path")
    if scope.everything:
        return counties
    if not scope.roster_paths:
        raise PermissionDenied(_(NOT_FOR_YOU))
    return counties.filter(reduce(or_, (Q(path__startswith=p) for p in scope.roster_paths)))


@login_required
def census_page(request):
    counties = census_counties(request.user)
    asked = CensusAsked(request.GET, counties)
    context = {"counties": counties, "asked": asked, "typed": asked.typed, "statuses": CensusStatus.choices}
    if asked.error:
        return render(request, "secondments/census.html", context | {"error": asked.error}, status=400)
    if counties.count() > 1:
        codes = set(counties.values_list("code", flat=True))
        context["figures"] = [f for f in census_figures(asked.as_of) if f["county"] in codes]
    if asked.county:
        rows = census(asked.county, asked.as_of)
        orders = ReturnOrder.objects.filter(teacher_id__in=[r.teacher_id for r in rows]).order_by("-issued_on")
        context |= {
            "rows": rows,
            "flagged": sum(1 for row in rows if row.flagged),
            "orders": {order.teacher_id: order for order in orders.reverse()},
            "may_order": can_manage_roster(request.user, asked.county),
            "posts": dict(PostStatus.choices),
            "status_labels": dict(CensusStatus.choices),
        }
    return render(request, "secondments/census.html", context)


@login_required
def census_download(request, fmt: str):
    counties = census_counties(request.user)
    asked = CensusAsked(request.GET, counties)
    if fmt not in ("xlsx", "pdf") or asked.error or asked.county is None:
        messages.error(request, asked.error or _("请先选择县（区）和摸底日期，再下载摸底表"))
        return redirect(reverse("secondments:census") + (f"?{asked.query}" if asked.query else ""))
    rows = census(asked.county, asked.as_of)
    with official_language():  # an official Chinese document, whatever language the site is read in
        data = (
            census_xlsx(asked.county, asked.as_of, rows)
            if fmt == "xlsx"
            else census_pdf(asked.county, asked.as_of, rows)
        )
    return file_response(data, f"census-{asked.county.code}-{asked.as_of.isoformat()}.{fmt}")


@login_required
@require_POST
def return_order_new(request):
    """The bureau orders one flagged teacher back (the census on the day of the order decides)."""
    back = (
        reverse("secondments:census")
        + "?"
        + urlencode({k: request.POST.get(k, "") for k in ("county", "as_of") if request.POST.get(k)})
    )
    teacher = request.POST.get("teacher", "")
    if not teacher.isdigit():
        messages.error(request, _("请从摸底表中选择要下达返岗通知的教师"))
        return redirect(back)
    try:
        order = return_order_issue(request.user, teacher_id=int(teacher))
    except SecondmentInvalid as invalid:
        messages.error(request, invalid.message)
    else:
        messages.success(
            request,
            _("已下达返岗通知：%(name)s 应于 %(due)s 前返岗；借用单位和学校已收到通知。")
            % {"name": order.teacher.name, "due": order.due_on.isoformat()},
        )
    return redirect(back)
