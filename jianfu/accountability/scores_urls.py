"""Supervision scores and the year-end assessment, mounted under accountability/scores/."""

from django.urls import path

from jianfu.accountability import score_views

app_name = "scores"
urlpatterns = [
    path("", score_views.scores_page, name="list"),
    path("scores.xlsx", score_views.scores_download, name="xlsx"),
    path("assessment.xlsx", score_views.assessment_download, name="assessment"),
    path("<int:year>/<str:code>/", score_views.score_page, name="unit"),
    path("<int:year>/<str:code>/<slug:indicator>/", score_views.records_page, name="records"),
]
