from django.apps import AppConfig


class SecondmentsConfig(AppConfig):
    name = "jianfu.secondments"
    label = "secondments"
    verbose_name = "借用与抽调"

    def ready(self) -> None:
        # Placements follow their demand's transitions and their deadlines' escalations through these
        # receivers, so the registry and the deadlines app carry no secondment code.
        from jianfu.secondments import hooks  # noqa: F401
