"""The REST API under /api/v1/: one NinjaAPI, each app adds its router. OpenAPI at /api/v1/openapi.json."""

import hashlib

from django.core.exceptions import RequestDataTooBig
from django.http import Http404
from django.utils import timezone
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError
from ninja.security import HttpBearer, django_auth

from jianfu.collection.dictionary_api import router as dictionary_router
from jianfu.collection.grant_api import router as grants_router
from jianfu.complaints.api import router as complaints_public_router
from jianfu.complaints.officials_api import router as complaint_cases_router
from jianfu.deadlines.api import router as deadlines_router
from jianfu.gate.api import router as gate_router
from jianfu.monitoring.survey_api import public_router as survey_public_router
from jianfu.monitoring.survey_api import router as monitoring_router
from jianfu.ocr.api import router as ocr_router
from jianfu.org.api import router as org_router
from jianfu.org.models import ApiToken
from jianfu.registry.api import router as registry_router
from jianfu.secondments.api import router as secondments_router
from jianfu.web.api_messages import NOT_FOUND, validation_message
from jianfu.web.request_limits import UNPARSEABLE, too_large_message


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`; tokens are made with `jianfu token USER`."""

    def authenticate(self, request, token):
        digest = hashlib.sha256(token.encode()).hexdigest()
        record = ApiToken.objects.select_related("user").filter(digest=digest, user__is_active=True).first()
        if record is None:
            return None
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=timezone.now())
        request.user = record.user
        return record.user


# The token is tried first: a request that carries one is a program, not a browser, and needs no
# CSRF token (a browser cannot add an Authorization header to a forged cross-site request). Without a
# token the session is tried, and a session write still has to pass the CSRF check.
api = NinjaAPI(
    title="减负通 Jianfu API",
    version="1",
    auth=[TokenAuth(), django_auth],
    description="涉校事项登记、核验与名册的接口。所有列表都按调用者的管辖范围过滤。",
)


@api.exception_handler(RequestDataTooBig)
def body_too_large(request, exc):
    return api.create_response(request, {"detail": too_large_message()}, status=413)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    """ninja's own refusal of a body it cannot parse is English; every other refusal is already ours."""
    message = UNPARSEABLE if str(exc).startswith("Cannot parse request body") else str(exc)
    return api.create_response(request, {"detail": message}, status=exc.status_code)


@api.exception_handler(ValidationError)
def invalid_parameters(request, exc: ValidationError):
    """A sentence a person can act on in `detail`; the machine-readable list stays in `errors`."""
    body = {"detail": validation_message(exc.errors), "errors": exc.errors}
    return api.create_response(request, body, status=422)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": NOT_FOUND}, status=404)


api.add_router("/", org_router)
api.add_router("/", registry_router)
api.add_router("/", gate_router)
api.add_router("/", ocr_router)
api.add_router("/", deadlines_router)
api.add_router("/", secondments_router)
api.add_router("/", dictionary_router)
api.add_router("/", grants_router)
api.add_router("/complaints/cases", complaint_cases_router)
api.add_router("/complaints", complaints_public_router)
api.add_router("/survey", survey_public_router)
api.add_router("/monitoring", monitoring_router)
api.add_router("/", "jianfu.accountability.pay_api.router")  # pay parity (6.1), by import path: one line
