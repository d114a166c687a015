"""Sign-in protections that sit in front of every view: the per-address login throttle, the second
factor for the roles that need it, and the idle time-out of those roles' sessions."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from jianfu.web import lockout
from jianfu.web.two_factor import has_confirmed_totp, needs_second_factor, role_requires_two_factor

SECOND_FACTOR_MISSING = (
    "此账号须先完成两步验证：请在网页登录后输入验证器应用中的验证码，再使用接口；程序调用请改用 API 令牌"
    "（Authorization: Bearer）。"
)
IDLE_LOGGED_OUT = "您已 {minutes} 分钟没有操作，为安全起见已自动退出，请重新登录。"
LAST_SEEN = "jianfu_last_seen"
# Writing the session on every request would cost a write per page; a minute's precision is enough.
LAST_SEEN_PRECISION_SECONDS = 60


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def _open_paths() -> tuple[str, ...]:
    """Paths a half-signed-in person may still reach: signing in and out, the code pages, assets."""
    return (
        reverse("login"),
        reverse("logout"),
        reverse("two_factor_setup"),
        reverse("two_factor_verify"),
        reverse("set_language"),
        reverse("healthz"),
        "/" + settings.STATIC_URL.lstrip("/"),
        "/favicon",
    )


class LoginThrottleMiddleware:
    """Refuses login attempts from an address that failed too often in the window, whatever the
    username: spraying one password over many accounts stops here, while one account's own lock
    (django-axes, per username) cannot be used to shut out a whole school behind one address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path in (reverse("login"), reverse("admin:login")):
            address = request.META.get("REMOTE_ADDR", "")
            if lockout.address_is_throttled(address):
                return render(request, "web/address_throttled.html", lockout.address_context(), status=429)
        return self.get_response(request)


class IdleTimeoutMiddleware:
    """Sessions of the roles that approve, review or administer end after JIANFU_IDLE_MINUTES idle."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and role_requires_two_factor(user):
            now = time.time()
            last_seen = request.session.get(LAST_SEEN)
            if last_seen is not None and now - last_seen > settings.JIANFU_IDLE_MINUTES * 60:
                return self._logged_out(request)
            if last_seen is None or now - last_seen >= LAST_SEEN_PRECISION_SECONDS:
                request.session[LAST_SEEN] = now
        return self.get_response(request)

    def _logged_out(self, request):
        logout(request)
        message = IDLE_LOGGED_OUT.format(minutes=settings.JIANFU_IDLE_MINUTES)
        if _is_api(request):
            return JsonResponse({"detail": message}, status=401)
        messages.warning(request, message)
        return redirect(f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}")


class SecondFactorMiddleware:
    """A signed-in person who needs a second factor and has not given it reaches only the code pages:
    pages redirect to enrolment (no authenticator yet) or to the verify page; the API answers 403."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(_open_paths())
            and needs_second_factor(user)
        ):
            if _is_api(request):
                return JsonResponse({"detail": SECOND_FACTOR_MISSING}, status=403)
            target = "two_factor_verify" if has_confirmed_totp(user) else "two_factor_setup"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
