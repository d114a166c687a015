from django.apps import AppConfig


class SecondmentsConfig(AppConfig):
    name = "jianfu.secondments"
    label = "secondments"
    verbose_name = "借用与抽调"
