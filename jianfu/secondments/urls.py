"""Secondment pages. Mounted under secondments/."""

from django.urls import path

from jianfu.secondments import census_views, pages, views

app_name = "secondments"
urlpatterns = [
    path("", views.secondment_list, name="list"),
    path("new/", views.secondment_new, name="new"),
    path("<int:pk>/", views.secondment_detail, name="detail"),
    path("<int:pk>/teachers/", views.secondment_teachers, name="teachers"),
    path("<int:pk>/renew/", views.secondment_renew, name="renew"),
    path("<int:pk>/consent/", views.secondment_consent, name="consent"),
    path("placements/<int:pk>/return/", views.placement_report_return, name="report_return"),
    path("placements/<int:pk>/confirm/", views.placement_confirm_return, name="confirm_return"),
    path("school/", pages.my_school, name="my_school"),
    path("schools/<str:code>/", pages.school_page, name="school"),
    path("mine/", pages.my_history, name="mine"),
    path("teachers/<int:pk>/", pages.teacher_history, name="teacher"),
    path("census/", census_views.census_page, name="census"),
    path("census.<str:fmt>", census_views.census_download, name="census_file"),
    path("census/orders/", census_views.return_order_new, name="return_order"),
]
