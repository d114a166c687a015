"""The burden survey's public form (no account), mounted under survey/."""

from django.urls import path

from jianfu.monitoring import survey_views

app_name = "survey"
urlpatterns = [
    path("", survey_views.survey_form, name="form"),
    path("thanks/", survey_views.survey_thanks, name="thanks"),
]
