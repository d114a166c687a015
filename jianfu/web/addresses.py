"""The client's address: the direct peer, unless the peer is one of our own reverse proxies.

X-Forwarded-For is written by whoever sends the request, so it is read only when the request came
from a proxy named in `JIANFU_TRUSTED_PROXIES`; then the address is the right-most entry that is not
itself a trusted proxy (the left-most entries are whatever the client chose to send). Every rate
limit and lockout counts by this address (see docs/operations.md).
"""

import ipaddress
from functools import lru_cache

from django.conf import settings

PEER_KEY = "JIANFU_PEER_ADDR"  # where the middleware keeps the direct peer once REMOTE_ADDR is rewritten


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def is_trusted_proxy(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in _networks(tuple(settings.JIANFU_TRUSTED_PROXIES)))


def client_address(request) -> str:
    """The address to count this request against (also used by django-axes)."""
    peer = request.META.get(PEER_KEY) or request.META.get("REMOTE_ADDR", "")
    if not is_trusted_proxy(peer):
        return peer
    forwarded = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(forwarded):
        if not is_trusted_proxy(hop):
            return hop if _is_address(hop) else peer
    return forwarded[0] if forwarded else peer


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


class ClientAddressMiddleware:
    """Puts the client address into REMOTE_ADDR for everything downstream (axes, rate limits, logs),
    keeping the direct peer under JIANFU_PEER_ADDR."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.setdefault(PEER_KEY, request.META.get("REMOTE_ADDR", ""))
        request.META["REMOTE_ADDR"] = client_address(request)
        return self.get_response(request)
