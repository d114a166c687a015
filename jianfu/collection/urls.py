"""Data collection pages: the dictionary, access grants, schools' forms. Mounted at the root."""

urlpatterns = []
