"""Monitoring pages for officials and schools, mounted under monitoring/: the sites of a year, a site's
survey codes, the survey's results and the estimate gap."""

from django.urls import path

from jianfu.monitoring import results_views, site_codes_views, site_views

app_name = "monitoring"
urlpatterns = [
    path("", site_views.sites_page, name="sites"),
    path("sites/name/", site_views.site_name_post, name="site_name"),
    path("sites/<int:site_id>/", site_codes_views.site_page, name="site"),
    path("sites/<int:site_id>/approve/", site_views.stand_in_approve_post, name="stand_in_approve"),
    path("sites/<int:site_id>/codes/", site_codes_views.codes_issue_post, name="codes_issue"),
    path("sites/<int:site_id>/codes/sheet/", site_codes_views.codes_sheet, name="codes_sheet"),
    path("results/", results_views.results_page, name="results"),
    path("results.xlsx", results_views.results_download, name="results_xlsx"),
]
