"""GET /api/v1/complaints/cases and /cases/{id}: the complaints an official may see, for programs (a token)
and pages (a session), scoped by the same selector as the pages (404 for missing and forbidden alike).

No identity, ever: not a named filer's, nor the receipt or passphrase data of anyone. The filters are the
list page's (state, county, item, overdue); a bad one answers 422 with the page's sentence.
"""

from datetime import date

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from jianfu.complaints.filters import FilterInvalid, dues_of, filtered, filters_from
from jianfu.complaints.selectors import complaint_for, complaints_visible_to
from jianfu.org.api import Pages

router = Router(tags=["举报案件"])


class MessageOut(Schema):
    side: str  # filer | investigator
    body: str
    sent_on: date
    evidence: int  # how many files came with it


class TransitionOut(Schema):
    on: date
    action: str
    from_state: str
    to_state: str
    text: str


class CaseOut(Schema):
    id: int
    state: str
    state_label: str
    level: str
    county: str  # the division code where it happened
    accused: str
    accused_unit: str | None  # its code, when the accused is a unit of the directory
    received_on: date
    due: date | None
    days_overdue: int
    items: list[int]
    clauses: list[str]
    registration_number: str | None
    investigating_unit: str | None
    assisting_unit: str | None
    finding: str
    named: bool  # whether the filer gave their name (never who they are)


class CaseDetailOut(CaseOut):
    content: str
    demanded_on: date | None
    notice_text: str
    schools: list[str]
    not_accepted_reason: str
    facts: str
    measures: str
    answer: str
    answered_on: date | None
    closed_on: date | None
    extended: bool
    extension_reason: str
    messages: list[MessageOut]
    transitions: list[TransitionOut]


def _case(complaint, due) -> dict:
    return {
        "id": complaint.pk,
        "state": complaint.state,
        "state_label": complaint.get_state_display(),
        "level": complaint.level,
        "county": complaint.division.code,
        "accused": complaint.accused_name,
        "accused_unit": complaint.accused_unit.code if complaint.accused_unit_id else None,
        "received_on": complaint.received_on,
        "due": due.on if due else None,
        "days_overdue": due.days_overdue if due and due.overdue else 0,
        "items": complaint.items,
        "clauses": complaint.clauses,
        "registration_number": complaint.demand.registration_number if complaint.demand_id else None,
        "investigating_unit": complaint.investigating_unit.code if complaint.investigating_unit_id else None,
        "assisting_unit": complaint.assisting_unit.code if complaint.assisting_unit_id else None,
        "finding": complaint.finding,
        "named": complaint.named,
    }


@router.get("", response=list[CaseOut], summary="可查看的举报案件（按状态、县区、清单条目、是否逾期筛选）")
@paginate(Pages)
def case_list(request: HttpRequest, state: str = "", county: str = "", item: str = "", overdue: str = ""):
    visible = complaints_visible_to(request.user)
    params = {"state": state, "county": county, "item": item, "overdue": overdue}
    try:
        filters = filters_from(params, visible)
    except FilterInvalid as error:
        raise HttpError(422, error.message) from None
    return _WithDues(filtered(visible, filters, timezone.localdate()))


class _WithDues:
    """A queryset whose sliced pages come out as dicts with each case's due date (one query per page)."""

    def __init__(self, queryset):
        self.queryset = queryset

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice):
        page = list(self.queryset[window])
        dues = dues_of([c.pk for c in page], timezone.localdate())
        return [_case(c, dues.get(c.pk)) for c in page]


@router.get("/{pk}", response=CaseDetailOut, summary="一件举报案件（不含举报人身份）")
def case_detail(request: HttpRequest, pk: int):
    complaint = complaint_for(request.user, pk)
    due = dues_of([complaint.pk], timezone.localdate()).get(complaint.pk)
    return _case(complaint, due) | {
        "content": complaint.content,
        "demanded_on": complaint.demanded_on,
        "notice_text": complaint.notice_text,
        "schools": [s.code for s in complaint.schools.all()],
        "not_accepted_reason": complaint.not_accepted_reason,
        "facts": complaint.facts,
        "measures": complaint.measures,
        "answer": complaint.answer,
        "answered_on": complaint.answered_on,
        "closed_on": complaint.closed_on,
        "extended": complaint.extended,
        "extension_reason": complaint.extension_reason,
        "messages": [
            {"side": m.side, "body": m.body, "sent_on": m.sent_on, "evidence": m.evidence.count()}
            for m in complaint.messages.all()
        ],
        "transitions": [
            {"on": t.on, "action": t.action, "from_state": t.from_state, "to_state": t.to_state, "text": t.text}
            for t in complaint.transitions.all()
        ],
    }
