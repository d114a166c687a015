"""The county's yearly report and the city's summary (clause 7.4), mounted under monitoring/reports/."""

from django.urls import path

from jianfu.monitoring import report_views

app_name = "reports"
urlpatterns = [
    path("", report_views.reports_page, name="list"),
    path("new/", report_views.report_new, name="new"),
    path("city/<int:year>.<str:fmt>", report_views.city_download, name="city_file"),
    path("<int:report_id>/", report_views.report_page, name="detail"),
    path("<int:report_id>/sections/<slug:key>/", report_views.report_section_save, name="section"),
    path("<int:report_id>/refresh/", report_views.report_refresh, name="refresh"),
    path("<int:report_id>/submit/", report_views.report_submit_page, name="submit"),
    path("<int:report_id>/report.<str:fmt>", report_views.report_download, name="file"),
]
