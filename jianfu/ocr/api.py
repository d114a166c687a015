"""A recognition through the API: its progress while the worker reads, then the text and the screening
of it. Only its owner sees it (404 for anyone else)."""

import uuid

from django.http import HttpRequest
from ninja import Router, Schema

from jianfu.gate.screening import notice_screening
from jianfu.ocr.models import State
from jianfu.ocr.services import recognitions_for
from jianfu.org.access import get_for_user

router = Router(tags=["学校闸门"])


class RecognitionOut(Schema):
    id: str
    state: str  # queued | running | done | failed
    pages_done: int
    pages_total: int
    error: str
    text: str | None = None  # when done: as read (or as corrected by its owner)
    doubtful: list[list[int]] | None = None  # character spans of `text` read with low confidence
    set_apart: list[str] | None = None  # chat names, times and labels, not screened
    screening: dict | None = None  # the same answer as POST /screen with the text


@router.get(
    "/recognitions/{recognition_id}",
    response=RecognitionOut,
    url_name="recognition",
    summary="照片识别的进度、文字和审查结果",
)
def recognition_detail(request: HttpRequest, recognition_id: uuid.UUID):
    recognition = get_for_user(recognitions_for(request.user), pk=recognition_id)
    answer = {
        "id": str(recognition.pk),
        "state": recognition.state,
        "pages_done": recognition.pages_done,
        "pages_total": recognition.pages_total,
        "error": recognition.error,
    }
    if recognition.state == State.DONE:
        text = recognition.final_text
        answer |= {"text": text, "doubtful": recognition.doubtful, "set_apart": recognition.set_apart}
        answer["screening"] = notice_screening(text, user=request.user).as_dict() if text.strip() else None
    return answer
