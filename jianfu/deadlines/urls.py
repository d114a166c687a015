from django.urls import path

from jianfu.deadlines import views

app_name = "deadlines"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("read/", views.notifications_read, name="read_all"),
    path("overdue/", views.overdue, name="overdue"),
    path("n/<int:pk>/", views.notification_open, name="notification"),
    path("n/<int:pk>/letter.pdf", views.refusal_letter, name="letter"),
    path("o/<int:pk>/", views.obligation_detail, name="obligation"),
    path("o/<int:pk>/fulfil/", views.obligation_fulfil, name="fulfil"),
    path("o/<int:pk>/waive/", views.obligation_waive, name="waive"),
]
