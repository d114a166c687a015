"""The county's yearly report and the city's summary (clause 7.4), mounted under monitoring/reports/."""

from django.urls import path  # noqa: F401

app_name = "reports"
urlpatterns = []
