"""Requests the server will not read: too large, or not parseable. Django turns them into a 400
before any view runs (the CSRF check already reads the form); these handlers say so in Chinese, with
413 for a body over the limit, as a page for people and as JSON under /api/."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render


def too_large_message() -> str:
    limit_mb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
    return f"提交的内容过大（表单文字或 JSON 超过 {limit_mb} MB），服务器未处理；请精简文字，长篇材料请作为附件上传"


UNPARSEABLE = "提交的内容无法解析（表单编码或分段边界有误）；请从页面重新提交，接口调用请发送 JSON（Content-Type: application/json）"
TOO_MANY_FIELDS = "提交的字段或文件过多，服务器未处理；请分批提交"
BAD_REQUEST = "请求有误，服务器未处理；请返回上一页检查后重新提交"


def refusal_for(exception) -> tuple[int, str]:
    """The status and the Chinese sentence for why a request was not read."""
    if isinstance(exception, RequestDataTooBig):
        return 413, too_large_message()
    if isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
        return 400, TOO_MANY_FIELDS
    if isinstance(exception, MultiPartParserError):
        return 400, UNPARSEABLE
    return 400, BAD_REQUEST


def bad_request(request, exception=None):
    """handler400: every request Django refuses to read before a view runs."""
    status, message = refusal_for(exception)
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status, json_dumps_params={"ensure_ascii": False})
    return render(request, "400.html", {"status": status, "message": message}, status=status)
