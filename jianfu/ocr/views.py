"""The recognition's pages: its progress while the worker reads, then the photos beside the text read,
doubtful characters marked, for the owner to correct before the verdict."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from jianfu.documents.uploads import SANDBOX
from jianfu.gate.texts import NoticeUnreadable
from jianfu.ocr.models import State
from jianfu.ocr.services import recognition_correct, recognitions_for
from jianfu.org.access import get_for_user

# Shown in an <img>: kinds every browser draws. HEIC and PDF scans are offered as downloads instead.
SHOWN_TYPES = {"png": "image/png", "jpg": "image/jpeg", "webp": "image/webp"}


def marked(text: str, doubtful: list) -> list[tuple[str, bool]]:
    """The text cut into pieces, each with whether the reader doubted it (for the highlighted copy)."""
    pieces, at = [], 0
    for start, end in sorted((max(0, s), min(len(text), e)) for s, e in doubtful):
        if start < at or start >= end:
            continue
        pieces += [(text[at:start], False), (text[start:end], True)]
        at = end
    return [(piece, doubted) for piece, doubted in [*pieces, (text[at:], False)] if piece]


def progress_of(recognition) -> dict:
    """What the page and the API say of a recognition's progress."""
    return {
        "id": str(recognition.pk),
        "state": recognition.state,
        "pages_done": recognition.pages_done,
        "pages_total": recognition.pages_total,
        "error": recognition.error,
        "url": reverse("ocr:recognition", args=[recognition.pk]),
    }


@login_required
def recognition_page(request, pk):
    recognition = get_for_user(recognitions_for(request.user), pk=pk)
    if request.method == "POST":
        return _corrected(request, recognition)
    return _recognition_page(request, recognition)


def _recognition_page(request, recognition, *, error: str = "", typed: str | None = None, status: int = 200):
    context = {
        "recognition": recognition,
        "progress": progress_of(recognition),
        "images": [(image, image.kind in SHOWN_TYPES) for image in recognition.images.all()],
        "pieces": marked(recognition.text, recognition.doubtful),
        "text": recognition.final_text if typed is None else typed,
        "error": error,
        "working": recognition.state in (State.QUEUED, State.RUNNING),
    }
    return render(request, "ocr/recognition.html", context, status=status)


def _corrected(request, recognition):
    """The owner's correction, then the verdict on it: the same result as the text path, whose marks point
    into the corrected text, and a refusal form that keeps the photos as evidence."""
    from jianfu.gate.views import _screen_context

    typed = request.POST.get("text", "")
    try:
        recognition = recognition_correct(acting_user=request.user, recognition=recognition, text=typed)
    except NoticeUnreadable as error:
        return _recognition_page(request, recognition, error=str(error), typed=typed, status=400)
    context = _screen_context(request, recognition.final_text) | {"recognition": recognition}
    return render(request, "gate/screen.html", context)


@login_required
def recognition_status(request, pk):
    """The progress as JSON, polled by the page's script (the page works without it: a reload link)."""
    recognition = get_for_user(recognitions_for(request.user), pk=pk)
    return JsonResponse(progress_of(recognition))


@login_required
def recognition_image(request, pk, order):
    """One of the owner's photos, drawn in the page: its own image type, never sniffed, run in a sandbox."""
    recognition = get_for_user(recognitions_for(request.user), pk=pk)
    image = get_for_user(recognition.images.all(), order=order)
    if image.kind not in SHOWN_TYPES:
        raise Http404
    response = FileResponse(image.file.open("rb"), content_type=SHOWN_TYPES[image.kind])
    response["Content-Security-Policy"] = SANDBOX
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
