"""Screening through the API: the same engine as the page and the command."""

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from jianfu.gate.screening import notice_screening
from jianfu.gate.texts import NoticeUnreadable, checked_text

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


@router.post("/screen", response=ScreenOut, summary="审查通知文字：减负清单条目、依据条款、触发词及其位置")
def screen_text(request: HttpRequest, payload: ScreenIn):
    try:
        text = checked_text(payload.text)
    except NoticeUnreadable as error:
        raise HttpError(422, str(error)) from None
    return notice_screening(text, user=request.user).as_dict()
