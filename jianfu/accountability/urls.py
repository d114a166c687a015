"""Measures and their progress reports, mounted under accountability/."""

from django.urls import path  # noqa: F401

app_name = "accountability"
urlpatterns = []
