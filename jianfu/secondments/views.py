"""Secondment pages: the list for each kind of person, the request form, a secondment with its teachers and
the steps each person may take on them (report return, confirm return, renew, the bureau's consent).

Thin: the forms check what was typed, the services (services.py) write, the selectors (selectors.py) read
and give 404 for missing and forbidden alike. The school's and the teacher's pages, and the census, live in
pages.py and census_views.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods, require_POST

from jianfu.org.access import scope_for
from jianfu.org.models import Role
from jianfu.registry.access import is_education_bureau_of, may_request_for, requester_units
from jianfu.registry.errors import DemandError
from jianfu.registry.selectors import category_labels, may_review
from jianfu.secondments import selectors
from jianfu.secondments.forms import (
    KINDS,
    RenewForm,
    ReturnForm,
    SecondmentForm,
    TeacherPicker,
    form_claim,
    form_release,
    form_token_owner_ok,
    list_filters_from,
    new_form_token,
    remember_request,
    request_made_with,
    teacher_search,
)
from jianfu.secondments.forms import FilterInvalid as ListFilterInvalid
from jianfu.secondments.models import PlacementState, Secondment
from jianfu.secondments.presenters import findings_of, obligations_of, placement_rows
from jianfu.secondments.services import (
    RESTRICTED_PURPOSES,
    SecondmentInvalid,
    confirm_return,
    consent_purpose,
    renew,
    report_return,
    request_secondment,
    set_teachers,
)
from jianfu.web.paging import page_of
from jianfu.workflow.demand import State

ONLY_REQUESTERS = gettext_noop("只有提出单位（借用单位）的工作人员可以提出借用或抽调")
FORM_EXPIRED = gettext_noop("表单已失效：请重新打开「提出借用」页面后再保存")
ALREADY_SENT = gettext_noop("这份表单已经保存过，以下是当时建立的借用申请；如需另提一份，请重新打开「提出借用」页面")
TEACHERS_FIXED = gettext_noop("只有提出单位可以在草稿或退回修改时更改借用的教师")
STILL_SAVING = gettext_noop("这份表单正在保存，请稍候刷新「借用与抽调」列表查看")


@login_required
def secondment_list(request):
    visible = selectors.secondments_visible_to(request.user)
    context = {
        "kinds": KINDS,
        "states": PlacementState.choices,
        "may_request": requester_units(request.user).exists(),
        "is_teacher": bool(scope_for(request.user).teacher_ids),
        "school_codes": _principal_school_codes(request.user),
        "sees_census": _sees_census(request.user),
        "typed": {name: request.GET.get(name, "") for name in ("kind", "state", "year")},
    }
    try:
        filters = list_filters_from(request.GET)
    except ListFilterInvalid as error:
        return render(request, "secondments/list.html", context | {"filter_error": error.message}, status=400)
    if filters.kind:
        visible = visible.filter(demand__category=filters.kind)
    if filters.state:
        visible = visible.filter(placements__state=filters.state).distinct()
    if filters.year:
        visible = visible.filter(demand__year=filters.year)
    page = page_of(request, visible.order_by("-demand__start", "-id"))
    teachers = _placements_by_secondment(request.user, [s.pk for s in page])
    rows = [{"secondment": s, "placements": teachers.get(s.pk, [])} for s in page]
    return render(
        request,
        "secondments/list.html",
        context | {"page": page, "rows": rows, "filters": filters.given, "categories": category_labels()},
    )


def _placements_by_secondment(user, ids) -> dict[int, list]:
    grouped: dict[int, list] = {}
    placements = selectors.placements_visible_to(user).filter(secondment_id__in=ids).order_by("teacher_id")
    for placement in placements:
        grouped.setdefault(placement.secondment_id, []).append(placement)
    return grouped


def _principal_school_codes(user) -> list[str]:
    from jianfu.org.models import RoleAssignment

    return list(RoleAssignment.objects.filter(user=user, role=Role.PRINCIPAL).values_list("school__code", flat=True))


def _sees_census(user) -> bool:
    scope = scope_for(user)
    return scope.everything or bool(scope.roles & {Role.EDUCATION_BUREAU, Role.INSPECTOR})


# --- the request form ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def secondment_new(request):
    if not requester_units(request.user).exists():
        raise PermissionDenied(_(ONLY_REQUESTERS))
    if request.method == "GET":
        return _form_page(request, SecondmentForm(user=request.user))
    query = request.POST.get("teacher_query", "")
    found = teacher_search(request.user, query)
    if request.POST.get("intent") == "search":  # looking for teachers: nothing is checked or saved yet
        form = SecondmentForm(initial=_typed(request.POST), user=request.user, found=found)
        return _form_page(request, form, query=query, searched=True, found=found)
    form = SecondmentForm(request.POST, user=request.user, found=found)
    token = request.POST.get("form_token", "")
    if token and (made := request_made_with(token)) is not None:  # Back, then the same form sent again
        if made:
            messages.info(request, _(ALREADY_SENT))
            return redirect("secondments:detail", pk=made)
        messages.info(request, _(STILL_SAVING))
        return redirect("secondments:list")
    if not form.is_valid():
        return _form_page(request, form, query=query)
    if token and not form_token_owner_ok(request.user, token):
        form.add_error(None, _(FORM_EXPIRED))
        form.data = form.data.copy()
        form.data["form_token"] = new_form_token(request.user)
        return _form_page(request, form, query=query)
    if token and not form_claim(token):
        return redirect("secondments:list")
    try:
        secondment = _request(request.user, form.cleaned_data)
    except (SecondmentInvalid, DemandError) as invalid:
        if token:
            form_release(token)
        field = getattr(invalid, "field", None)
        form.add_error(field if field in form.fields else None, getattr(invalid, "message", str(invalid)))
        return _form_page(request, form, query=query)
    if token:
        remember_request(token, secondment.pk)
    messages.success(request, _("已保存为草稿。请查看下方的政策预审结果，确认无误后到事项页面提交审核。"))
    return redirect("secondments:detail", pk=secondment.pk)


def _request(user, data: dict) -> Secondment:
    return request_secondment(
        user,
        kind=data["kind"],
        title=data["title"],
        task=data["task"],
        start=data["start"],
        end=data["end"],
        teacher_ids=[teacher.pk for teacher in data["teachers"]],
        purpose=data["purpose"],
    )


def _typed(post) -> dict:
    """What was typed, as the form's initial values (a search re-shows the form without judging it)."""
    typed = {name: post.get(name, "") for name in ("kind", "title", "task", "start", "end", "purpose", "form_token")}
    return typed | {"teachers": post.getlist("teachers")}


def _form_page(request, form, *, query="", searched=False, found=()):
    context = {"form": form, "query": query, "searched": searched, "found": found}
    return render(request, "secondments/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def secondment_teachers(request, pk):
    """The teachers of a draft (or a request returned for revision), changed by the borrowing unit."""
    secondment = selectors.secondment_for(request.user, pk)
    if not _may_change_teachers(request.user, secondment):
        raise PermissionDenied(_(TEACHERS_FIXED))
    query = request.POST.get("teacher_query", "")
    found = teacher_search(request.user, query)
    context = {"secondment": secondment, "query": query, "found": found}
    if request.method == "GET":
        current = [str(t) for t in secondment.placements.values_list("teacher_id", flat=True)]
        form = TeacherPicker(initial={"teachers": current}, user=request.user)
    elif request.POST.get("intent") == "search":
        form = TeacherPicker(initial={"teachers": request.POST.getlist("teachers")}, user=request.user, found=found)
        context["searched"] = True
    else:
        form = TeacherPicker(request.POST, user=request.user, found=found)
        if form.is_valid():
            try:
                set_teachers(secondment.pk, request.user, [t.pk for t in form.cleaned_data["teachers"]])
            except SecondmentInvalid as invalid:
                form.add_error("teachers", invalid.message)
            else:
                messages.success(request, _("已更改借用的教师，并重新预审。"))
                return redirect("secondments:detail", pk=secondment.pk)
    return render(request, "secondments/teachers.html", context | {"form": form})


def _may_change_teachers(user, secondment: Secondment) -> bool:
    return may_request_for(user, secondment.demand) and secondment.demand.state in (State.DRAFT, State.RETURNED)


# --- one secondment ------------------------------------------------------------------------------------


@login_required
def secondment_detail(request, pk):
    secondment = selectors.secondment_for(request.user, pk)
    demand = secondment.demand
    user = request.user
    is_requester = may_request_for(user, demand)
    today = timezone.localdate()
    placements = placement_rows(user, secondment)
    return render(
        request,
        "secondments/detail.html",
        {
            "secondment": secondment,
            "demand": demand,
            "category": category_labels().get(demand.category, demand.category),
            "findings": findings_of(demand),
            "placements": placements,
            "obligations": obligations_of(user, secondment),
            "renewals": secondment.renewals.select_related("demand"),
            "may_renew": is_requester
            and demand.state == State.REGISTERED
            and any(row.placement.state == PlacementState.ACTIVE for row in placements),
            "may_consent": secondment.purpose in RESTRICTED_PURPOSES
            and is_education_bureau_of(user, demand)
            and may_review(user, demand),
            "sees_demand": _sees_demand(user, demand),
            "may_change_teachers": _may_change_teachers(user, secondment),
            "today": today,
            "renew_form": RenewForm(initial={"end": demand.end}),
            "return_form": ReturnForm(initial={"on": today}),
        },
    )


def _sees_demand(user, demand) -> bool:
    """A school and a teacher follow the secondment here; the demand's page is for those who act on it."""
    from jianfu.registry.access import demands_for

    return demands_for(user).filter(pk=demand.pk).exists()


@login_required
@require_POST
def placement_report_return(request, pk):
    placement = selectors.placement_for(request.user, pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("「返岗日期」应为日期，如 2021-09-01；请改正后再报告"))
    else:
        _done(request, report_return, placement.pk, on=form.cleaned_data["on"])
    return redirect("secondments:detail", pk=placement.secondment_id)


@login_required
@require_POST
def placement_confirm_return(request, pk):
    placement = selectors.placement_for(request.user, pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("「返岗日期」应为日期，如 2021-09-01；请改正后再确认"))
    else:
        _done(request, confirm_return, placement.pk, on=form.cleaned_data["on"])
    return redirect("secondments:detail", pk=placement.secondment_id)


def _done(request, service, placement_id: int, **kwargs) -> None:
    try:
        placement = service(placement_id, request.user, **kwargs)
    except SecondmentInvalid as invalid:
        messages.error(request, invalid.message)
    else:
        messages.success(
            request,
            _("已办理：%(name)s 现为「%(state)s」。")
            % {"name": placement.teacher.name, "state": placement.get_state_display()},
        )


@login_required
@require_POST
def secondment_renew(request, pk):
    secondment = selectors.secondment_for(request.user, pk)
    form = RenewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("「续借至」应为日期，如 2021-12-31；请改正后再续借"))
        return redirect("secondments:detail", pk=secondment.pk)
    try:
        renewal = renew(secondment.pk, request.user, end=form.cleaned_data["end"])
    except SecondmentInvalid as invalid:
        messages.error(request, invalid.message)
        return redirect("secondments:detail", pk=secondment.pk)
    messages.success(request, _("已建立续借申请（草稿）：续借须重新报批，并计入续借次数。"))
    return redirect("secondments:detail", pk=renewal.pk)


@login_required
@require_POST
def secondment_consent(request, pk):
    secondment = selectors.secondment_for(request.user, pk)
    try:
        consent_purpose(secondment.pk, request.user, reason=request.POST.get("reason", ""))
    except SecondmentInvalid as invalid:
        messages.error(request, invalid.message)
    else:
        messages.success(request, _("已记录教育行政部门的同意及理由（第 5.3 条）。"))
    return redirect("secondments:detail", pk=secondment.pk)
