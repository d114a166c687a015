"""Reads: a person's inbox (what they owe, what they were told), its count, and the overdue in a bureau's area."""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from jianfu.deadlines.models import PENDING, Notification, Obligation
from jianfu.org.access import get_for_user, scope_for
from jianfu.org.models import Role, RoleAssignment


def _owned(user) -> Q:
    """Obligations owed by a unit the person holds a role on, or by the school whose office they run."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    assignments = RoleAssignment.objects.filter(user=user)
    units = assignments.filter(unit__isnull=False).values("unit_id")
    schools = assignments.filter(role=Role.PRINCIPAL).values("school_id")
    return Q(owner_unit__in=units) | Q(owner_school__in=schools)


def obligations_owed_by(user) -> QuerySet[Obligation]:
    return Obligation.objects.filter(_owned(user), state__in=PENDING).select_related("owner_unit", "owner_school")


def notifications_for(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user) if user.is_authenticated else Notification.objects.none()


def inbox_count(user) -> int:
    """What waits for this person: their open obligations and their unread notifications."""
    if not user.is_authenticated:
        return 0
    # One query on every signed-in page (the layout shows it): both counts as subqueries of the
    # person's own row, instead of two round trips.
    owed = Obligation.objects.filter(_owned(user), state__in=PENDING)
    unread = notifications_for(user).filter(read_at__isnull=True)
    counts = get_user_model().objects.filter(pk=user.pk).values_list(_count_of(owed), _count_of(unread))
    return sum(counts.get())


def _count_of(queryset: QuerySet) -> Coalesce:
    """COUNT(*) of a queryset as a scalar subquery (0 when it has no rows)."""
    counted = queryset.order_by().annotate(one=Value(1)).values("one").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


@dataclass(frozen=True)
class Inbox:
    obligations: list[Obligation]
    notifications: list[Notification]
    count: int


def inbox_for(user, *, limit: int = 100) -> Inbox:
    obligations = list(obligations_owed_by(user)[:limit])
    notifications = list(notifications_for(user)[:limit])
    return Inbox(obligations, notifications, inbox_count(user))


def obligations_visible_to(user) -> QuerySet[Obligation]:
    """What a person may open: their own, and those of their area for its education bureau or inspectors."""
    scope = scope_for(user)
    if scope.everything:
        return Obligation.objects.all()
    visible = _owned(user)
    for path in scope.roster_paths:  # the bureaus' and inspectors' subtrees
        visible |= Q(division__path__startswith=path)
    return Obligation.objects.filter(visible).select_related("division", "owner_unit", "owner_school")


def obligation_get_for_user(*, user, pk: int) -> Obligation:
    return get_for_user(obligations_visible_to(user), pk=pk)


def overdue_for(user, *, today: date | None = None) -> QuerySet[Obligation]:
    """Pending obligations past their due date in the area of a bureau or inspector, by owner, oldest first."""
    today = today or timezone.localdate()
    scope = scope_for(user)
    if not (scope.everything or scope.roster_paths):
        return Obligation.objects.none()
    return (
        obligations_visible_to(user)
        .filter(state__in=PENDING, due_on__lt=today)
        .order_by("division__path", "owner_unit__name", "owner_school__name", "due_on")
    )


def overdue_rows(obligations, *, today: date | None = None) -> list[dict]:
    """One plain dict per obligation (the command's --json and the API): owner, what, due, clause, days_overdue."""
    today = today or timezone.localdate()
    return [
        {
            "id": o.pk,
            "owner": o.owner_name,
            "what": o.what,
            "due": o.due_on.isoformat(),
            "clause": o.clause,
            "days_overdue": (today - o.due_on).days,
            "estimated": o.due_estimated,
        }
        for o in obligations
    ]
