"""Officials' complaint pages: the cases, the figures. Mounted under complaints/."""

from django.urls import path

from jianfu.complaints import views

urlpatterns = [
    path("cases/", views.case_list, name="complaints-cases"),
    path("cases/export.xlsx", views.export, name="complaints-export"),
    path("cases/<int:pk>/", views.case_detail, name="complaints-case"),
    path("cases/<int:pk>/identity/", views.identity_reveal, name="complaints-identity"),
    path("cases/<int:pk>/evidence/<int:evidence_id>", views.evidence_file, name="complaints-evidence"),
    path("stats/", views.stats_page, name="complaints-stats"),
]
