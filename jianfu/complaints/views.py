"""The officials' pages of complaints: the cases they may see, one case with the steps open to them, the
named filer's identity for holders of the permission, the evidence files, the export and the figures.

Scope comes from the selectors only (404 for missing and forbidden alike); every write goes through the
services (jianfu.complaints.services) by way of case_actions, which makes a submitted form act once.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jianfu.complaints import case_actions, services
from jianfu.complaints.exports import complaints_xlsx
from jianfu.complaints.filters import FilterInvalid, counties_of, dues_of, filtered, filters_from, item_labels
from jianfu.complaints.models import STATE_CHOICES, Complaint
from jianfu.complaints.selectors import complaint_for, complaints_visible_to, own_unit_ids
from jianfu.complaints.stats import stats
from jianfu.complaints.templatetags.complaints_nav import OFFICIAL_ROLES
from jianfu.deadlines.models import Obligation
from jianfu.documents.uploads import upload_response
from jianfu.org.access import scope_for, units_for
from jianfu.org.models import SCHOOL_ROLES, Division, DivisionKind, RoleAssignment, UnitKind
from jianfu.packs.active import active_engine
from jianfu.registry.public import file_response
from jianfu.registry.selectors import demand_list_for_user
from jianfu.web.paging import page_of
from jianfu.web.params import year_typed
from jianfu.workflow.complaint import ACTION_LABELS, FINDING_LABELS, STATE_LABELS, State

# Units a case may be assigned to: the bureaus that investigate, and the commissions and inspectorates
# that help them.
ASSIGNABLE_KINDS = (UnitKind.EDUCATION_BUREAU, UnitKind.DISCIPLINE_COMMISSION, UnitKind.EDUCATION_INSPECTORATE)
FILED = "file"  # the action the services record for the filing itself
FIRST_YEAR = 2021  # the measures took effect in 2021: no complaint is older


def _officials_only(user) -> None:
    """Schools and teachers follow their complaints with the receipt (or on their own list): no case pages."""
    scope = scope_for(user)
    if not scope.everything and (not scope.roles or scope.roles <= SCHOOL_ROLES):
        raise PermissionDenied(_("举报案件只对调查、督办和督导单位开放；举报人请凭回执码和密码查看办理情况"))


@login_required
def case_list(request):
    _officials_only(request.user)
    visible = complaints_visible_to(request.user)
    today = timezone.localdate()
    context = {
        "states": STATE_CHOICES,
        "counties": counties_of(visible),
        "items": sorted(item_labels().items()),
        "typed": {name: request.GET.get(name, "") for name in ("state", "county", "item", "overdue")},
    }
    try:
        filters = filters_from(request.GET, visible)
    except FilterInvalid as error:
        return render(request, "complaints/list.html", context | {"filter_error": error.message}, status=400)
    page = page_of(request, filtered(visible, filters, today))
    dues = dues_of([c.pk for c in page], today)
    rows = [{"complaint": c, "due": dues.get(c.pk)} for c in page]
    return render(request, "complaints/list.html", context | {"page": page, "rows": rows, "filters": filters.given})


@login_required
def case_detail(request, pk):
    complaint = complaint_for(request.user, pk)
    if request.method != "POST":
        return render(request, "complaints/case_detail.html", _case_context(request, complaint))
    key, posted = request.POST.get("action", ""), request.POST
    try:
        done = case_actions.perform(request.user, complaint, key, posted.get("form_token", ""), posted)
    except case_actions.FormRefused as refused:
        return _case_again(request, complaint, key, stale=refused.message, status=409 if refused.moved else 400)
    except services.ComplaintNotFound:
        raise Http404 from None
    except (services.ComplaintInvalid, services.ComplaintForbidden) as error:
        return _case_again(request, complaint, key, error=_worded(error))
    messages.success(request, done)
    return redirect("complaints-case", pk=complaint.pk)


def _worded(error: Exception) -> str:
    return getattr(error, "message", "") or str(error)


def _case_again(request, complaint: Complaint, key: str, *, error: str = "", stale: str = "", status: int = 400):
    """The case page again, as it stands now, with the error beside the form just submitted and what was
    typed in it kept (and a fresh key, for the case as it now stands)."""
    complaint = complaint_for(request.user, complaint.pk)
    typed = {name: request.POST.get(name, "") for name in ("text", "finding", "unit")}
    context = _case_context(request, complaint, error_for=key, error=error or stale, typed=typed)
    context["stale"] = stale
    return render(request, "complaints/case_detail.html", context, status=status)


def _case_context(request, complaint: Complaint, **form_state) -> dict:
    user = request.user
    pack = active_engine().pack
    labels = item_labels()
    items = [{"no": no, "text": labels[no], "clause": _item_clause(pack, no)} for no in complaint.items if no in labels]
    return {
        "complaint": complaint,
        "due": dues_of([complaint.pk], timezone.localdate()).get(complaint.pk),
        "items": items,
        "suggested_only": [no for no in complaint.suggested_items if no not in complaint.items],
        "clauses": [pack.clauses[c] for c in complaint.clauses if c in pack.clauses],
        "demand_url": _demand_url(user, complaint),
        "filing_evidence": complaint.evidence.filter(message__isnull=True),
        "messages_exchanged": complaint.messages.prefetch_related("evidence"),
        "transitions": [_transition_row(t) for t in complaint.transitions.select_related("actor")],
        "obligations": Obligation.objects.filter(subject_type="complaint", subject_id=complaint.pk).select_related(
            "owner_unit", "owner_school"
        ),
        "forms": case_actions.forms_for(user, complaint, **form_state),
        "form_token": case_actions.form_token(user, complaint),
        "findings": [(finding.value, _(label)) for finding, label in FINDING_LABELS.items()],
        "units": _assignable_units(user, complaint),
        "may_reveal": case_actions.may_reveal(user, complaint),
    }


def _item_clause(pack, no: int) -> str:
    return next((item.clause for item in pack.negative_list if item.no == no), "")


def _demand_url(user, complaint: Complaint) -> str:
    """A link to the demand the complaint concerns, for those who may open it."""
    if complaint.demand_id is None or not demand_list_for_user(user=user).filter(pk=complaint.demand_id).exists():
        return ""
    try:
        return reverse("registry:demand", args=[complaint.demand_id])
    except NoReverseMatch:
        return ""


def _transition_row(transition) -> dict:
    def label(labels, value):
        if value == FILED:
            return _("提交举报")  # the filing is the first step, not an action of the machine
        try:
            return _(labels[type(next(iter(labels)))(value)])
        except (ValueError, KeyError):
            return value

    return {
        "on": transition.on,
        "actor": transition.actor,
        "text": transition.text,
        "action_label": label(ACTION_LABELS, transition.action),
        "from_label": label(STATE_LABELS, transition.from_state),
        "to_label": label(STATE_LABELS, transition.to_state),
    }


def _assignable_units(user, complaint: Complaint):
    if complaint.state != State.ACCEPTED:
        return []
    units = units_for(user).filter(kind__in=ASSIGNABLE_KINDS)
    if complaint.accused_unit_id:
        units = units.exclude(pk=complaint.accused_unit_id)
    return units.order_by("division__path", "kind", "name")


@login_required
def identity_reveal(request, pk):
    """A named filer's identity, on this answer page only, to a holder of the permission who gave a reason
    (the services check both and audit the reading). Never in a URL, a list, an export or the API."""
    complaint = complaint_for(request.user, pk)
    if not complaint.named:
        raise Http404  # an anonymous filing has no identity to show
    if request.method != "POST":
        return redirect("complaints-case", pk=pk)
    reason = request.POST.get("reason", "")
    try:
        identity = services.reveal_identity(complaint.pk, request.user, reason)
    except services.ComplaintNotFound:
        raise Http404 from None
    except services.ComplaintInvalid as error:
        context = _case_context(request, complaint) | {"reveal_error": error.message, "reason": reason}
        return render(request, "complaints/case_detail.html", context, status=400)
    response = render(request, "complaints/case_identity.html", {"complaint": complaint, "identity": identity})
    response["Cache-Control"] = "no-store"  # not kept by the browser for Back, nor by a proxy
    return response


@login_required
def evidence_file(request, pk, evidence_id):
    """An evidence file, to whoever may see the case; always a sandboxed download, named by its number."""
    complaint = complaint_for(request.user, pk)
    evidence = complaint.evidence.filter(pk=evidence_id).first()
    if evidence is None:
        raise Http404
    return upload_response(evidence.file, name=_("证据%(n)s") % {"n": evidence.pk}, kind=evidence.kind)


@login_required
def export(request):
    """The list as .xlsx, with the list's filters; nothing of a filer in it."""
    _officials_only(request.user)
    visible = complaints_visible_to(request.user)
    try:
        filters = filters_from(request.GET, visible)
    except FilterInvalid as error:
        messages.error(request, error.message)
        return redirect("complaints-cases")
    rows = filtered(visible, filters, timezone.localdate())
    return file_response(complaints_xlsx(rows, timezone.localdate()), "complaints.xlsx")


def _stats_divisions(user) -> list[Division]:
    """The areas whose figures a bureau or an inspector reads: those of its roles, widest first."""
    if scope_for(user).everything:
        return list(Division.objects.filter(kind=DivisionKind.PREFECTURE).order_by("path"))
    held = RoleAssignment.objects.filter(user=user, role__in=OFFICIAL_ROLES, unit__isnull=False)
    divisions = {a.unit.division for a in held.select_related("unit__division")}
    if not divisions:
        raise PermissionDenied(_("举报统计只对教育行政部门和督导人员开放"))
    return sorted(divisions, key=lambda d: (d.path.count("/"), d.path))


def _year_of(text: str) -> int:
    this_year = timezone.localdate().year
    if not text:
        return this_year
    year, error = year_typed(text, first=FIRST_YEAR, last=this_year)
    if error:
        raise ValueError(error)
    return year


@login_required
def stats_page(request):
    """The year's figures of the reader's area, per level, county, accused unit, item and month."""
    divisions = _stats_divisions(request.user)
    context = {
        "divisions": divisions,
        "typed": {"year": request.GET.get("year", ""), "area": request.GET.get("area", "")},
        "year": "",
        "division": None,
        "figures": None,
    }
    try:
        year = _year_of(request.GET.get("year", "").strip())
    except ValueError as error:
        return render(request, "complaints/stats.html", context | {"error": str(error)}, status=400)
    area = request.GET.get("area", "").strip()
    division = next((d for d in divisions if d.code == area), None) if area else divisions[0]
    if division is None:
        error = _("地区代码「%(value)s」不在您的管辖范围内；请从列表中选择") % {"value": area}
        return render(request, "complaints/stats.html", context | {"error": error}, status=400)
    figures = stats(year, division=division, unseen_by=own_unit_ids(request.user))
    labels = item_labels()
    for row in figures["by_item"]:
        row["text"] = labels.get(row["item"], "")
    return render(request, "complaints/stats.html", context | {"year": year, "division": division, "figures": figures})
