"""Attachments and inspection results on the web: uploads checked by content, downloads by scope."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jianfu.documents.uploads import UploadRejected, upload_response
from jianfu.org.models import School
from jianfu.registry import selectors
from jianfu.registry.errors import DemandError
from jianfu.registry.sharing import (
    attachment_add,
    may_read_results,
    result_file,
    result_get_for_user,
    results_search,
)
from jianfu.web.paging import page_of


@login_required
@require_POST
def attachment_upload(request, pk):
    demand = selectors.demand_get_for_user(user=request.user, pk=pk)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise DemandError(_("请选择要上传的文件"))
        attachment_add(acting_user=request.user, demand=demand, name=upload.name, data=upload.read())
    except (DemandError, UploadRejected) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已上传附件「%(name)s」。") % {"name": upload.name})
    return redirect("registry:demand", pk=pk)


@login_required
def attachment_download(request, pk, attachment_id):
    demand = selectors.demand_get_for_user(user=request.user, pk=pk)
    attachment = demand.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    return upload_response(attachment.file, name=attachment.name, kind=attachment.kind)


@login_required
@require_POST
def result_upload(request, pk):
    demand = selectors.demand_get_for_user(user=request.user, pk=pk)
    school = School.objects.filter(code=request.POST.get("school", "").strip()).first()
    upload = request.FILES.get("file")
    try:
        if school is None:
            raise DemandError(_("学校标识码不存在；请核对后重填"))
        result_file(
            acting_user=request.user,
            demand=demand,
            school=school,
            summary=request.POST.get("summary", ""),
            name=upload.name if upload else "",
            data=upload.read() if upload else b"",
        )
    except (DemandError, UploadRejected) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已报送 %(school)s 的检查结果，各部门均可查阅。") % {"school": school.name})
    return redirect("registry:demand", pk=pk)


@login_required
def results_page(request):
    if not may_read_results(request.user):
        raise Http404
    filters = {key: request.GET.get(key, "").strip() for key in ("query", "school")}
    results = results_search(user=request.user, query=filters["query"], school_code=filters["school"])
    return render(
        request,
        "registry/results.html",
        {"page": page_of(request, results), "filters": filters},
    )


@login_required
def result_download(request, result_id):
    result = result_get_for_user(user=request.user, pk=result_id)
    if not result.file:
        raise Http404
    return upload_response(
        result.file, name=f"{result.demand.registration_number}-{result.school.code}", kind=result.kind
    )
