from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods

from jianfu.org import selectors
from jianfu.org.access import can_manage_roster, can_see_full_id_number, divisions_for
from jianfu.org.identity import decrypt_id_number
from jianfu.org.imports.export import SPECS, TITLES, workbook_bytes
from jianfu.org.imports.sheet import ImportRejected
from jianfu.org.models import Area, PostStatus, School, UnitKind
from jianfu.org.services import NOT_A_ROSTER_MANAGER, roster_import
from jianfu.web import lockout
from jianfu.web.paging import page_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def school_list(request):
    filters = {key: request.GET.get(key, "").strip() for key in ("query", "county", "area")}
    return render(
        request,
        "org/school_list.html",
        {
            "page": page_of(request, selectors.school_list(user=request.user, **filters)),
            "filters": filters,
            "areas": Area.choices,
            # EXISTS asks each visible division for one school; a join with DISTINCT read every school.
            "counties": divisions_for(request.user).filter(Exists(School.objects.filter(county=OuterRef("pk")))),
        },
    )


@login_required
def school_detail(request, code):
    school = selectors.school_get_for_user(user=request.user, code=code)
    teachers = selectors.teacher_list(user=request.user, school=school)
    return render(request, "org/school_detail.html", {"school": school, "page": page_of(request, teachers)})


@login_required
def teacher_list(request):
    filters = {key: request.GET.get(key, "").strip() for key in ("query", "post_status")}
    return render(
        request,
        "org/teacher_list.html",
        {
            "page": page_of(request, selectors.teacher_list(user=request.user, **filters)),
            "filters": filters,
            "post_statuses": PostStatus.choices,
        },
    )


@login_required
def teacher_detail(request, pk):
    teacher = selectors.teacher_get_for_user(user=request.user, pk=pk)
    full_id = decrypt_id_number(teacher.id_number_cipher) if can_see_full_id_number(request.user) else None
    return render(request, "org/teacher_detail.html", {"teacher": teacher, "full_id": full_id})


@login_required
def unit_list(request):
    filters = {key: request.GET.get(key, "").strip() for key in ("query", "kind")}
    return render(
        request,
        "org/unit_list.html",
        {
            "page": page_of(request, selectors.unit_list(user=request.user, **filters)),
            "filters": filters,
            "kinds": UnitKind.choices,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def roster_import_page(request):
    if not can_manage_roster(request.user):
        raise PermissionDenied(_(NOT_A_ROSTER_MANAGER))
    errors, kind = [], request.POST.get("kind", "teachers")
    if request.method == "POST":
        upload = request.FILES.get("file")
        if kind not in SPECS:
            errors = [_("请选择要导入的名册类别（学校、教师或单位）")]
        elif upload is None:
            errors = [_("请选择要上传的 .xlsx 文件")]
        else:
            try:
                counts = roster_import(kind=kind, data=upload.read(), acting_user=request.user)
            except ImportRejected as rejected:
                errors = rejected.errors
            else:
                messages.success(
                    request,
                    _("%(kind)s导入完成：新增 %(created)s 条，更新 %(updated)s 条。")
                    % {"kind": TITLES[kind], "created": counts["created"], "updated": counts["updated"]},
                )
                return redirect("org:import")
    return render(request, "org/import.html", {"errors": errors, "kind": kind, "titles": TITLES})


@login_required
def roster_download(request, kind, template=False):
    if kind not in SPECS:
        raise Http404
    if template and not can_manage_roster(request.user):
        raise PermissionDenied(_(NOT_A_ROSTER_MANAGER))
    name = f"{kind}-{'template' if template else 'export'}.xlsx"
    response = HttpResponse(workbook_bytes(kind, request.user, template=template), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


LOCKED_ACCOUNTS_ONLY_FOR_BUREAUS = gettext_noop("只有教育行政部门工作人员可以查看和解锁本辖区被锁定的账号")


@login_required
@require_http_methods(["GET", "POST"])
def locked_accounts(request):
    """Accounts in this bureau's subtree locked by failed sign-ins; each can be unlocked (audited)."""
    if not can_manage_roster(request.user):
        raise PermissionDenied(_(LOCKED_ACCOUNTS_ONLY_FOR_BUREAUS))
    if request.method == "POST":
        user = lockout.account_get_for_unlock(username=request.POST.get("username", ""), acting_user=request.user)
        lockout.account_unlock(user=user, acting_user=request.user)
        messages.success(request, _("账号 %(name)s 已解锁，可以立即重新登录。") % {"name": user.get_username()})
        return redirect("org:locked_accounts")
    return render(request, "web/locked_accounts.html", {"accounts": lockout.locked_accounts_for(request.user)})
