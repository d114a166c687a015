"""Open figures (7.3, 6.3): public, no account, mounted under open/."""

from django.urls import path

from jianfu.accountability import open_views

app_name = "open"
urlpatterns = [
    path("", open_views.open_page, name="figures"),
    path("<int:year>/", open_views.open_year_page, name="year"),
    path("<int:year>.csv", open_views.open_csv, name="csv"),
    path("<int:year>.json", open_views.open_json, name="json"),
]
