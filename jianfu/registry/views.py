import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jianfu.documents.language import official_language
from jianfu.documents.official import to_docx, to_pdf
from jianfu.org.access import scope_for
from jianfu.org.models import School
from jianfu.org.selectors import school_get_for_user
from jianfu.registry import selectors
from jianfu.registry.access import requester_units
from jianfu.registry.documents import certificate
from jianfu.registry.forms import DemandForm, bound_demand_form
from jianfu.registry.merging import demand_merge
from jianfu.registry.models import STATE_CHOICES
from jianfu.registry.plans import PLAN_CONFIRMATION_NEEDED, annual_plan_approve
from jianfu.registry.presenters import actions_for, demand_context, form_initial
from jianfu.registry.public import file_response
from jianfu.registry.public_address import PublicAddressMissing, verification_url
from jianfu.registry.questions import QUESTIONS
from jianfu.registry.school_calendar import (
    CalendarFilterError,
    CalendarYearError,
    calendar_category,
    calendar_term,
    calendar_year,
    calendar_years,
)
from jianfu.registry.school_calendar import school_calendar as school_calendar_page
from jianfu.registry.services import DemandError, demand_act, demand_create, demand_update
from jianfu.web.paging import PageError, page_number, page_of
from jianfu.workflow.demand import Action


@login_required
def demand_list(request):
    state = request.GET.get("state", "")
    demands = selectors.demand_list_for_user(user=request.user, state=state)
    return render(
        request,
        "registry/demand_list.html",
        {
            "page": page_of(request, demands),
            "filters": {"state": state},
            "states": STATE_CHOICES,  # labels translated for the reader
            "may_raise": requester_units(request.user).exists(),  # no button that leads to a refusal
        },
    )


@login_required
def review_queue(request):
    demands = selectors.review_queue(user=request.user)
    # Each year's plan awaiting this person, counted in one grouped query (the queue is
    # `plan_awaiting_approval`'s own); a DISTINCT on the ordered queue gave a year per demand, each
    # then counted with two queries of its own.
    in_plans = demands.filter(in_annual_plan=True, state="approval").order_by("year").values_list("year")
    plans = dict(in_plans.annotate(n=Count("pk")))
    page = page_of(request, demands)
    return render(request, "registry/queue.html", {"page": page, "filters": {}, "plans": plans})


@login_required
def demand_new(request):
    return _demand_form(request, demand=None)


@login_required
def demand_edit(request, pk):
    demand = selectors.demand_get_for_user(user=request.user, pk=pk)
    return _demand_form(request, demand=demand)


def _demand_form(request, demand):
    declared = demand.declared_facts if demand else {}
    if request.method == "POST":
        form = bound_demand_form(request.POST, user=request.user)
        declared = json.loads(form.data["declared"])
        if form.is_valid():
            try:
                if demand is None:
                    demand = demand_create(acting_user=request.user, data=form.cleaned_data)
                else:
                    demand = demand_update(acting_user=request.user, demand_id=demand.pk, data=form.cleaned_data)
            except DemandError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("已保存为草稿。请查看下方的政策预审结果，确认无误后提交审核。"))
                return redirect("registry:demand", pk=demand.pk)
    else:
        form = DemandForm(user=request.user, initial=form_initial(demand) if demand else None)
    if not form.fields["requester"].queryset.exists():
        raise PermissionDenied(_("只有提出单位的工作人员可以提出事项"))
    return render(
        request,
        "registry/demand_form.html",
        {"form": form, "questions": QUESTIONS, "declared": declared, "demand": demand},
    )


@login_required
def demand_detail(request, pk):
    demand = selectors.demand_get_for_user(user=request.user, pk=pk)
    return render(request, "registry/demand_detail.html", demand_context(demand, request.user))


@login_required
@require_POST
def demand_action(request, pk):
    demand = selectors.demand_get_for_user(user=request.user, pk=pk)
    try:
        action = Action(request.POST.get("action", ""))
    except ValueError:
        messages.error(request, _("无法识别的操作；请刷新页面后重试"))
        return redirect("registry:demand", pk=demand.pk)
    if action not in {a.action for a in actions_for(demand, request.user)}:
        raise PermissionDenied(_("您不能对此事项执行该操作"))
    try:
        demand = demand_act(
            acting_user=request.user,
            demand_id=demand.pk,
            action=action,
            expected_state=request.POST.get("expected_state", ""),
            reason=request.POST.get("reason", ""),
        )
    except DemandError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已办理：事项现为「%(state)s」。") % {"state": demand.get_state_display()})
    return redirect("registry:demand", pk=pk)


@login_required
@require_POST
def demand_merge_view(request, pk):
    demand = selectors.demand_get_for_user(user=request.user, pk=pk)
    ids = [demand.pk] + [int(i) for i in request.POST.getlist("merge") if i.isdigit()]
    try:
        joint = demand_merge(
            acting_user=request.user,
            demand_ids=ids,
            title=request.POST.get("title", ""),
            reason=request.POST.get("reason", ""),
        )
    except DemandError as error:
        messages.error(request, str(error))
        return redirect("registry:demand", pk=pk)
    messages.success(request, _("已合并为联合事项《%(title)s》，原事项均指向它。") % {"title": joint.title})
    return redirect("registry:demand", pk=joint.pk)


@login_required
def demand_certificate(request, pk, fmt):
    demand = selectors.demand_get_for_user(user=request.user, pk=pk)
    if not demand.registration_number or fmt not in ("pdf", "docx"):
        raise Http404
    try:
        with official_language():  # an official Chinese document, whatever language the site is read in
            document = certificate(demand, verification_url(request, demand.verification_code))
    except PublicAddressMissing as missing:
        messages.error(request, str(missing))
        return redirect("registry:demand", pk=demand.pk)
    data = to_docx(document) if fmt == "docx" else to_pdf(document)
    return file_response(data, f"certificate-{demand.pk}.{fmt}")


@login_required
def school_calendar(request, code):
    school = school_get_for_user(user=request.user, code=code)
    context = {"school": school, "years": calendar_years(school=school), "categories": selectors.category_labels()}
    try:
        year = calendar_year(request.GET.get("year"))
        filters = {
            "year": year,
            "term": calendar_term(request.GET.get("term"), year=year),
            "category": calendar_category(request.GET.get("category")),
        }
        calendar = school_calendar_page(school=school, **filters, page=page_number(request.GET.get("page")))
    except (CalendarYearError, CalendarFilterError, PageError) as error:
        return render(request, "registry/calendar.html", context | {"year_error": str(error)}, status=400)
    context |= {"year": year, "calendar": calendar, "page": calendar.page, "filters": filters}
    return render(request, "registry/calendar.html", context)


@login_required
def my_calendar(request):
    """A principal's or teacher's own school's calendar."""
    school_ids = sorted(scope_for(request.user).school_ids)
    if not school_ids:
        raise Http404
    calendar = reverse("registry:calendar", args=[School.objects.get(pk=school_ids[0]).code])
    return redirect(f"{calendar}?{request.GET.urlencode()}" if request.GET else calendar)


@login_required
@require_POST
def plan_approve(request, year):
    """Works without JavaScript: the form's required checkbox is the confirmation, checked again here."""
    confirmed = request.POST.get("count", "")
    if request.POST.get("confirm") != "yes" or not confirmed.isdigit():
        messages.error(request, _(PLAN_CONFIRMATION_NEEDED))
        return redirect("registry:queue")
    try:
        registered = annual_plan_approve(acting_user=request.user, year=year, confirmed_count=int(confirmed))
    except DemandError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("%(year)s 年度计划已批准：%(n)s 项事项已登记。") % {"year": year, "n": len(registered)}
        )
    return redirect("registry:queue")
