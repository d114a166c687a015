"""The burden survey's public form (no account), mounted under survey/."""

from django.urls import path  # noqa: F401

app_name = "survey"
urlpatterns = []
