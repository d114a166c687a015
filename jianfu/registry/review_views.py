"""The reviewing bureau's two decisions on a demand's page: uphold or dismiss a finding the screening
of its words made, and confirm or correct one of the requester's declarations."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jianfu.policy.facts import FACTS, LIST
from jianfu.registry import selectors
from jianfu.registry.errors import DemandError
from jianfu.registry.questions import QUESTIONS
from jianfu.registry.services import demand_declaration_review, demand_finding_decide


@login_required
@require_POST
def finding_decision(request, pk, rule):
    demand = selectors.demand_get_for_user(user=request.user, pk=pk)
    dismiss = request.POST.get("verdict") == "dismiss"
    try:
        demand_finding_decide(
            acting_user=request.user,
            demand_id=demand.pk,
            rule=rule,
            dismiss=dismiss,
            reason=request.POST.get("reason", ""),
        )
    except (DemandError, PermissionDenied) as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("已排除此问题，理由已记入办理记录。") if dismiss else _("已维持此问题：事项不能登记。")
        )
    return redirect("registry:demand", pk=pk)


@login_required
@require_POST
def declaration_review(request, pk, key):
    demand = selectors.demand_get_for_user(user=request.user, pk=pk)
    try:
        demand_declaration_review(
            acting_user=request.user,
            demand_id=demand.pk,
            key=key,
            value=posted_value(request.POST, key),
            reason=request.POST.get("reason", ""),
        )
    except (DemandError, PermissionDenied) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已核实此申报项。"))
    return redirect("registry:demand", pk=pk)


def posted_value(post, key: str):
    """The value as the checklist's form posts it, in the fact's type."""
    question = next((q for q in QUESTIONS if q.key == key), None)
    if FACTS.get(key, ("",))[0] == LIST:
        return post.getlist("value")
    raw = post.get("value", "").strip()
    if question and question.number:
        try:
            return float(raw) if "." in raw else int(raw)
        except ValueError:
            return raw  # the service names the field and the type expected
    if question and question.text:
        return raw
    return raw == "on"


@login_required
@require_POST
def statistics_approval(request, pk):
    """The statistics bureau's step (3.2): its approval number and validity recorded, the demand passed on."""
    from jianfu.collection.approvals import record_statistics_approval  # the collection app builds on the registry

    demand = selectors.demand_get_for_user(user=request.user, pk=pk)
    try:
        valid_from = date.fromisoformat(request.POST.get("valid_from", ""))
        valid_until = date.fromisoformat(request.POST.get("valid_until", ""))
    except ValueError:
        messages.error(request, _("请按 年-月-日 填写统计审批的「有效期起」和「有效期止」"))
        return redirect("registry:demand", pk=pk)
    try:
        record_statistics_approval(
            demand,
            request.user,
            number=request.POST.get("number", ""),
            valid_from=valid_from,
            valid_until=valid_until,
            reason=request.POST.get("reason", ""),
        )
    except (DemandError, PermissionDenied) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已登记统计审批文号，事项转教育行政部门备案。"))
    return redirect("registry:demand", pk=pk)
