from django.urls import path

from jianfu.audit import views

app_name = "audit"
urlpatterns = [path("verify/", views.verify_page, name="verify")]
