"""Monitoring pages for officials and schools, mounted under monitoring/: the sites of a year, a site's
survey codes, the survey's results and the estimate gap."""

from django.urls import path  # noqa: F401

app_name = "monitoring"
urlpatterns = []
