"""The quota page: each year's baseline, limit, used and left; entering a baseline once; correcting it
from the level above, with the history of corrections."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jianfu.org.access import divisions_for, get_for_user, managed_divisions, scope_for
from jianfu.org.models import Role
from jianfu.registry.quotas import (
    QuotaError,
    corrections_for,
    may_correct_baseline,
    quota_baseline_correct,
    quota_baseline_set,
    quota_rows_for,
    quota_year,
)

# The approving authority reads the page too: it corrects the city's own baseline.
READERS = {Role.EDUCATION_BUREAU, Role.INSPECTOR, Role.APPROVER}


@login_required
def quota_page(request):
    scope = scope_for(request.user)
    if not (scope.everything or scope.roles & READERS):
        raise PermissionDenied(_("只有教育行政部门、审批机关和督导人员可以查看总量"))
    try:
        year = quota_year(request.GET.get("year") or timezone.localdate().year)
    except QuotaError as error:
        return render(request, "registry/quotas.html", {"year_error": str(error), "year": ""}, status=400)
    if request.method == "POST":
        if request.POST.get("action") == "correct":
            _correct_baseline(request)
        else:
            _enter_baseline(request)
        return redirect(f"{reverse('registry:quotas')}?year={year}")
    divisions = divisions_for(request.user).exclude(kind="province").order_by("path")
    rows = quota_rows_for(divisions, year)
    labels = {r["category"].code: r["category"].label for r in rows}
    return render(
        request,
        "registry/quotas.html",
        {
            "rows": rows,
            "year": year,
            "managed": set(managed_divisions(request.user)),
            "correctable": {r["division"] for r in rows if may_correct_baseline(request.user, r["division"])},
            "corrections": [
                (c, labels.get(c.baseline.category, c.baseline.category)) for c in corrections_for(divisions)[:100]
            ],
        },
    )


def _enter_baseline(request) -> None:
    _baseline_post(
        request,
        divisions=managed_divisions(request.user),
        service=quota_baseline_set,
        success=_("已录入 %(division)s 的基数：%(count)s 项。"),
    )


def _correct_baseline(request) -> None:
    _baseline_post(
        request,
        divisions=divisions_for(request.user),
        service=quota_baseline_correct,
        success=_("已更正 %(division)s %(year)s 年的基数为 %(count)s 项（已记入审计）。"),
        reason=request.POST.get("reason", ""),
    )


def _baseline_post(request, *, divisions, service, success: str, **extra) -> None:
    """Entering and correcting a baseline take the same fields and answer the same way."""
    division = get_for_user(divisions, code=request.POST.get("division", ""))
    try:
        baseline = service(
            acting_user=request.user,
            division=division,
            category=request.POST.get("category", ""),
            year=request.POST.get("baseline_year", ""),
            count=request.POST.get("count", ""),
            **extra,
        )
    except QuotaError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success % {"division": division.name, "year": baseline.year, "count": baseline.count})
