"""Supervision scores and the year-end assessment, mounted under accountability/scores/."""

from django.urls import path  # noqa: F401

app_name = "scores"
urlpatterns = []
