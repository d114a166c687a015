from django.apps import AppConfig


class AccountabilityConfig(AppConfig):
    name = "jianfu.accountability"
    label = "accountability"
    verbose_name = "督导问责"
