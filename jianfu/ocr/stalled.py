"""Recognitions whose worker died while reading (killed, out of memory, the machine restarted) would stay
识别中 for ever: each worker round queues them again, and fails one that has stopped a worker too often,
since a photo that kills the reader every time must not take the queue down with it."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from jianfu.audit.services import audit_record
from jianfu.ocr.models import Recognition, State

# The limits allow 20 pages, a few seconds each on a loaded core: a reading running this long has stopped.
STALLED_AFTER = timedelta(minutes=15)
MOST_ATTEMPTS = 3
GAVE_UP = "照片识别多次中断，没有完成；请把照片另存为 JPEG 或 PNG、缩小后重新上传，或直接粘贴通知文字"


def recognitions_stalled_requeue(now=None) -> int:
    """Queues every stalled recognition again (or fails it after MOST_ATTEMPTS); how many it handled."""
    from jianfu.ocr.tasks import recognise_task  # the task module is the worker's, imported where used

    now = now or timezone.now()
    handled = 0
    for recognition_id, attempts in Recognition.objects.filter(
        state=State.RUNNING, started_at__lt=now - STALLED_AFTER
    ).values_list("pk", "attempts"):
        gave_up = attempts >= MOST_ATTEMPTS
        fields = {"state": State.FAILED, "error": GAVE_UP, "finished_at": now} if gave_up else {"state": State.QUEUED}
        with transaction.atomic():
            # Only if it is still the stalled reading seen above: a worker may have finished it meanwhile.
            changed = Recognition.objects.filter(pk=recognition_id, state=State.RUNNING, attempts=attempts).update(
                **fields
            )
            if not changed:
                continue
            audit_record(
                acting_user=None,
                action="recognition.failed" if gave_up else "recognition.requeued",
                object_type="recognition",
                object_id=str(recognition_id),
                after={"state": fields["state"], "attempts": attempts},
            )
            if not gave_up:
                recognise_task.enqueue(str(recognition_id))
        handled += 1
    return handled
