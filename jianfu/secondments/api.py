"""Secondments in the REST API, for programs (a token, no CSRF) and pages (a session): the lists, one
secondment, the census of a county on a date, and the two writes of a return — the borrowing unit reports
it, the school confirms it. Scoped by the same selectors as the pages (404 for missing and forbidden alike);
messages in Chinese, as everywhere in the API."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from jianfu.org.api import Pages
from jianfu.secondments import selectors
from jianfu.secondments.census import census
from jianfu.secondments.census_views import CensusAsked, census_counties
from jianfu.secondments.forms import FilterInvalid, list_filters_from
from jianfu.secondments.models import Placement, Secondment
from jianfu.secondments.services import SecondmentInvalid, confirm_return, report_return

router = Router(tags=["借用与抽调"])


class PlacementOut(Schema):
    id: int
    teacher: int
    teacher_name: str
    school: str  # the school's code
    start: date
    end: date
    state: str
    returned_on: date | None
    return_confirmed_on: date | None


class SecondmentOut(Schema):
    id: int
    demand: int
    category: str  # secondment | short_assignment
    title: str
    requester: str  # the borrowing unit's code
    start: date
    end: date
    purpose: str
    state: str  # the demand's state
    registration_number: str | None
    renewal_of: int | None
    placements: list[PlacementOut]


class ReturnIn(Schema):
    on: date | None = None  # the day the teacher went back; today when left out


class CensusRowOut(Schema):
    teacher: str  # the masked ID number
    name: str
    school: str
    post_status: str
    since: date | None
    until: date | None
    where: str
    approval: str | None
    status: str  # approved | overdue | unapproved | leave


def _placement(placement: Placement) -> dict:
    return {
        "id": placement.pk,
        "teacher": placement.teacher_id,
        "teacher_name": placement.teacher.name,
        "school": placement.school.code,
        "start": placement.start,
        "end": placement.end,
        "state": placement.state,
        "returned_on": placement.returned_on,
        "return_confirmed_on": placement.return_confirmed_on,
    }


def _secondment(secondment: Secondment, placements) -> dict:
    demand = secondment.demand
    return {
        "id": secondment.pk,
        "demand": demand.pk,
        "category": demand.category,
        "title": demand.title,
        "requester": demand.requester.code,
        "start": demand.start,
        "end": demand.end,
        "purpose": secondment.purpose,
        "state": demand.state,
        "registration_number": demand.registration_number,
        "renewal_of": secondment.renewal_of_id,
        "placements": [_placement(p) for p in placements],
    }


class _WithPlacements:
    """A queryset whose sliced pages come out as dicts with the placements this person may see."""

    def __init__(self, queryset, user):
        self.queryset, self.user = queryset, user

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice):
        page = list(self.queryset[window])
        grouped: dict[int, list] = {}
        visible = selectors.placements_visible_to(self.user).filter(secondment__in=page).select_related("school")
        for placement in visible.order_by("teacher_id"):
            grouped.setdefault(placement.secondment_id, []).append(placement)
        return [_secondment(s, grouped.get(s.pk, [])) for s in page]


@router.get("/secondments", response=list[SecondmentOut], summary="可查看的借用与抽调（按类别、教师状态、年度筛选）")
@paginate(Pages)
def secondment_list(request: HttpRequest, kind: str = "", state: str = "", year: str = ""):
    try:
        filters = list_filters_from({"kind": kind, "state": state, "year": year})
    except FilterInvalid as error:
        raise HttpError(422, error.message) from None
    visible = selectors.secondments_visible_to(request.user)
    if filters.kind:
        visible = visible.filter(demand__category=filters.kind)
    if filters.state:
        visible = visible.filter(placements__state=filters.state).distinct()
    if filters.year:
        visible = visible.filter(demand__year=filters.year)
    return _WithPlacements(visible.select_related("demand__requester").order_by("-demand__start", "-id"), request.user)


@router.get("/secondments/census", response=list[CensusRowOut], summary="在编不在岗教师摸底（第 5.1 条）")
def census_rows(request: HttpRequest, county: str = "", as_of: str = ""):
    try:
        counties = census_counties(request.user)
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from None
    asked = CensusAsked({"county": county, "as_of": as_of}, counties)
    if asked.error or asked.county is None:
        raise HttpError(422, asked.error or "请用 county 参数给出县（区）代码")
    return [
        {
            "teacher": row.id_number_masked,
            "name": row.name,
            "school": row.school_code,
            "post_status": row.post_status,
            "since": row.since,
            "until": row.until,
            "where": row.where,
            "approval": row.approval,
            "status": row.status,
        }
        for row in census(asked.county, asked.as_of)
    ]


@router.get("/secondments/{pk}", response=SecondmentOut, summary="一项借用或抽调，含可查看的教师")
def secondment_detail(request: HttpRequest, pk: int):
    secondment = selectors.secondment_for(request.user, pk)
    return _secondment(secondment, selectors.placements_of(request.user, secondment).select_related("school"))


@router.post("/secondments/placements/{pk}/return", response=PlacementOut, summary="借用单位报告教师已返岗")
def placement_report_return(request: HttpRequest, pk: int, body: ReturnIn):
    return _step(report_return, request, pk, body)


@router.post("/secondments/placements/{pk}/confirm", response=PlacementOut, summary="学校确认教师已返岗")
def placement_confirm_return(request: HttpRequest, pk: int, body: ReturnIn):
    return _step(confirm_return, request, pk, body)


def _step(service, request: HttpRequest, pk: int, body: ReturnIn) -> dict:
    placement = selectors.placement_for(request.user, pk)  # 404 unless this person sees it
    try:
        done = service(placement.pk, request.user, on=body.on or timezone.localdate())
    except SecondmentInvalid as invalid:
        raise HttpError(409 if invalid.field == "state" else 422, invalid.message) from None
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from None
    return _placement(Placement.objects.select_related("teacher", "school").get(pk=done.pk))
