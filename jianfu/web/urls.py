from django.contrib.auth import views as auth_views
from django.urls import path

from jianfu.web import two_factor_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="web/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/two-factor/setup/", two_factor_views.setup, name="two_factor_setup"),
    path("account/two-factor/verify/", two_factor_views.verify, name="two_factor_verify"),
]
