from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "jianfu.complaints"
    label = "complaints"
    verbose_name = "举报"
