"""The platform's active policy pack, from settings (JIANFU_POLICY_PACK, JIANFU_POLICY_PACK_DIRS)."""

from pathlib import Path

from django.conf import settings

from jianfu.policy.engine import Engine, engine_for


def search_path() -> tuple[Path, ...]:
    return tuple(Path(folder) for folder in settings.JIANFU_POLICY_PACK_DIRS)


def active_engine() -> Engine:
    return engine_for(settings.JIANFU_POLICY_PACK, search_path())
