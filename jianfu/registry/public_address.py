"""The address printed on certificates and lists and put in their QR codes.

Paper and phones outlive the request that made them: the address must be the one people outside can
open (`JIANFU_PUBLIC_URL`), never the loopback address a server happens to be reached on. Only a
developer's machine (DEBUG on) may fall back to the request's own address.
"""

from django.conf import settings
from django.urls import reverse

PUBLIC_ADDRESS_MISSING = (
    "未配置平台的公开地址：请管理员设置 JIANFU_PUBLIC_URL（如 https://jianfu.anshun.gov.cn），"
    "证明和清单上印的地址和二维码都用它。"
)


class PublicAddressMissing(Exception):
    pass


def public_url(request, path: str) -> str:
    if settings.JIANFU_PUBLIC_URL:
        return settings.JIANFU_PUBLIC_URL + path
    if settings.DEBUG:
        return request.build_absolute_uri(path)
    raise PublicAddressMissing(PUBLIC_ADDRESS_MISSING)


def verification_url(request, code: str) -> str:
    """Where a QR code sends whoever scans it: the public verification page of a code."""
    return public_url(request, reverse("registry:verify", args=[code]))


def verification_url_for_screen(request, code: str) -> str:
    """On screen the viewer already reached this host, so without the setting its own address will do."""
    try:
        return verification_url(request, code)
    except PublicAddressMissing:
        return request.build_absolute_uri(reverse("registry:verify", args=[code]))
