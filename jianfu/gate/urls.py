from django.urls import path

from jianfu.gate import views

app_name = "gate"
urlpatterns = [
    path("screen/", views.screen_page, name="screen"),
    path("verify/", views.verify_box, name="verify"),
    path("lists/", views.public_lists, name="lists"),
    path("refusals/", views.refusal_list, name="refusals"),
    path("refusals/new/", views.refusal_new, name="refuse"),
    path("refusals/<int:pk>/", views.refusal_detail, name="refusal"),
    path("refusals/<int:pk>/letter.<str:fmt>", views.refusal_letter_file, name="letter"),
    path("refusals/<int:pk>/evidence/<int:evidence_id>", views.evidence_file, name="evidence"),
    path("cases/", views.case_list, name="cases"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
]
