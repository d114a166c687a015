"""Screening through the API: the same engine as the page and the command."""

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from jianfu.gate.texts import NoticeUnreadable, checked_text
from jianfu.packs.active import active_engine
from jianfu.policy.screening.engine import screen

router = Router(tags=["学校闸门"])


class ScreenIn(Schema):
    text: str


class ScreenOut(Schema):
    verdict: str  # refusable | needs_registration | no_finding
    negative_list_items: list[int]
    findings: list[dict]
    hits: list[dict]


@router.post("/screen", response=ScreenOut, summary="审查通知文字：减负清单条目、依据条款、触发词及其位置")
def screen_text(request: HttpRequest, payload: ScreenIn):
    try:
        text = checked_text(payload.text)
    except NoticeUnreadable as error:
        raise HttpError(422, str(error)) from None
    return screen(text, active_engine().pack).as_dict()
