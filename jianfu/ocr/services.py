"""Recognitions: created from uploads in a web request (stored and queued, never read there), run by the
task worker, corrected by their owner. Every state change is audited."""

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from jianfu.audit.services import audit_record
from jianfu.documents.uploads import MAX_BYTES, sniff, store_upload
from jianfu.gate.texts import NoticeUnreadable, checked_text
from jianfu.ocr.models import Purpose, Recognition, RecognitionImage, State


class PhotoRefused(ValueError):
    """An upload that is no photo, screenshot or scan; the message names the file and the fix."""


def image_kind(data: bytes) -> str | None:
    """The kind of a photo, screenshot or scan, read from the content (never from the name)."""
    from jianfu.ocr.intake import IMAGE_KINDS  # the reader's own list of kinds

    kind = sniff(data)
    return kind if kind in IMAGE_KINDS or kind == "pdf" else None


def needs_recognition(files: list[tuple[str, bytes]]) -> bool:
    """Whether an upload goes to the reader rather than to `notice_text`: several files make one notice only
    as photos; one file, when it is an image, or a PDF (within the size limit) without a text layer."""
    from jianfu.ocr.intake import is_image_or_scan

    if not files:
        return False
    data = files[0][1]
    if len(files) > 1 or image_kind(data) not in (None, "pdf"):
        return True
    return image_kind(data) == "pdf" and len(data) <= MAX_BYTES and is_image_or_scan(data)


def checked_photos(files: list[tuple[str, bytes]]) -> list[tuple[str, bytes, str]]:
    """Each file with its kind, or PhotoRefused naming the first bad one. Cheap checks only: decoding and
    the pixel and page limits are the worker's (jianfu.ocr.intake), so no web worker decodes an image."""
    if not files:
        raise PhotoRefused(_("照片：请选择通知的照片、截图或扫描件"))
    from jianfu.ocr.intake import MAX_FILES  # the reader's own limit, told before anything is stored

    if len(files) > MAX_FILES:
        raise PhotoRefused(
            _("照片：一次最多 {limit} 个文件，现有 {count} 个；请只选通知的几页").format(
                limit=MAX_FILES, count=len(files)
            )
        )
    checked = []
    for name, data in files:
        if not data:
            raise PhotoRefused(_("文件「{name}」是空的；请重新选择").format(name=name))
        if len(data) > MAX_BYTES:
            raise PhotoRefused(
                _("文件「{name}」超过 {limit} MB；请压缩后再上传").format(name=name, limit=MAX_BYTES // 1024 // 1024)
            )
        kind = image_kind(data)
        if kind is None:
            raise PhotoRefused(
                _("文件「{name}」不是照片、截图或扫描件（JPEG、PNG、WebP、HEIC 或 PDF）；请重新选择").format(name=name)
            )
        checked.append((name, data, kind))
    return checked


def recognition_create(*, acting_user, files: list[tuple[str, bytes]], purpose: str = Purpose.SCREENING):
    """Stores the photos and queues their reading for the task worker (`jianfu worker`)."""
    from jianfu.ocr.tasks import recognise_task  # the task module imports the reader's interface lazily

    photos = checked_photos(files)
    with transaction.atomic():
        recognition = Recognition.objects.create(owner=acting_user, purpose=purpose, pages_total=len(photos))
        for order, (name, data, kind) in enumerate(photos):
            image = RecognitionImage(
                recognition=recognition,
                name=name[:128],
                kind=kind,
                size=len(data),
                added_on=timezone.localdate(),
                order=order,
            )
            image.sha256 = store_upload(image, data, kind)
            image.save()
        audit_record(
            acting_user=acting_user,
            action="recognition.create",
            object_type="recognition",
            object_id=str(recognition.pk),
            after={"purpose": purpose, "files": len(photos), "state": State.QUEUED},
        )
        recognise_task.enqueue(str(recognition.pk))
    return recognition


def needs_reading(kind: str, data: bytes) -> bool:
    """Whether a stored file of this kind needs the reader: an image, or a PDF without a text layer."""
    from jianfu.ocr.intake import is_image_or_scan

    return kind in ("png", "jpg", "webp", "heic", "pdf") and is_image_or_scan(data)


def complaint_evidence_queue(evidence) -> Recognition:
    """Queues the reading of a complaint's photo (inside the filing's transaction). The recognition has no
    owner and its audit event no actor: nothing of the filer is stored, and no one fetches it but the
    worker; its text is read by the bureau through the complaint."""
    recognition = Recognition.objects.create(owner=None, purpose=Purpose.COMPLAINT_EVIDENCE, pages_total=1)
    type(evidence).objects.filter(pk=evidence.pk).update(recognition=recognition)
    audit_record(
        acting_user=None,
        action="recognition.create",
        object_type="recognition",
        object_id=str(recognition.pk),
        after={"purpose": Purpose.COMPLAINT_EVIDENCE, "evidence": evidence.pk, "state": State.QUEUED},
    )
    from jianfu.ocr.tasks import recognise_task

    recognise_task.enqueue(str(recognition.pk))
    return recognition


def recognitions_for(user) -> QuerySet[Recognition]:
    """A person's own recognitions: nobody else's photos, ever (404 for the rest)."""
    if not user.is_authenticated:
        return Recognition.objects.none()
    return Recognition.objects.filter(owner=user)


def recognition_correct(*, acting_user, recognition: Recognition, text: str) -> Recognition:
    """Keeps the owner's correction of the text; it is what is screened and what evidence keeps."""
    if recognition.state != State.DONE:
        raise NoticeUnreadable(_("识别还没有完成；请稍候再提交"))
    text = checked_text(text)
    with transaction.atomic():
        before = recognition.corrected_text
        recognition.corrected_text = "" if text == recognition.text.strip() else text
        recognition.save(update_fields=["corrected_text"])
        audit_record(
            acting_user=acting_user,
            action="recognition.correct",
            object_type="recognition",
            object_id=str(recognition.pk),
            before={"corrected": bool(before)},
            after={"corrected": bool(recognition.corrected_text), "chars": len(recognition.final_text)},
        )
    return recognition


def _set_state(recognition_id, state: str, **fields) -> None:
    """A state change made by the worker: one row update and its audit event, together."""
    with transaction.atomic():
        Recognition.objects.filter(pk=recognition_id).update(state=state, **fields)
        audit_record(
            acting_user=None,
            action=f"recognition.{state}",
            object_type="recognition",
            object_id=str(recognition_id),
            after={"state": state} | ({"error": fields["error"]} if fields.get("error") else {}),
        )


def recognition_sources(recognition: Recognition) -> list[tuple[str, bytes]]:
    """The files to read: the recognition's own images, or a complaint's evidence files."""
    stored = list(recognition.images.all()) or list(recognition.complaint_evidence.all())
    files = []
    for item in stored:
        with item.file.open("rb") as handle:
            files.append((getattr(item, "name", "") or f"证据{item.pk}", handle.read()))
    return files


def recognition_run(recognition_id) -> str:
    """Reads the photos (the worker's side): progress is saved after each page; a refused or unreadable
    file fails the recognition with the reader's message, which the page shows."""
    from jianfu.ocr.intake import ImageRefused, images_of_files
    from jianfu.ocr.reader import recognise

    # Taken by one row update, so two workers given the same recognition never both read it.
    taken = Recognition.objects.filter(pk=recognition_id, state=State.QUEUED).update(
        state=State.RUNNING, started_at=timezone.now(), attempts=F("attempts") + 1
    )
    if not taken:
        return "skipped"  # already run (a task queued twice) or deleted
    recognition = Recognition.objects.get(pk=recognition_id)
    audit_record(
        acting_user=None,
        action=f"recognition.{State.RUNNING}",
        object_type="recognition",
        object_id=str(recognition.pk),
        after={"state": State.RUNNING, "attempt": recognition.attempts},
    )
    try:
        images = images_of_files(recognition_sources(recognition))
        Recognition.objects.filter(pk=recognition.pk).update(pages_total=len(images), pages_done=0)

        def progress(done: int, total: int) -> None:
            Recognition.objects.filter(pk=recognition.pk).update(pages_done=done, pages_total=total)

        result = recognise(images, progress=progress)
    except (ImageRefused, NoticeUnreadable) as refused:
        _set_state(recognition.pk, State.FAILED, error=str(refused), finished_at=timezone.now())
        return State.FAILED
    except Exception as error:  # a broken file must fail its recognition, never loop the worker
        message = _("照片无法识别（{error}）；请重新拍摄或另存为 JPEG、PNG 后上传").format(error=type(error).__name__)
        _set_state(recognition.pk, State.FAILED, error=message, finished_at=timezone.now())
        return State.FAILED
    _set_state(
        recognition.pk,
        State.DONE,
        text=result.text,
        doubtful=[list(span) for span in result.doubtful],
        set_apart=list(result.set_apart),
        pages_done=result.pages,
        pages_total=result.pages,
        finished_at=timezone.now(),
    )
    return State.DONE
