"""Pay parity (6.1) under accountability/pay/ and the audit trail in scope under accountability/audit/ (mounted
under accountability/)."""

from django.urls import path  # noqa: F401

app_name = "pay"
urlpatterns = []
