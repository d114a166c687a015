"""Screening through the API: the same engine as the page and the command. Text comes as JSON; photos,
screenshots and scans as a multipart upload (field `file`, several allowed), answered 202 with the
recognition to poll (GET /api/v1/recognitions/{id}), since they are read by the task worker."""

import json

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import ValidationError

from jianfu.gate.screening import notice_screening
from jianfu.gate.texts import NoticeUnreadable, checked_text, notice_text
from jianfu.ocr.services import PhotoRefused, needs_recognition, recognition_create

router = Router(tags=["学校闸门"])


class ScreenIn(Schema):
    text: str


class ScreenOut(Schema):
    verdict: str  # refusable | needs_registration | uncertain | registered | no_finding
    negative_list_items: list[int]  # flagged when not empty
    findings: list[dict]
    hits: list[dict]
    possible_items: list[int]  # the candidates of an uncertain verdict
    rule_findings: list[dict]  # measures the text breaks that are not list items (2.8, 1.3, 5.3...)
    registrations: list[dict]  # the numbers in the text, verified against the registry
    probabilities: dict  # calibrated probability per item and "burden"


class RecognitionAccepted(Schema):
    id: str
    state: str
    status_url: str  # GET it until state is done (or failed)


_BODIES = {
    "requestBody": {
        "content": {
            "application/json": {"schema": ScreenIn.model_json_schema()},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"file": {"type": "array", "items": {"type": "string", "format": "binary"}}},
                    "required": ["file"],
                }
            },
        },
        "required": True,
    }
}


@router.post(
    "/screen",
    response={200: ScreenOut, 202: RecognitionAccepted},
    summary="审查通知：文字（JSON）立即审查；照片、截图、扫描件（multipart）排队识别后审查",
    openapi_extra=_BODIES,
)
def screen_text(request: HttpRequest):
    try:
        if request.content_type == "multipart/form-data":
            files = [(f.name, f.read()) for f in request.FILES.getlist("file")]
            if needs_recognition(files):
                return Status(202, _accepted(recognition_create(acting_user=request.user, files=files)))
            if not files:
                raise PhotoRefused("file：请上传通知文件、照片或截图（multipart 字段名 file）")
            text = notice_text(*files[0])
        else:
            text = checked_text(_payload(request).text)
    except (NoticeUnreadable, PhotoRefused) as error:
        raise HttpError(422, str(error)) from None
    return Status(200, notice_screening(text, user=request.user).as_dict())


def _payload(request) -> ScreenIn:
    try:
        return ScreenIn.model_validate(json.loads(request.body or b"null"))
    except json.JSONDecodeError:
        raise HttpError(400, "Cannot parse request body") from None
    except ValidationError as error:
        errors = [
            {"type": e["type"], "loc": ("body", "payload", *e["loc"]), "msg": e["msg"]}
            for e in error.errors(include_url=False)
        ]
        raise NinjaValidationError(errors) from None


def _accepted(recognition) -> dict:
    return {
        "id": str(recognition.pk),
        "state": recognition.state,
        "status_url": reverse("api-1:recognition", args=[recognition.pk]),
    }
