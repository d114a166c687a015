"""Public complaint pages (no account): filing and tracking. Mounted under complaints/."""

from django.urls import path

from jianfu.complaints import public_views

urlpatterns = [
    path("new/", public_views.file_complaint, name="complaints-new"),
    path("track/", public_views.track, name="complaints-track"),
    path("track/reply/", public_views.reply, name="complaints-track-reply"),
    path("track/review/", public_views.request_review, name="complaints-track-review"),
]
