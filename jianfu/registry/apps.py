from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "jianfu.registry"
    label = "registry"
    verbose_name = "涉校事项登记"

    def ready(self):
        from jianfu.registry import answer_upkeep

        answer_upkeep.connect()  # stored verification answers follow every change that alters them
