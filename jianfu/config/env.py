"""Strict environment helpers: a bad value stops the process with a message naming the variable."""

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use true or false.")


def env_str(name: str, default: str | None = None) -> str | None:
    raw = os.environ.get(name)
    return default if raw is None or raw == "" else raw


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    items = [item.strip() for item in raw.split(",")]
    if any(not item for item in items):
        raise ImproperlyConfigured(f"{name}={raw!r} has an empty item; separate values with single commas.")
    return items


def secret_from_env_or_file(name: str, path: Path, length: int = 50) -> str:
    """A secret from the environment, else from a file made once under var/ (mode 600).

    A generated file keeps a single-machine install working without set-up, and survives restarts;
    production sets the variable (see docs/operations.md).
    """
    value = env_str(name)
    if value:
        return value
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(length)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(value)
    return value


def env_public_url(name: str) -> str | None:
    """An absolute http(s) address people outside can open (printed on documents, put in QR codes):
    scheme and host, optionally a path prefix; no query or fragment. Returned without a trailing slash."""
    from urllib.parse import urlsplit

    raw = env_str(name)
    if raw is None:
        return None
    parts = urlsplit(raw.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not a public address; write the scheme and host, e.g. https://jianfu.anshun.gov.cn"
        )
    return raw.strip().rstrip("/")


def env_networks(name: str, default: list[str]) -> list[str]:
    """A comma-separated list of IP addresses or networks (`10.0.0.5`, `10.0.0.0/24`, `::1`)."""
    import ipaddress

    items = env_list(name, default)
    for item in items:
        try:
            ipaddress.ip_network(item, strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}: {item!r} is not an IP address or network; write e.g. 10.0.0.5 or 10.0.0.0/24."
            ) from None
    return items
