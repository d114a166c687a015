from django.urls import path

from jianfu.registry import public, views

app_name = "registry"
urlpatterns = [
    path("demands/", views.demand_list, name="demands"),
    path("demands/new/", views.demand_new, name="new"),
    path("demands/<int:pk>/", views.demand_detail, name="demand"),
    path("demands/<int:pk>/act/", views.demand_action, name="act"),
    path("demands/<int:pk>/merge/", views.demand_merge_view, name="merge"),
    path("review/", views.review_queue, name="queue"),
    path("lists/<int:year>/<str:division>/", public.annual_list_page, name="annual_list"),
    path("v/<str:code>", public.verify_page, name="verify"),
]
