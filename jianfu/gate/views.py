import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jianfu.documents.official import to_docx, to_pdf
from jianfu.documents.uploads import UploadRejected, upload_response
from jianfu.gate.cases import cases_for, origin_of
from jianfu.gate.highlight import highlighted
from jianfu.gate.learning import screening_precision
from jianfu.gate.letters import refusal_letter
from jianfu.gate.models import Channel
from jianfu.gate.public import lists_index, verification_target
from jianfu.gate.screening import notice_screening
from jianfu.gate.services import (
    ACTION_REQUIRED,
    UPHELD_REQUIRED,
    RefusalError,
    case_act,
    refusal_for_form_token,
    refusal_for_recognition,
    refusal_form_token,
    refusal_record,
    refusals_for,
)
from jianfu.gate.texts import NoticeUnreadable, checked_text, notice_text
from jianfu.ocr.services import PhotoRefused, needs_recognition, recognition_create, recognitions_for
from jianfu.org.access import get_for_user, scope_for, units_for
from jianfu.org.models import School
from jianfu.packs.active import active_engine
from jianfu.registry.public import file_response

VERDICT_LABELS = {
    "refusable": gettext_lazy("可以拒绝：属于减负清单"),
    "needs_registration": gettext_lazy("须登记备案：请核验备案号"),
    "uncertain": gettext_lazy("不确定：请向教育行政部门核实"),
    "registered": gettext_lazy("已登记备案：按登记的范围和时间开展"),
    "no_finding": gettext_lazy("未发现属于减负清单的内容"),
}
# The typed fields of the refusal form, given back when the form comes back with a message.
REFUSAL_FIELDS = ("school", "requester_unit", "requester_text", "channel", "received_on", "number")


def _my_schools(user):
    return School.objects.filter(pk__in=scope_for(user).roster_school_ids)


def _screen_context(request, text: str | None = None) -> dict:
    """The screening page: the form, and for a text the verdict, the marks, the clauses and a refusal
    form carrying a fresh key so that submitting it twice records one refusal."""
    context = {
        "channels": Channel.choices,
        "units": units_for(request.user).order_by("division__path", "name"),
        "schools": _my_schools(request.user),
        "today": timezone.localdate(),
    }
    if text is not None:
        result = notice_screening(text, user=request.user)
        context |= {
            "text": text,
            "result": result,
            "verdict": VERDICT_LABELS[result.verdict],
            "segments": highlighted(text, result.hits),
            "clauses": _quoted(result),
            "rule_findings": _quoted_rules(result),
            "registrations": result.as_dict()["registrations"],
            "possible_items": _items_named(result.possible_items),
            "form_token": refusal_form_token(request.user),
        }
    return context


@login_required
def screen_page(request):
    if request.method != "POST":
        return render(request, "gate/screen.html", _screen_context(request))
    files = [(f.name, f.read()) for f in request.FILES.getlist("file") + request.FILES.getlist("photo")]
    try:
        if needs_recognition(files):
            # Photos and scans are read by the task worker, never here: the page shows its progress.
            recognition = recognition_create(acting_user=request.user, files=files)
            return redirect("ocr:recognition", pk=recognition.pk)
        text = notice_text(*files[0]) if files else checked_text(request.POST.get("text", ""))
    except (NoticeUnreadable, PhotoRefused) as error:
        # What was typed stays, and the files that were fine are named, so only the bad one is chosen again.
        context = _screen_context(request) | {"error": str(error), "typed_text": request.POST.get("text", "")}
        context["chosen_files"] = [name for name, _data in files if name not in str(error)]
        return render(request, "gate/screen.html", context, status=400)
    return render(request, "gate/screen.html", _screen_context(request, text))


def _quoted(result) -> list:
    pack = active_engine().pack
    return [(f, pack.clauses[f.clause]) for f in result.findings if f.clause in pack.clauses]


def _quoted_rules(result) -> list:
    pack = active_engine().pack
    return [(f, pack.clauses[f.clause]) for f in result.rule_findings if f.clause in pack.clauses]


def _items_named(numbers) -> list:
    """The doubtful verdict's candidates, with the list's own words for each."""
    items = {item.no: item for item in active_engine().pack.negative_list}
    return [items[no] for no in numbers if no in items]


@login_required
@require_POST
def refusal_new(request):
    token = request.POST.get("form_token", "")
    if first := refusal_for_form_token(user=request.user, token=token):
        messages.info(request, _("这份表单已经提交过，拒绝已记录，没有重复记录。"))
        return redirect("gate:refusal", pk=first.pk)
    school = get_for_user(_my_schools(request.user), pk=request.POST.get("school") or 0)
    unit_id = request.POST.get("requester_unit")
    unit = get_for_user(units_for(request.user), pk=unit_id) if unit_id else None
    received_on = parse_date(request.POST.get("received_on", "")) or None
    recognition = _recognition_of(request)
    if recognition is not None and (first := refusal_for_recognition(recognition)):
        # The correction submitted again after Back gives a fresh form; the photos still make one refusal.
        messages.info(request, _("这些照片的拒绝已经记录过，没有重复记录。"))
        return redirect("gate:refusal", pk=first.pk)
    try:
        if received_on is None:
            raise RefusalError(_("收到日期：请填写日期，如 2021-05-06"))
        files = tuple((f.name, f.read()) for f in request.FILES.getlist("evidence"))
        refusal = refusal_record(
            acting_user=request.user,
            school=school,
            channel=request.POST.get("channel", ""),
            received_on=received_on,
            content=request.POST.get("content", ""),
            requester_unit=unit,
            requester_text=request.POST.get("requester_text", ""),
            number=request.POST.get("number", ""),
            files=files,
            form_token=token,
            recognition=recognition,
        )
    except (RefusalError, NoticeUnreadable, UploadRejected) as error:
        return _refusal_form_again(request, error)
    messages.success(request, _("已记录拒绝，并已向教育行政部门报送违规线索。请下载拒绝函。"))
    return redirect("gate:refusal", pk=refusal.pk)


def _recognition_of(request):
    """The recognition whose corrected text the refusal form carries: the principal's own, or 404."""
    key = request.POST.get("recognition", "")
    if not key:
        return None
    try:
        return get_for_user(recognitions_for(request.user), pk=uuid.UUID(key))
    except ValueError:
        raise Http404 from None


def _refusal_form_again(request, error: Exception):
    """The screening page again, with the notice, its verdict and everything typed kept, and what was
    wrong said beside the form. Browsers never refill a file input, so files are asked for again."""
    try:
        context = _screen_context(request, checked_text(request.POST.get("content", "")))
    except NoticeUnreadable:
        context = _screen_context(request)
    context["refusal_error"] = _("拒绝未记录：%(error)s。") % {"error": str(error).rstrip("。")}
    if request.FILES.getlist("evidence"):
        context["refusal_error"] += _("证据文件需要重新选择。")
    context["typed"] = {name: request.POST.get(name, "") for name in REFUSAL_FIELDS}
    context["recognition"] = _recognition_of(request)
    if request.POST.get("form_token"):
        context["form_token"] = request.POST["form_token"]  # the same form: a later success is still one
    return render(request, "gate/screen.html", context, status=400)


@login_required
def refusal_list(request):
    """The school's refusals with what the bureau did about each (the case's state and action)."""
    refusals, q = _searched(refusals_for(request.user).select_related("case"), request, "")
    return render(request, "gate/refusals.html", {"refusals": refusals[:200], "q": q})


def _searched(queryset, request, prefix: str):
    """The rows whose notice, or the text read from its photos, holds the words searched for."""
    q = request.GET.get("q", "").strip()[:100]
    if not q:
        return queryset, q
    found = Q(**{f"{prefix}content__icontains": q}) | Q(**{f"{prefix}evidence__recognised_text__icontains": q})
    ids = queryset.filter(found).values("pk")
    return queryset.filter(pk__in=ids), q


@login_required
def refusal_detail(request, pk):
    refusal = get_for_user(refusals_for(request.user).select_related("case"), pk=pk)
    return render(
        request,
        "gate/refusal.html",
        {"refusal": refusal, "letter": refusal_letter(refusal), "evidence": refusal.evidence.all()},
    )


@login_required
def refusal_letter_file(request, pk, fmt):
    refusal = get_for_user(refusals_for(request.user), pk=pk)
    if fmt not in ("pdf", "docx"):
        raise Http404
    document = refusal_letter(refusal)
    return file_response(to_pdf(document) if fmt == "pdf" else to_docx(document), f"refusal-{refusal.pk}.{fmt}")


@login_required
def evidence_file(request, pk, evidence_id):
    """An evidence file, to whoever may see the refusal; always a download, never rendered here."""
    refusal = get_for_user(refusals_for(request.user), pk=pk)
    evidence = get_for_user(refusal.evidence.all(), pk=evidence_id)
    return upload_response(evidence.file, name=f"evidence-{evidence.pk}", kind=evidence.kind)


@login_required
def case_list(request):
    cases, q = _searched(cases_for(request.user), request, "refusal__")
    by_requester = (
        cases.filter(refusal__isnull=False)
        .values("refusal__requester_unit__name", "refusal__requester_text")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    rows = [(case, origin_of(case)) for case in cases[:200]]
    context = {"rows": rows, "by_requester": by_requester, "precision": screening_precision(cases), "q": q}
    return render(request, "gate/cases.html", context)


@login_required
def case_detail(request, pk):
    case = get_for_user(cases_for(request.user), pk=pk)
    context = {
        "case": case,
        "origin": origin_of(case),
        "refusal": case.refusal,
        "evidence": case.refusal.evidence.all() if case.refusal_id else [],
    }
    if request.method != "POST":
        return render(request, "gate/case.html", context)
    close, action_taken = request.POST.get("close") == "1", request.POST.get("action_taken", "")
    if close and request.POST.get("confirmed") != "1":
        # Closing is final: a page of its own asks first (works without JavaScript).
        if not action_taken.strip():
            messages.error(request, _(ACTION_REQUIRED))
            return redirect("gate:case", pk=pk)
        return render(request, "gate/case_close.html", context | {"action_taken": action_taken.strip()})
    upheld = {"1": True, "0": False}.get(request.POST.get("upheld", ""))
    if close and case.refusal_id and upheld is None:  # asked again on the confirmation page
        context |= {"action_taken": action_taken.strip(), "upheld_error": _(UPHELD_REQUIRED)}
        return render(request, "gate/case_close.html", context, status=400)
    try:
        case_act(acting_user=request.user, case=case, close=close, action_taken=action_taken, upheld=upheld)
    except RefusalError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已办结。") if close else _("已保存处理情况。"))
    return redirect("gate:case", pk=pk)


def verify_box(request):
    """The public "核验备案号" box: a number or a code typed in goes to its verification page."""
    key = request.GET.get("q", "")
    if not key.strip():
        return render(request, "gate/verify_box.html", {"empty": "q" in request.GET})
    return redirect(verification_target(key))


def public_lists(request):
    """The published annual lists: this year's (or a chosen year's) list of every city and county."""
    return render(request, "gate/lists.html", lists_index(request.GET.get("year", "")))
