"""A recognition whose worker died mid-reading does not stay 识别中 for ever: a later worker round queues it
again and reads it; one that has stopped the worker too often fails with a message saying what to do."""

import io
from datetime import timedelta

import time_machine
from django.core.management import call_command
from django.utils import timezone

from jianfu.audit.models import AuditEvent
from jianfu.ocr.models import Recognition, State
from jianfu.ocr.stalled import GAVE_UP, MOST_ATTEMPTS, STALLED_AFTER
from tests.ocr.images import notice_photo, upload

NOTICE = "请各校于本周五前上报教师参加培训的名单。"


def _photo(name: str = "通知.png") -> io.BytesIO:
    return upload(notice_photo(NOTICE), name)


def _left_running(world, client_for, *, attempts: int) -> Recognition:
    """A principal's photo that a worker took and then died reading: 识别中, its task already spent."""
    client_for(world.principal).post("/gate/screen/", {"file": _photo()})
    recognition = Recognition.objects.get()
    Recognition.objects.filter(pk=recognition.pk).update(
        state=State.RUNNING, started_at=timezone.now(), attempts=attempts
    )
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.all().delete()  # the dead worker had claimed it: nothing of it is left to run
    return recognition


def test_a_reading_left_running_by_a_dead_worker_is_queued_again_and_read(world, client_for):
    recognition = _left_running(world, client_for, attempts=1)
    call_command("worker", "--once")
    assert Recognition.objects.get(pk=recognition.pk).state == State.RUNNING  # not yet stalled: left alone
    with time_machine.travel(timezone.now() + STALLED_AFTER + timedelta(minutes=1)):
        call_command("worker", "--once")
    recognition.refresh_from_db()
    assert recognition.state == State.DONE and recognition.attempts == 2
    assert "培训" in recognition.text
    assert AuditEvent.objects.filter(action="recognition.requeued", object_id=str(recognition.pk)).exists()


def test_a_photo_that_stopped_the_worker_too_often_fails_with_what_to_do(world, client_for):
    recognition = _left_running(world, client_for, attempts=MOST_ATTEMPTS)
    with time_machine.travel(timezone.now() + STALLED_AFTER + timedelta(minutes=1)):
        call_command("worker", "--once")
    recognition.refresh_from_db()
    assert recognition.state == State.FAILED and recognition.error == GAVE_UP
    page = client_for(world.principal).get(f"/gate/photos/{recognition.pk}/").content.decode()
    assert "照片识别多次中断" in page


def test_a_worker_takes_a_queued_recognition_once(world, client_for):
    client_for(world.principal).post("/gate/screen/", {"file": _photo()})
    recognition = Recognition.objects.get()
    from jianfu.ocr.services import recognition_run

    assert recognition_run(recognition.pk) == State.DONE
    assert recognition_run(recognition.pk) == "skipped"
    assert Recognition.objects.get(pk=recognition.pk).attempts == 1
