from django.urls import path

from jianfu.ocr import views

app_name = "ocr"
urlpatterns = [
    path("<uuid:pk>/", views.recognition_page, name="recognition"),
    path("<uuid:pk>/status.json", views.recognition_status, name="status"),
    path("<uuid:pk>/images/<int:order>", views.recognition_image, name="image"),
]
