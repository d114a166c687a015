"""`GET /api/v1/verify/<key>`, the public verification API, served by a plain Django view.

django-ninja's dispatch (parameter models, response validation) cost as much as the whole look-up of a
stored answer, so `config/urls.py` mounts `verify_api` at the same address ahead of the API; the ninja
operation in `registry/api.py` stays for the OpenAPI schema (VerifyOut, 429) and answers through
`verify_response` too, should it ever be reached. One function makes the answer: `verification.verify`.
"""

import json

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from jianfu.registry.verification import over_the_limit, verify

JSON = "application/json; charset=utf-8"
TOO_MANY = "核验请求过于频繁；请一分钟后再试"


@require_safe
def verify_api(request: HttpRequest, key: str) -> HttpResponse:
    return verify_response(request, key)


def verify_response(request: HttpRequest, key: str) -> HttpResponse:
    """The answer as JSON (VerifyOut's fields; tests/api/test_verify_route.py holds them together), or
    429 with ninja's error shape. No authentication is asked; a signed-in school is told whether the
    demand reaches it (`verify(user=...)`)."""
    if over_the_limit(request.META.get("REMOTE_ADDR", "")):
        return HttpResponse(json.dumps({"detail": TOO_MANY}), content_type=JSON, status=429)
    user = getattr(request, "user", None)
    answer = verify(key, user=user if user is not None and user.is_authenticated else None)
    return HttpResponse(json.dumps(answer), content_type=JSON)
