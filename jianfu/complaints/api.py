"""The public complaint endpoints: filing and tracking without an account (POST /api/v1/complaints...).

No authentication and so no CSRF (nothing rides a cookie here); the request loses its sender's address and
agent before it reaches these functions (jianfu.complaints.privacy). The receipt and passphrase travel in
the JSON body, never in a URL. Evidence is sent as base64 in the JSON body (`evidence: [{"content_base64":
...}]`), each file checked by its content like every upload and stripped of its metadata before it is stored.
"""

import base64
import binascii
from datetime import date

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status

from jianfu.complaints import privacy, services
from jianfu.complaints.selectors import complaint_due, complaint_for_filer
from jianfu.documents.uploads import MAX_BYTES
from jianfu.web.api_messages import ErrorOut

router = Router(tags=["举报（无需登录）"])

NOT_FOUND = "查询码或查询密码不正确；请核对后重新提交"
BAD_BASE64 = "证据{n}的 content_base64 不是有效的 Base64 编码；请对文件的原始字节做标准 Base64 编码后再提交"
TOO_LARGE = "证据{n}超过 {mb} MB；请压缩或拆分后再提交"


class EvidenceIn(Schema):
    content_base64: str = Field(
        description="文件的原始字节，标准 Base64 编码；类型按内容识别（JPEG、PNG、PDF、docx、xlsx）"
    )


class FileIn(Schema):
    accused_unit: str = Field(description="被举报单位：单位代码、单位全称，或自由文字")
    content: str = Field(description="被要求做的事：做什么、何时、对哪些学校或教师")
    passphrase: str = Field(description="查询密码，至少 12 个字符；与查询码一起用于查询进度")
    demanded_on: date | None = Field(None, description="被要求的日期（YYYY-MM-DD）")
    schools: list[str] = Field(default_factory=list, description="涉及学校的学校标识码")
    notice_text: str = Field("", description="通知原文")
    items: list[int] | None = Field(
        None, description="减负清单条目编号；不提供时采用平台根据内容给出的建议，提供空列表表示不涉及"
    )
    evidence: list[EvidenceIn] = Field(default_factory=list, description="证据文件（最多 10 个，每个 10 MB 以内）")


class FiledOut(Schema):
    receipt: str = Field(description="查询码：只返回这一次，平台不保存，请妥善保管")
    state: str
    due: date | None = Field(description="受理期限")


class TrackIn(Schema):
    receipt: str
    passphrase: str


class ReplyIn(TrackIn):
    body: str = Field("", description="回复调查人员的问题，或补充说明")
    evidence: list[EvidenceIn] = Field(default_factory=list, description="补充的证据文件（Base64，同提交举报）")


class ReviewIn(TrackIn):
    reason: str = Field(description="申请复查的理由")


class MessageOut(Schema):
    side: str = Field(description="filer（举报人）或 investigator（调查单位）")
    body: str
    sent_on: date
    evidence: int = Field(description="所附证据文件的个数")


class CaseOut(Schema):
    state: str
    state_label: str
    received_on: date
    due: date | None = Field(description="下一步的期限（受理、办结或复查）；已答复、不予受理或办结时为空")
    accused: str
    not_accepted_reason: str
    finding: str = Field(description="substantiated、partly、unsubstantiated，尚未认定时为空")
    finding_label: str
    answer: str
    answered_on: date | None
    extended: bool
    extension_reason: str
    messages: list[MessageOut]


class Refused(Exception):
    def __init__(self, status: int, detail: str, field: str | None = None):
        self.status, self.body = status, {"detail": detail} | ({"field": field} if field else {})


def _evidence(files: list[EvidenceIn]) -> list[tuple[str, bytes]]:
    decoded = []
    for n, item in enumerate(files, 1):
        if len(item.content_base64) > (MAX_BYTES // 3 + 1) * 4:
            raise services.ComplaintInvalid("evidence", TOO_LARGE.format(n=n, mb=MAX_BYTES // 1024 // 1024))
        try:
            data = base64.b64decode(item.content_base64, validate=True)
        except (binascii.Error, ValueError):
            raise services.ComplaintInvalid("evidence", BAD_BASE64.format(n=n)) from None
        decoded.append((f"证据{n}", data))
    return decoded


def _tracked(request: HttpRequest, payload: TrackIn):
    """The complaint of the receipt and passphrase, counted against the sender's and the receipt's limits."""
    if not privacy.tracking_allowed(request, payload.receipt):
        raise Refused(429, privacy.TOO_MANY_TRACKS)
    try:
        return services.track(payload.receipt, payload.passphrase)
    except services.ComplaintNotFound:
        raise Refused(404, NOT_FOUND) from None


def _answer(call):
    """Runs `call`, turning refusals into (status, body) the way every endpoint here answers them."""
    try:
        return call()
    except Refused as refused:
        return Status(refused.status, refused.body)
    except services.ComplaintInvalid as invalid:
        return Status(422, {"detail": invalid.message, "field": invalid.field})


@router.post(
    "",
    auth=None,
    response={201: FiledOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="提交举报（无需登录，可匿名）",
    description=(
        '最小请求体：`{"accused_unit": "…", "content": "…", "passphrase": "…"}`。'
        "返回 201 与查询码（receipt，只返回这一次）、状态和受理期限。证据以 Base64 放在 JSON 的 "
        "`evidence[].content_base64` 中，按内容识别类型，保存前去除照片位置、作者等元数据。"
        "平台不记录调用方的网络地址和 User-Agent；同一来源每小时提交次数有限（超过时 429）。"
    ),
)
def complaint_file(request: HttpRequest, payload: FileIn):
    def filed():
        if not privacy.filing_allowed(request):
            raise Refused(429, privacy.TOO_MANY_FILINGS)
        result = services.file_complaint(
            accused=payload.accused_unit,
            content=payload.content,
            passphrase=payload.passphrase,
            demanded_on=payload.demanded_on,
            school_codes=payload.schools,
            notice_text=payload.notice_text,
            items=payload.items,
            evidence=_evidence(payload.evidence),
        )
        complaint = result.complaint
        return Status(201, {"receipt": result.receipt, "state": complaint.state, "due": complaint_due(complaint)})

    return _answer(filed)


@router.post(
    "/track",
    auth=None,
    response={200: CaseOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="凭查询码和查询密码查询办理进度",
    description=(
        "查询码和密码放在请求体中，不放在网址里。查询码不存在与密码错误的回答相同（404，同样的内容和耗时）。"
        "同一来源、同一查询码每小时的查询次数有限（超过时 429）。"
    ),
)
def complaint_track(request: HttpRequest, payload: TrackIn):
    return _answer(lambda: Status(200, complaint_for_filer(_tracked(request, payload))))


@router.post(
    "/reply",
    auth=None,
    response={201: CaseOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="举报人回复调查人员的问题或补充证据",
    description="请求体含查询码和密码；证据以 Base64 放在 `evidence[].content_base64` 中。返回更新后的办理进度。",
)
def complaint_reply(request: HttpRequest, payload: ReplyIn):
    def replied():
        complaint = _tracked(request, payload)
        services.filer_reply(complaint, payload.body, _evidence(payload.evidence))
        return Status(201, complaint_for_filer(complaint))

    return _answer(replied)


@router.post(
    "/review",
    auth=None,
    response={200: CaseOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="对答复或不予受理申请复查",
    description="请求体含查询码、密码和理由；复查由上一级教育行政部门办理，每件举报可申请一次。",
)
def complaint_review(request: HttpRequest, payload: ReviewIn):
    def reviewed():
        complaint = services.filer_request_review(_tracked(request, payload), payload.reason)
        return Status(200, complaint_for_filer(complaint))

    return _answer(reviewed)
