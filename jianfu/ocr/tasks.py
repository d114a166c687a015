"""The background reading of photos (Django's tasks, database backend), run by `jianfu worker`: a web
worker only stores the photos and queues this, so it never loads the recognition models."""

from django.tasks import task


@task()
def recognise_task(recognition_id: str) -> str:
    from jianfu.ocr.services import recognition_run

    return recognition_run(recognition_id)
