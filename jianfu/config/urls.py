from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic.base import RedirectView

from jianfu.api import api
from jianfu.registry.verify_route import verify_api

# Requests Django will not read (too large, unparseable) are answered in Chinese, 413 when too large.
handler400 = "jianfu.web.request_limits.bad_request"

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    # Browsers ask for /favicon.ico whatever the page links; whitenoise serves the file itself.
    path("favicon.ico", RedirectView.as_view(url=f"{settings.STATIC_URL}favicon.ico", permanent=True)),
    path("admin/", admin.site.urls),
    # The public verification API by a plain view, ahead of django-ninja (jianfu/registry/verify_route.py).
    path("api/v1/verify/<str:key>", verify_api, name="verify-api"),
    path("api/v1/", api.urls),
    path("", include("jianfu.web.urls")),
    path("", include("jianfu.org.urls")),
    path("", include("jianfu.registry.urls")),
    path("gate/", include("jianfu.gate.urls")),
    path("gate/photos/", include("jianfu.ocr.urls")),
    path("audit/", include("jianfu.audit.urls")),
    path("inbox/", include("jianfu.deadlines.urls")),
    path("complaints/", include("jianfu.complaints.public_urls")),
    path("complaints/", include("jianfu.complaints.urls")),
    path("secondments/", include("jianfu.secondments.urls")),
    path("", include("jianfu.collection.urls")),
    path("monitoring/reports/", include("jianfu.monitoring.report_urls")),
    path("monitoring/", include("jianfu.monitoring.urls")),
    path("survey/", include("jianfu.monitoring.public_urls")),
    path("dashboard/", include("jianfu.monitoring.dashboard_urls")),
    path("accountability/scores/", include("jianfu.accountability.scores_urls")),
    path("accountability/", include("jianfu.accountability.pay_urls")),
    path("accountability/", include("jianfu.accountability.urls")),
    path("open/", include("jianfu.accountability.open_urls")),
]
