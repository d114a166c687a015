from django.contrib import admin
from django.urls import include, path

from jianfu.api import api

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
