from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "jianfu.deadlines"
    label = "deadlines"
    verbose_name = "时限与待办"

    def ready(self) -> None:
        # The services that make work open and close obligations through these receivers, so the
        # registry and the gate carry no deadline code of their own.
        from jianfu.deadlines import hooks  # noqa: F401
