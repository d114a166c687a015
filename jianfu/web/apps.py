from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "jianfu.web"
    label = "web"
    verbose_name = "网页"

    def ready(self):
        from jianfu.web import lockout  # noqa: F401  (connects the per-address failure count)
