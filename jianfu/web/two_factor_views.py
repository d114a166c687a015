"""The enrolment page (QR, secret, confirm a code, then the recovery codes once) and the verify page."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login

from jianfu.web.two_factor import (
    NO_CODE,
    WRONG_CODE,
    has_confirmed_totp,
    role_requires_two_factor,
    second_factor_verify,
    secret_of,
    totp_device_confirm,
    totp_device_start,
)


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure())
    return target if allowed else "/"


@never_cache
@login_required
def setup(request):
    user = request.user
    if has_confirmed_totp(user) and not user.is_verified():
        return redirect(f"{reverse('two_factor_verify')}?{urlencode({'next': _next(request)})}")
    device = totp_device_start(user=user)
    import segno  # loaded with the first QR code a worker draws, not at start-up

    error = None
    if request.method == "POST":
        code = request.POST.get("code", "")
        codes = totp_device_confirm(device=device, code=code, acting_user=user) if code.strip() else None
        if codes is not None:
            otp_login(request, device)
            return render(request, "web/two_factor_codes.html", {"codes": codes, "next": _next(request)})
        error = gettext(WRONG_CODE if code.strip() else NO_CODE)
    context = {
        "qr": segno.make(device.config_url, error="m").svg_inline(scale=4, border=2),
        "secret": secret_of(device),
        "required": role_requires_two_factor(user),
        "replacing": has_confirmed_totp(user),
        "error": error,
        "next": _next(request),
    }
    return render(request, "web/two_factor_setup.html", context, status=400 if error else 200)


@never_cache
@login_required
def verify(request):
    if request.user.is_verified():
        return redirect(_next(request))
    error = None
    if request.method == "POST":
        code = request.POST.get("code", "")
        if second_factor_verify(request, code) is not None:
            return redirect(_next(request))
        error = gettext(WRONG_CODE if code.strip() else NO_CODE)
    return render(
        request, "web/two_factor_verify.html", {"error": error, "next": _next(request)}, status=400 if error else 200
    )
