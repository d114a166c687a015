"""Data collection pages: the dictionary, access grants, schools' forms. Mounted at the root."""

from django.urls import path

from jianfu.collection import dictionary_views, grant_views, response_views

app_name = "collection"
urlpatterns = [
    path("dictionary/", dictionary_views.dictionary_page, name="dictionary"),
    path("data-access/", grant_views.grant_list, name="grants"),
    path("data-access/new/", grant_views.grant_new, name="grant_new"),
    path("data-access/<int:pk>/", grant_views.grant_detail, name="grant"),
    path("data-access/<int:pk>/decision/", grant_views.grant_decision, name="grant_decision"),
    path("data-access/<int:pk>/data.<str:fmt>", grant_views.grant_download, name="grant_file"),
    path("collect/", response_views.form_list, name="forms"),
    path("collect/<int:pk>/", response_views.form_fill, name="form_fill"),
    path("collect/<int:pk>/template.xlsx", response_views.form_template, name="form_template"),
    path("collect/<int:pk>/upload/", response_views.form_upload, name="form_upload"),
    path("collect/<int:pk>/progress/", response_views.form_progress, name="form_progress"),
    path("collect/<int:pk>/progress/aggregate.xlsx", response_views.form_aggregate, name="form_aggregate"),
]
