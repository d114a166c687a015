"""Background tasks (Django's tasks framework, database backend): they wait in the database, so a
restart of the worker loses none, and they are queued inside the transaction that makes them due."""

from django.tasks import task
from django.utils import timezone

from jianfu.deadlines.channels import channels
from jianfu.deadlines.models import Notification


@task()
def remind(obligation_id: int) -> list[str]:
    from jianfu.deadlines.reminders import reminders_send_due

    return reminders_send_due(obligation_id)


@task()
def deliver(notification_id: int) -> int:
    """Sends one notification through every channel that can reach its recipient; marks it delivered."""
    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None or notification.delivered_at:
        return 0
    sent = sum(channel.send(notification) for channel in channels())
    Notification.objects.filter(pk=notification_id, delivered_at__isnull=True).update(delivered_at=timezone.now())
    return sent
