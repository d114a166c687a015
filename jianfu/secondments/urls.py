"""Secondment pages. Mounted under secondments/."""

urlpatterns = []
