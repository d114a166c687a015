"""Where notifications go besides the inbox. Mail through Django's mail settings today; an SMS gateway
or 钉钉/企业微信 is another class with `send(notification) -> int`, named in JIANFU_NOTIFICATION_CHANNELS."""

from functools import cache

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

from jianfu.deadlines.models import Notification


class EmailChannel:
    def send(self, notification: Notification) -> int:
        address = notification.recipient.email
        if not address:
            return 0
        link = f"\n\n{settings.JIANFU_PUBLIC_URL or ''}{notification.link}" if notification.link else ""
        return send_mail(
            f"【减负通】{notification.title}",
            f"{notification.body}{link}",
            settings.DEFAULT_FROM_EMAIL,
            [address],
        )


@cache
def _channels(names: tuple[str, ...]) -> tuple:
    return tuple(import_string(name)() for name in names)


def channels() -> tuple:
    return _channels(tuple(settings.JIANFU_NOTIFICATION_CHANNELS))
