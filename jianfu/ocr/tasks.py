"""The background reading of photos (Django's tasks, database backend), run by `jianfu worker`: a web
worker only stores the photos and queues this, so it never loads the recognition models."""

from django.tasks import task


@task()
def recognise_task(recognition_id: str) -> str:
    from jianfu.documents.language import official_language
    from jianfu.ocr.services import recognition_run

    # A failure's message is kept on the recognition and in the audit log: a record, written in Chinese.
    with official_language():
        return recognition_run(recognition_id)
