from django.urls import path

from jianfu.org import views

app_name = "org"
urlpatterns = [
    path("schools/", views.school_list, name="schools"),
    path("schools/<str:code>/", views.school_detail, name="school"),
    path("teachers/", views.teacher_list, name="teachers"),
    path("teachers/<int:pk>/", views.teacher_detail, name="teacher"),
    path("units/", views.unit_list, name="units"),
    path("accounts/locked/", views.locked_accounts, name="locked_accounts"),
    path("roster/import/", views.roster_import_page, name="import"),
    path("roster/<str:kind>/export.xlsx", views.roster_download, name="export"),
    path("roster/<str:kind>/template.xlsx", views.roster_download, {"template": True}, name="template"),
]
