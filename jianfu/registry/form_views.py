"""The demand form's helpers in the browser: the school picker's search and the live pre-check.

Both answer JSON to static/js/demand_form.js. The form works without them: the school field still
takes codes, and saving shows the same pre-check on the demand's page. The live pre-check asks the one
`demand_precheck` that saving and submitting ask, about the form's values saved and rolled back."""

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Q
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from jianfu.policy.model import SEVERITY_LABELS
from jianfu.registry import selectors
from jianfu.registry.access import requester_units
from jianfu.registry.fields_overview import field_table
from jianfu.registry.forms import bound_demand_form, targetable_schools
from jianfu.registry.models import Demand
from jianfu.registry.precheck import Precheck, demand_precheck
from jianfu.registry.services import demand_fill

QUERY_MAX = 50  # a school's name or code; anything longer is not a search for one
SCHOOLS_SHOWN = 20  # the suggestions a phone can show; typing more narrows them
# What the engine cannot judge without: the rest of the form may still be half filled in.
PRECHECK_NEEDS = ("requester", "category", "start", "end", "estimated_hours")


def refused(message: str, status: int, **more) -> JsonResponse:
    return JsonResponse({"error": message, **more}, status=status, json_dumps_params={"ensure_ascii": False})


def requesters_only(view):
    """Only people who may raise demands use the form's helpers; others are told so, in JSON."""

    def guarded(request, *args, **kwargs):
        if not requester_units(request.user).exists():
            return refused(_("只有提出单位的工作人员可以使用事项表单"), 403)
        return view(request, *args, **kwargs)

    return guarded


@login_required
@require_GET
@requesters_only
def school_search(request):
    """`?q=` part of a school's name or the start of its code, `&county=ID` (repeatable) the counties
    ticked on the form: schools this person's demands may name, at most SCHOOLS_SHOWN of them."""
    query = request.GET.get("q", "").strip()
    if not query or len(query) > QUERY_MAX:
        return refused(_("请输入学校名称中的字或标识码的开头（1 至 %(max)d 个字符）") % {"max": QUERY_MAX}, 400)
    counties = request.GET.getlist("county")
    if not all(county.isdigit() for county in counties):
        return refused(_("参数 county 应为县（区）的编号（数字）；请从表单中勾选县（区）"), 400)
    schools = targetable_schools(request.user).filter(Q(name__contains=query) | Q(code__startswith=query))
    if counties:
        schools = schools.filter(county_id__in=[int(county) for county in counties])
    found = schools.order_by("county__path", "code")[:SCHOOLS_SHOWN]
    return JsonResponse(
        {"schools": [{"code": s.code, "name": s.name, "county": s.county.name} for s in found]},
        json_dumps_params={"ensure_ascii": False},
    )


@login_required
@require_POST
@requesters_only
def live_precheck(request, pk=None):
    """The form's values as they stand, judged as saving would judge them; nothing is saved. On an
    edit (`pk`), the demand's own history (route steps taken, attachments) counts too."""
    stored = selectors.demand_get_for_user(user=request.user, pk=pk) if pk else None  # 404 if not theirs
    form = bound_demand_form(request.POST, user=request.user)
    form.is_valid()
    data = form.cleaned_data
    missing = [str(form.fields[name].label) for name in PRECHECK_NEEDS if name not in data]
    if missing:
        message = _("政策预审需要先填好：%(fields)s") % {"fields": _("、").join(missing)}
        return refused(message, 400, problems=problems_of(form))
    precheck = precheck_as_if_saved(data, user=request.user, stored=stored)
    return JsonResponse(
        {
            "findings": [f.as_dict() | {"severity_label": _(SEVERITY_LABELS[f.severity])} for f in precheck.findings],
            "route": [{"label": step.label, "clause": step.clause} for step in precheck.route.steps],
            "quota": {"used": precheck.quota_used, "limit": precheck.quota_limit},
            # A form's fields × schools × the pack's minutes per field, beside the requester's hours.
            "burden": precheck.burden.as_dict() if precheck.burden else None,
            # Each field as it would be kept, with the data elements suggested for its label.
            "fields": [
                {k: row[k] for k in ("label", "element", "definition", "justification")}
                | {"suggestions": [{"id": i, "name": name, "score": score} for i, name, score in row["choices"]]}
                for row in field_table(data.get("fields") or [], blank_rows=0)
            ],
            "problems": problems_of(form),
        },
        json_dumps_params={"ensure_ascii": False},
    )


def problems_of(form) -> list[str]:
    """The form's errors as the page shows them: the field's label, then what to fix."""
    labels = {name: field.label for name, field in form.fields.items()}
    return [
        _("%(label)s：%(error)s") % {"label": labels[name], "error": error} if name in labels else error
        for name, errors in form.errors.items()
        for error in errors
    ]


def precheck_as_if_saved(data: dict, *, user, stored: Demand | None) -> Precheck:
    """What `demand_precheck` says about the form's values once saved, asked of the row saved inside
    a transaction that is always rolled back: the scope's many-to-many choices, the demand's history
    and attachments (when editing) are then read exactly as after saving, and nothing is kept. No
    audit event: nothing happened. (An unsaved Demand cannot hold a scope, and the engine's inputs
    read the database.)"""
    with transaction.atomic():
        demand = Demand.objects.select_for_update().get(pk=stored.pk) if stored else Demand(created_by=user)
        demand_fill(demand, data)
        try:
            return demand_precheck(demand)
        finally:
            transaction.set_rollback(True)
