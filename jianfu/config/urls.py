from django.contrib import admin
from django.urls import include, path

from jianfu.api import api

# Requests Django will not read (too large, unparseable) are answered in Chinese, 413 when too large.
handler400 = "jianfu.web.request_limits.bad_request"

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("jianfu.web.urls")),
    path("", include("jianfu.org.urls")),
    path("", include("jianfu.registry.urls")),
    path("gate/", include("jianfu.gate.urls")),
    path("audit/", include("jianfu.audit.urls")),
]
