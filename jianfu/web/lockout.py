"""Failed sign-ins: the per-account lock (django-axes, by username) and the per-address throttle.

An account is locked after AXES_FAILURE_LIMIT failures from any addresses within the cool-down
(AXES_COOLOFF_MINUTES); it opens again by itself after that, or at once when an education bureau
that manages the account unlocks it (audited; also `jianfu unlock USER`). Separately, an address
that failed JIANFU_LOGIN_FAILURES_PER_ADDRESS times in 15 minutes, over any usernames, may not try
again until the window ends: that is what stops one password being sprayed over many accounts.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import reduce
from operator import or_

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.db.models import Max, Q, QuerySet, Sum
from django.dispatch import receiver
from django.http import Http404
from django.utils import timezone

from jianfu.audit.services import audit_record
from jianfu.org.access import scope_for
from jianfu.web import throttle

ADDRESS_WINDOW_SECONDS = 15 * 60
NOT_FOUND = "该账号不存在，或不在您的管理范围内。"


@receiver(user_login_failed)
def _count_failure_of_address(sender, credentials, request=None, **kwargs):
    if request is not None:
        throttle.hit("login-failures", request.META.get("REMOTE_ADDR", ""), seconds=ADDRESS_WINDOW_SECONDS)


def address_is_throttled(address: str) -> bool:
    failures = throttle.count("login-failures", address, seconds=ADDRESS_WINDOW_SECONDS)
    return failures >= settings.JIANFU_LOGIN_FAILURES_PER_ADDRESS


def address_context() -> dict:
    return {"limit": settings.JIANFU_LOGIN_FAILURES_PER_ADDRESS, "minutes": ADDRESS_WINDOW_SECONDS // 60}


def cool_down() -> timedelta:
    return timedelta(minutes=settings.AXES_COOLOFF_MINUTES)


@dataclass(frozen=True)
class LockedAccount:
    user: object
    failures: int
    locked_until: datetime


def users_managed_by(user) -> QuerySet:
    """Accounts holding a role on a unit or school in a subtree whose roster this user manages."""
    User = get_user_model()
    scope = scope_for(user)
    if scope.everything:
        return User.objects.all()
    if not scope.managed_paths:
        return User.objects.none()
    under = reduce(
        or_,
        (
            Q(role_assignments__unit__division__path__startswith=path)
            | Q(role_assignments__school__county__path__startswith=path)
            for path in scope.managed_paths
        ),
    )
    return User.objects.filter(under).distinct()


def locked_accounts_for(user) -> list[LockedAccount]:
    """The accounts this user manages that are locked now, as django-axes counts (same window, same sum)."""
    recent = (
        AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - cool_down())
        .values("username")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
    )
    by_name = {row["username"]: row for row in recent}
    if not by_name:
        return []
    users = users_managed_by(user).filter(username__in=by_name).order_by("username")
    return [LockedAccount(u, by_name[u.username]["failures"], by_name[u.username]["last"] + cool_down()) for u in users]


def account_get_for_unlock(*, username: str, acting_user):
    found = users_managed_by(acting_user).filter(username=username).first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


@transaction.atomic
def account_unlock(*, user, acting_user) -> int:
    """Forget the account's failed attempts (so it may sign in again at once); audited."""
    removed = reset(username=user.get_username())
    audit_record(
        acting_user=acting_user,
        action="account.unlock",
        object_type="user",
        object_id=user.pk,
        before={"failed_attempt_records": removed},
        after={"username": user.get_username()},
    )
    return removed
