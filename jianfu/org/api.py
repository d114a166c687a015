"""Organisation endpoints: scoped, paginated, 404 for missing and forbidden alike."""

from math import ceil
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from jianfu.org import selectors
from jianfu.org.access import divisions_for, get_for_user, scope_for
from jianfu.web.paging import PAGE_SIZE, Counted, count_of, page_missing

router = Router(tags=["组织与名册"])


class Pages(PageNumberPagination):
    """The site's page size (ninja's own default of 100 would otherwise win), and a page past the last
    is a clear 404 instead of an offset the database cannot hold (`?page=461168601842738791`)."""

    class Output(Schema):
        items: list[Any]
        count: int
        counted: Counted = Field(
            description="count 的来历：exact 精确计数；estimate 数据库估计（长列表）；at_least 至少这么多（计数到此为止）"
        )

    def __init__(self, **kwargs):
        super().__init__(page_size=PAGE_SIZE, **kwargs)

    def paginate_queryset(self, queryset, pagination: PageNumberPagination.Input, request, **params):
        size = self._get_page_size(pagination.page_size)
        offset = (pagination.page - 1) * size
        tally = count_of(queryset, reach=offset + size)
        # A lower bound already reaches past the asked page, so the page exists; anything else must hold it.
        last = max(1, ceil(tally.rows / size))
        if tally.counted is not Counted.AT_LEAST and pagination.page > last:
            raise HttpError(404, page_missing(pagination.page, last))
        return {self.items_attribute: queryset[offset : offset + size], "count": tally.rows, "counted": tally.counted}


class DivisionOut(Schema):
    code: str
    name: str
    kind: str
    parent_code: str | None

    @staticmethod
    def resolve_parent_code(obj):
        return obj.parent.code if obj.parent_id else None


class UnitOut(Schema):
    code: str
    name: str
    kind: str
    division_code: str

    @staticmethod
    def resolve_division_code(obj):
        return obj.division.code


class SchoolOut(Schema):
    code: str
    name: str
    county_code: str
    levels: list[str]
    area: str
    pupil_count: int
    staff_quota: int

    @staticmethod
    def resolve_county_code(obj):
        return obj.county.code

    @staticmethod
    def resolve_levels(obj):
        return [level.code for level in obj.levels.all()]


class TeacherOut(Schema):
    id: int
    name: str
    school_code: str
    id_number_masked: str
    staffing_status: str
    post_status: str
    subject: str
    duties: list[str]

    @staticmethod
    def resolve_school_code(obj):
        return obj.school.code


class MeOut(Schema):
    username: str
    roles: list[str]


@router.get("/me", response=MeOut, summary="当前用户及其角色")
def me(request: HttpRequest):
    return {"username": request.user.get_username(), "roles": sorted(scope_for(request.user).roles)}


@router.get("/divisions", response=list[DivisionOut], summary="可见的行政区划")
@paginate(Pages)
def division_list(request: HttpRequest):
    return divisions_for(request.user).select_related("parent")


@router.get("/units", response=list[UnitOut], summary="可见的单位")
@paginate(Pages)
def unit_list(request: HttpRequest, query: str = "", kind: str = ""):
    return selectors.unit_list(user=request.user, query=query, kind=kind)


@router.get("/schools", response=list[SchoolOut], summary="可见的学校")
@paginate(Pages)
def school_list(request: HttpRequest, query: str = "", county: str = "", area: str = ""):
    return selectors.school_list(user=request.user, query=query, county=county, area=area)


@router.get("/schools/{code}", response=SchoolOut, summary="一所学校")
def school_detail(request: HttpRequest, code: str):
    return selectors.school_get_for_user(user=request.user, code=code)


@router.get("/teachers", response=list[TeacherOut], summary="可见的教师（身份证号脱敏）")
@paginate(Pages)
def teacher_list(request: HttpRequest, school: str = "", query: str = "", post_status: str = ""):
    school_obj = selectors.school_get_for_user(user=request.user, code=school) if school else None
    return selectors.teacher_list(user=request.user, school=school_obj, query=query, post_status=post_status)


@router.get("/teachers/{pk}", response=TeacherOut, summary="一名教师")
def teacher_detail(request: HttpRequest, pk: int):
    return get_for_user(selectors.teacher_list(user=request.user), pk=pk)
