from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_POST

from jianfu.documents.official import to_docx, to_pdf
from jianfu.documents.uploads import UploadRejected
from jianfu.gate.highlight import highlighted
from jianfu.gate.letters import refusal_letter
from jianfu.gate.models import Channel, ViolationCase
from jianfu.gate.services import RefusalError, case_act, refusal_record, refusals_for
from jianfu.gate.texts import NoticeUnreadable, checked_text, notice_text
from jianfu.org.access import get_for_user, scope_for, units_for
from jianfu.org.models import Role, School
from jianfu.packs.active import active_engine
from jianfu.policy.screening.engine import screen
from jianfu.registry.public import file_response

VERDICT_LABELS = {
    "refusable": "可以拒绝：属于减负清单",
    "needs_registration": "须登记备案：请核验备案号",
    "no_finding": "未发现属于减负清单的内容",
}


def _my_schools(user):
    return School.objects.filter(pk__in=scope_for(user).roster_school_ids)


@login_required
def screen_page(request):
    context = {
        "channels": Channel.choices,
        "units": units_for(request.user).order_by("division__path", "name"),
        "schools": _my_schools(request.user),
        "today": timezone.localdate(),
    }
    if request.method == "POST":
        try:
            upload = request.FILES.get("file")
            text = notice_text(upload.name, upload.read()) if upload else checked_text(request.POST.get("text", ""))
        except NoticeUnreadable as error:
            context["error"] = str(error)
        else:
            result = screen(text, active_engine().pack)
            context |= {
                "text": text,
                "result": result,
                "verdict": VERDICT_LABELS[result.verdict],
                "segments": highlighted(text, result.hits),
                "clauses": _quoted(result),
            }
    return render(request, "gate/screen.html", context)


def _quoted(result) -> list:
    pack = active_engine().pack
    return [(f, pack.clauses[f.clause]) for f in result.findings if f.clause in pack.clauses]


@login_required
@require_POST
def refusal_new(request):
    school = get_for_user(_my_schools(request.user), pk=request.POST.get("school") or 0)
    unit_id = request.POST.get("requester_unit")
    unit = get_for_user(units_for(request.user), pk=unit_id) if unit_id else None
    received_on = parse_date(request.POST.get("received_on", "")) or None
    try:
        if received_on is None:
            raise RefusalError("收到日期：请填写日期，如 2021-05-06")
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
        )
    except (RefusalError, NoticeUnreadable, UploadRejected) as error:
        messages.error(request, f"拒绝未记录：{error}")
        return redirect("gate:screen")
    messages.success(request, "已记录拒绝，并已向教育行政部门报送违规线索。请下载拒绝函。")
    return redirect("gate:refusal", pk=refusal.pk)


@login_required
def refusal_detail(request, pk):
    refusal = get_for_user(refusals_for(request.user), pk=pk)
    return render(request, "gate/refusal.html", {"refusal": refusal, "letter": refusal_letter(refusal)})


@login_required
def refusal_letter_file(request, pk, fmt):
    refusal = get_for_user(refusals_for(request.user), pk=pk)
    if fmt not in ("pdf", "docx"):
        raise Http404
    document = refusal_letter(refusal)
    return file_response(to_pdf(document) if fmt == "pdf" else to_docx(document), f"refusal-{refusal.pk}.{fmt}")


def _cases_for(user):
    scope = scope_for(user)
    if not (scope.everything or scope.roles & {Role.EDUCATION_BUREAU, Role.INSPECTOR}):
        raise PermissionDenied("只有教育行政部门和督导人员可以查看违规线索")
    return ViolationCase.objects.filter(refusal__in=refusals_for(user)).select_related("refusal__school")


@login_required
def case_list(request):
    cases = _cases_for(request.user)
    by_requester = (
        cases.values("refusal__requester_unit__name", "refusal__requester_text").annotate(n=Count("id")).order_by("-n")
    )
    return render(request, "gate/cases.html", {"cases": cases[:200], "by_requester": by_requester})


@login_required
def case_detail(request, pk):
    case = get_for_user(_cases_for(request.user), pk=pk)
    if request.method == "POST":
        try:
            case_act(
                acting_user=request.user,
                case=case,
                close=request.POST.get("close") == "1",
                action_taken=request.POST.get("action_taken", ""),
            )
        except RefusalError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "已保存处理情况。")
        return redirect("gate:case", pk=pk)
    return render(request, "gate/case.html", {"case": case, "refusal": case.refusal})
