from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "jianfu.monitoring"
    label = "monitoring"
    verbose_name = "减负监测"
