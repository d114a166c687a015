"""Officials' complaint pages: the cases, the figures. Mounted under complaints/."""

urlpatterns = []
