"""Pay parity (6.1) under accountability/pay/ and the audit trail in scope under accountability/audit/ (mounted
under accountability/)."""

from django.urls import path

from jianfu.accountability import pay_views, trail_views

app_name = "pay"
urlpatterns = [
    path("pay/", pay_views.pay_list, name="list"),
    path("pay.xlsx", pay_views.pay_export, name="export"),
    path("pay/enter/", pay_views.pay_entry, name="enter"),
    path("pay/import/", pay_views.pay_import_page, name="import"),
    path("pay/template.xlsx", pay_views.pay_template, name="template"),
    path("pay/documents/<int:pk>/", pay_views.pay_document, name="document"),
    path("pay/<str:code>/", pay_views.pay_county, name="county"),
    path("pay/<str:code>/<int:year>/documents/", pay_views.pay_document_add, name="document_add"),
    path("audit/", trail_views.trail, name="trail"),
    path("audit.xlsx", trail_views.trail_download, name="trail_export"),
]
