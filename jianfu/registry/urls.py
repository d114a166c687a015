from django.urls import path

from jianfu.registry import files_views, form_views, public, quota_views, review_views, views

app_name = "registry"
urlpatterns = [
    path("demands/", views.demand_list, name="demands"),
    path("demands/new/", views.demand_new, name="new"),
    path("demands/schools", form_views.school_search, name="school_search"),
    path("demands/precheck", form_views.live_precheck, name="live_precheck"),
    path("demands/<int:pk>/precheck", form_views.live_precheck, name="live_precheck_edit"),
    path("demands/<int:pk>/", views.demand_detail, name="demand"),
    path("demands/<int:pk>/edit/", views.demand_edit, name="edit"),
    path("demands/<int:pk>/act/", views.demand_action, name="act"),
    path("demands/<int:pk>/merge/", views.demand_merge_view, name="merge"),
    path("demands/<int:pk>/findings/<str:rule>/", review_views.finding_decision, name="finding_decision"),
    path("demands/<int:pk>/declarations/<str:key>/", review_views.declaration_review, name="declaration_review"),
    path("demands/<int:pk>/statistics-approval/", review_views.statistics_approval, name="statistics_approval"),
    path("demands/<int:pk>/attachments/", files_views.attachment_upload, name="attach"),
    path("demands/<int:pk>/attachments/<int:attachment_id>", files_views.attachment_download, name="attachment"),
    path("demands/<int:pk>/results/", files_views.result_upload, name="file_result"),
    path("results/", files_views.results_page, name="results"),
    path("results/<int:result_id>/file", files_views.result_download, name="result_file"),
    path("review/", views.review_queue, name="queue"),
    path("review/plan/<int:year>/approve/", views.plan_approve, name="plan_approve"),
    path("quotas/", quota_views.quota_page, name="quotas"),
    path("schools/<str:code>/calendar/", views.school_calendar, name="calendar"),
    path("my-school/calendar/", views.my_calendar, name="my_calendar"),
    path("demands/<int:pk>/certificate.<str:fmt>", views.demand_certificate, name="certificate"),
    path("lists/<int:year>/<str:division>/", public.annual_list_page, name="annual_list"),
    path("lists/<int:year>/<str:division>.<str:fmt>", public.annual_list_download, name="annual_list_file"),
    path("v/<str:code>", public.verify_page, name="verify"),
    path("v/<str:code>/qr.svg", public.qr_image, name="qr"),
]
