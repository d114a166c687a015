"""The public complaint pages: filing (no account needed) and tracking with the receipt and passphrase.

No session and no cookie for an anonymous visitor. The forms carry what a session would:
- the filing form a signed, single-use token (`form_token`): going back and submitting again finds it
  used and files nothing twice;
- the tracking page a signed, 30-minute authority token (privacy.authority_token) for its answer,
  evidence and review forms, so the receipt and passphrase are typed once and never put in a URL.
CSRF: Django's CSRF check needs a cookie, which an anonymous filer must not be given. It is not needed for
them: a forged cross-site post can only do what the forger could do directly (file anonymously), and the
tracking forms' authority is the token in the page, which another site cannot read. A signed-in person
(a named filing) has a session that a forged post could ride, so for them the views run Django's CSRF check
as usual and the pages carry its token.
"""

import hashlib
import secrets

from django.core import signing
from django.core.cache import cache
from django.db.models import Q
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from jianfu.complaints import privacy, services
from jianfu.complaints.forms import (
    NAMED,
    FilingForm,
    ReplyForm,
    ReviewForm,
    TrackForm,
    evidence_from,
    schools_matching,
    units_matching,
)
from jianfu.complaints.models import Complaint, ComplaintChannel
from jianfu.complaints.selectors import complaint_due, complaint_for_filer
from jianfu.org.access import scope_for
from jianfu.org.models import SCHOOL_ROLES
from jianfu.workflow.complaint import OPEN_STATES, REPLIED_STATES, State

FORM_TOKEN_HOURS = 24
NOT_FOUND = gettext_noop("查询码或查询密码不正确；请核对后重新输入（查询码不区分大小写，短横线可省略）")
ALREADY_FILED = gettext_noop(
    "这份举报已经提交过，不会重复提交。查询码只在提交成功时显示一次；如未记下，请重新填写举报。"
)
FORM_EXPIRED = gettext_noop("表单已过期（超过 24 小时）或已损坏；内容已保留，请检查后再次提交")
FIX_BELOW = gettext_noop("请按下面的提示修改后再提交")
REPLY_SENT = gettext_noop("已收到您的回复，承办单位会看到。")
REVIEW_SENT = gettext_noop("已提交复查申请，由上一级教育行政部门办理。")

_FORM_SIGNER = signing.TimestampSigner(salt="jianfu.complaints.filing-form")


def _private(response: HttpResponse) -> HttpResponse:
    """Never kept by a browser's or a proxy's cache, never named to another site."""
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _csrf_refusal(request) -> HttpResponse | None:
    """Django's CSRF check for a signed-in person (see the module's docstring); None when it passes."""
    if not request.user.is_authenticated:
        return None
    return CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})


def _may_name(user) -> bool:
    return user.is_authenticated and bool(set(scope_for(user).roles) & SCHOOL_ROLES)


# --- Filing ---------------------------------------------------------------------------------------------


def new_form_token() -> str:
    return _FORM_SIGNER.sign(secrets.token_urlsafe(18))


def _form_token_valid(token: str) -> bool:
    try:
        _FORM_SIGNER.unsign(token or "", max_age=FORM_TOKEN_HOURS * 3600)
    except signing.BadSignature:
        return False
    return True


def _claim(token: str) -> bool:
    """Marks the form as used; False if it already was (the cache is shared by every worker)."""
    return cache.add(_claim_key(token), 1, timeout=FORM_TOKEN_HOURS * 3600)


def _claim_key(token: str) -> str:
    return "complaints:form:" + hashlib.sha256(token.encode()).hexdigest()


@csrf_exempt
@require_http_methods(["GET", "POST"])
def file_complaint(request):
    may_name = _may_name(request.user)
    if request.method != "POST":
        form = FilingForm(initial={"form_token": new_form_token()}, may_name=may_name)
        return _filing_page(request, form)
    if refused := _csrf_refusal(request):
        return refused
    data = request.POST.copy()
    intent = data.get("intent", "file")
    if data.get("pick_unit"):
        data["accused"], intent = data["pick_unit"], "pick_unit"
    suggestion = None
    if intent == "suggest":
        suggestion = services.suggest("\n".join((data.get("content", ""), data.get("notice_text", ""))))
        data.setlist("items", [str(no) for no in suggestion.items])
        data["items_reviewed"] = "1"
    form = FilingForm(data, may_name=may_name)
    if intent != "file":
        return _filing_page(request, form, intent=intent, suggestion=suggestion, quiet=True)
    return _filed_or_refused(request, form)


def _filed_or_refused(request, form: FilingForm) -> HttpResponse:
    evidence, file_error = evidence_from(request.FILES)
    valid = form.is_valid()
    if not valid or file_error:
        return _filing_page(request, form, error=_(FIX_BELOW), file_error=file_error)
    token = form.cleaned_data["form_token"]
    if not _form_token_valid(token):
        form.data = form.data.copy()
        form.data["form_token"] = new_form_token()
        return _filing_page(request, form, error=_(FORM_EXPIRED))
    if not privacy.filing_allowed(request):
        return _filing_page(request, form, error=_(privacy.TOO_MANY_FILINGS), status=429)
    if not _claim(token):
        return _private(render(request, "complaints/public_filed.html", {"already": _(ALREADY_FILED)}, status=409))
    data = form.cleaned_data
    try:
        filed = services.file_complaint(
            accused=data["accused"],
            content=data["content"],
            passphrase=data["passphrase"],
            demanded_on=data.get("demanded_on"),
            school_codes=data.get("school_codes") or (),
            notice_text=data.get("notice_text", ""),
            items=form.chosen_items(),
            evidence=evidence,
            filer=request.user if form.named() else None,
        )
    except services.ComplaintInvalid as invalid:
        cache.delete(_claim_key(token))  # nothing was filed: the same form may be sent again, corrected
        form.add_error(invalid.field if invalid.field in form.fields else None, invalid.message)
        if invalid.field == "evidence":
            return _filing_page(request, form, error=_(FIX_BELOW), file_error=invalid.message)
        return _filing_page(request, form, error=_(FIX_BELOW))
    complaint = filed.complaint
    context = {
        "receipt": filed.receipt,
        "complaint": complaint,
        "state_label": complaint.get_state_display(),
        "due": complaint_due(complaint),
        "named": complaint.named,
    }
    return _private(render(request, "complaints/public_filed.html", context, status=201))


def _filing_page(request, form: FilingForm, *, status: int = 200, quiet: bool = False, **context) -> HttpResponse:
    """The filing page. `quiet`: the page came back for a search or a suggestion, not a submission, so the
    fields not filled yet are not errors."""
    data = form.data if form.is_bound else {}
    context |= {
        "form": form,
        "quiet": quiet,
        "channels": ComplaintChannel.objects.select_related("division").order_by("division__path"),
        "units_found": units_matching(data.get("unit_search", "")) if context.get("intent") == "find_unit" else [],
        "schools_found": _schools_found(form, data) if context.get("intent") == "find_school" else [],
        "named_value": NAMED,
    }
    if quiet:
        form._errors = {}  # show no "required" errors on a page that was not submitted
    return _private(render(request, "complaints/public_new.html", context, status=status))


def _schools_found(form, data):
    chosen = set(data.getlist("school_codes")) if hasattr(data, "getlist") else set()
    return [s for s in schools_matching(data.get("school_search", "")) if s.code not in chosen]


# --- Tracking -------------------------------------------------------------------------------------------


@csrf_exempt
@require_http_methods(["GET", "POST"])
def track(request):
    if request.method != "POST":
        return _track_page(request, TrackForm())
    if refused := _csrf_refusal(request):
        return refused
    form = TrackForm(request.POST)
    if not form.is_valid():
        return _track_page(request, form)
    receipt, passphrase = form.cleaned_data["receipt"], form.cleaned_data["passphrase"]
    if not privacy.tracking_allowed(request, receipt):
        return _track_page(
            request, TrackForm(initial={"receipt": receipt}), error=_(privacy.TOO_MANY_TRACKS), status=429
        )
    try:
        complaint = services.track(receipt, passphrase)
    except services.ComplaintNotFound:
        return _track_page(request, TrackForm(initial={"receipt": receipt}), error=_(NOT_FOUND), status=404)
    return _case_page(request, complaint)


def _track_page(request, form, *, error: str = "", status: int = 200) -> HttpResponse:
    return _private(render(request, "complaints/public_track.html", {"form": form, "error": error}, status=status))


def _case_page(request, complaint: Complaint, *, status: int = 200, **context) -> HttpResponse:
    state = State(complaint.state)
    context = {
        "case": complaint_for_filer(complaint),
        "token": privacy.authority_token(complaint),
        "may_reply": state in OPEN_STATES or state == State.REVIEWING,
        "may_ask_review": state in REPLIED_STATES
        and state != State.REVIEWING
        and not complaint.transitions.filter(action="request_review").exists(),
        "reply_form": context.pop("reply_form", None) or ReplyForm(),
        "review_form": context.pop("review_form", None) or ReviewForm(),
        "today": timezone.localdate(),
    } | context
    return _private(render(request, "complaints/public_case.html", context, status=status))


def _complaint_of_authority(request) -> Complaint | None:
    found = privacy.complaint_id_from_authority(request.POST.get("token", ""))
    if found is None:
        return None
    pk, digest_prefix = found
    return Complaint.objects.filter(Q(pk=pk) & Q(receipt_digest__startswith=digest_prefix)).first()


def _authority_expired(request) -> HttpResponse:
    return _track_page(request, TrackForm(), error=_(privacy.AUTHORITY_EXPIRED), status=403)


@csrf_exempt
@require_POST
def reply(request):
    if refused := _csrf_refusal(request):
        return refused
    complaint = _complaint_of_authority(request)
    if complaint is None:
        return _authority_expired(request)
    form = ReplyForm(request.POST)
    evidence, file_error = evidence_from(request.FILES)
    if file_error or not form.is_valid():
        return _case_page(request, complaint, reply_form=form, reply_error=file_error or _(FIX_BELOW))
    try:
        services.filer_reply(complaint, form.cleaned_data["body"], evidence)
    except services.ComplaintInvalid as invalid:
        return _case_page(request, complaint, reply_form=form, reply_error=invalid.message)
    return _case_page(request, complaint, notice=_(REPLY_SENT))


@csrf_exempt
@require_POST
def request_review(request):
    if refused := _csrf_refusal(request):
        return refused
    complaint = _complaint_of_authority(request)
    if complaint is None:
        return _authority_expired(request)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _case_page(request, complaint, review_form=form, review_error=_(FIX_BELOW))
    try:
        complaint = services.filer_request_review(complaint, form.cleaned_data["reason"])
    except services.ComplaintInvalid as invalid:
        return _case_page(request, complaint, review_form=form, review_error=invalid.message)
    return _case_page(request, complaint, notice=_(REVIEW_SENT))
