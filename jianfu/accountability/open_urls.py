"""Open figures (7.3, 6.3): public, no account, mounted under open/."""

from django.urls import path  # noqa: F401

app_name = "open"
urlpatterns = []
