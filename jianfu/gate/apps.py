from django.apps import AppConfig


class GateConfig(AppConfig):
    name = "jianfu.gate"
    label = "gate"
    verbose_name = "学校闸门"
