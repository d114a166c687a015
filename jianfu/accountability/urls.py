"""Measures and their progress reports, mounted under accountability/."""

from django.urls import path

from jianfu.accountability import progress_views as views

app_name = "accountability"
urlpatterns = [
    path("measures/", views.measures_page, name="measures"),
    path("measures/<str:measure_id>/", views.measure_page, name="measure"),
    path("units/<str:code>/", views.unit_page, name="unit"),
    path("units/<str:code>/reports/", views.unit_report_new, name="unit_report_new"),
    path("reports/<int:report_id>/", views.report_page, name="report"),
    path("reports/<int:report_id>/save/", views.report_save_view, name="report_save"),
    path("reports/<int:report_id>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("reports/<int:report_id>/evidence/<int:evidence_id>/", views.evidence_download, name="evidence"),
    path("reports/<int:report_id>/decide/", views.report_decide_view, name="report_decide"),
]
