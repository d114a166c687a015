"""Schools' forms: the forms that reach a school, the web form (held fields shown filled, only the new ones
open), its xlsx template and upload, and the requester's progress page with the aggregate download."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jianfu.collection.models import FormResponse
from jianfu.collection.response_sheets import read_upload, template_xlsx
from jianfu.collection.responses import (
    FORM_CATEGORIES,
    ResponseError,
    ResponseRejected,
    aggregate_xlsx,
    completion,
    completion_counts,
    form_for_school,
    forms_for_school,
    is_form,
    may_see_progress,
    response_save,
    school_for_user,
    teacher_key,
)
from jianfu.org.access import scope_for
from jianfu.org.models import School
from jianfu.registry.models import Demand
from jianfu.registry.public import file_response
from jianfu.registry.selectors import PUBLISHED_STATES, demand_get_for_user, demand_list_for_user

MAX_UPLOAD = 10 * 1024 * 1024


@login_required
def form_list(request):
    """A school's registered forms to fill; a requester's forms with their progress."""
    ids = scope_for(request.user).roster_school_ids
    schools = []
    for school in School.objects.filter(pk__in=ids).order_by("code"):
        forms = list(forms_for_school(school=school))
        states = dict(FormResponse.objects.filter(school=school, demand__in=forms).values_list("demand_id", "state"))
        schools.append({"school": school, "forms": [(d, states.get(d.pk, "")) for d in forms]})
    sent = (
        demand_list_for_user(user=request.user)
        .filter(category__in=FORM_CATEGORIES, state__in=PUBLISHED_STATES)
        .exclude(fields=[])
    )
    sent = [d for d in sent[:200] if may_see_progress(request.user, d)]
    return render(request, "collection/form_list.html", {"schools": schools, "sent": sent})


def _fill_context(view, errors=None):
    """The page's data; the teacher table as cells (field, input name, value), which a template cannot
    work out."""
    table = [
        (row, [(f, teacher_key(f, row.teacher_id), row.values.get(f.key, "")) for f in view.teacher_fields])
        for row in view.rows
    ]
    return {"view": view, "errors": errors or {}, "teacher_table": table}


def _school_and_form(request, pk):
    demand = Demand.objects.filter(pk=pk).first()
    if demand is None:
        raise Http404
    school = school_for_user(request.user, demand=demand, code=request.GET.get("school", ""))
    return school, demand


@login_required
def form_fill(request, pk):
    school, demand = _school_and_form(request, pk)
    if request.method != "POST":
        return render(request, "collection/form_fill.html", _fill_context(form_for_school(demand, school)))
    typed = typed_from_post(request.POST, form_for_school(demand, school))
    submit = request.POST.get("action") == "submit"
    return _save(request, demand, school, typed, submit=submit)


def _save(request, demand, school, typed, *, submit):
    try:
        response_save(demand, school, request.user, typed, submit=submit)
    except ResponseRejected as rejected:
        view = form_for_school(demand, school, typed=typed)
        return render(request, "collection/form_fill.html", _fill_context(view, rejected.errors), status=400)
    except ResponseError as error:
        messages.error(request, str(error))
        return redirect("collection:form_fill", pk=demand.pk)
    messages.success(
        request, _("已提交，提出单位可以看到本校的填报。") if submit else _("草稿已保存，可随时继续填写。")
    )
    return redirect("collection:form_fill", pk=demand.pk)


def typed_from_post(post, view) -> dict:
    """The posted inputs, by field label, as `response_save` takes them."""
    values = {f.label: post.get(f.key, "") for f in view.school_fields if not f.held}
    rows = [
        {"teacher": row.teacher_id}
        | {f.label: post.get(teacher_key(f, row.teacher_id), "") for f in view.teacher_fields if not f.held}
        for row in view.rows
    ]
    return {"values": values, "rows": rows}


@login_required
def form_template(request, pk):
    school, demand = _school_and_form(request, pk)
    return file_response(template_xlsx(form_for_school(demand, school)), f"form-{demand.pk}-{school.code}.xlsx")


@login_required
@require_POST
def form_upload(request, pk):
    """A filled template: all or nothing, every problem listed."""
    school, demand = _school_and_form(request, pk)
    upload = request.FILES.get("file")
    if upload is None or upload.size > MAX_UPLOAD:
        messages.error(request, _("请选择填好的 .xlsx 文件（不超过 10 MB）后再上传"))
        return redirect("collection:form_fill", pk=demand.pk)
    try:
        typed = read_upload(upload.read(), form_for_school(demand, school))
    except ResponseRejected as rejected:
        view = form_for_school(demand, school)
        return render(request, "collection/form_fill.html", _fill_context(view, rejected.errors), status=400)
    return _save(request, demand, school, typed, submit=False)


def _progress_demand(request, pk):
    demand = demand_get_for_user(user=request.user, pk=pk)
    if not is_form(demand) or not may_see_progress(request.user, demand):
        raise Http404
    return demand


@login_required
def form_progress(request, pk):
    demand = _progress_demand(request, pk)
    progress = completion(demand)
    context = {"demand": demand, "progress": progress, "counts": completion_counts(progress)}
    return render(request, "collection/form_progress.html", context)


@login_required
def form_aggregate(request, pk):
    demand = _progress_demand(request, pk)
    return file_response(aggregate_xlsx(demand), f"form-{demand.pk}-aggregate.xlsx")
