"""Dashboards for the city, each county and the inspectorate, mounted under dashboard/."""

from django.urls import path  # noqa: F401

app_name = "dashboard"
urlpatterns = []
