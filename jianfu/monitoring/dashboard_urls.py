"""Dashboards for the city, each county and the inspectorate, mounted under dashboard/."""

from django.urls import path

from jianfu.monitoring import dashboard_views

app_name = "dashboard"
urlpatterns = [
    path("", dashboard_views.home, name="home"),
    path("<str:key>.xlsx", dashboard_views.sheet, name="sheet"),
]
