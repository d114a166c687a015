"""Public complaint pages (no account): filing and tracking. Mounted under complaints/."""

urlpatterns = []
