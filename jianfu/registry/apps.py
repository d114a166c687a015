from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "jianfu.registry"
    label = "registry"
    verbose_name = "涉校事项登记"
