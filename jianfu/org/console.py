"""Who the operator at the console acts as."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError


def console_user(username: str | None = None):
    """The named account (its scope applies), or else the installation's operator with full scope.

    The operator is an unsaved superuser called "console": audit events name it, and it never exists
    as an account anyone could log in with."""
    User = get_user_model()
    if username is None:
        return User(username="console", is_superuser=True, is_active=True)
    try:
        return User.objects.get(username=username)
    except User.DoesNotExist:
        raise CommandError(f"用户 {username} 不存在；请核对用户名") from None
