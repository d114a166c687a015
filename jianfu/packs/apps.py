from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured


class PacksConfig(AppConfig):
    """The policy packs inside the platform: the active pack is loaded at start, so a broken pack
    stops the platform with the pack's own error instead of failing later on a user's request."""

    name = "jianfu.packs"
    label = "packs"
    verbose_name = "政策包"

    def ready(self):
        from jianfu.packs.active import active_engine
        from jianfu.policy.source import PackError

        try:
            pack = active_engine().pack
            if "measures" in pack.accountability:  # accountability/measures.yaml, checked by its reader
                from jianfu.accountability.measures import measures_config

                measures_config(pack)
        except PackError as error:
            raise ImproperlyConfigured(f"政策包有误，平台未启动 / the policy pack is invalid:\n{error}") from None
