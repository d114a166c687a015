"""Registry endpoints: the same services and selectors as the pages."""

import json
from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.responses import Status

from jianfu.org.api import Pages
from jianfu.org.models import Division, Unit
from jianfu.registry import selectors
from jianfu.registry.facts import DECLARABLE
from jianfu.registry.fields import stored_fields
from jianfu.registry.fields_overview import fields_overview
from jianfu.registry.forms import DemandForm
from jianfu.registry.precheck import demand_precheck
from jianfu.registry.selectors import scope_text
from jianfu.registry.services import (
    DemandError,
    StaleDecision,
    demand_act,
    demand_create,
    demand_declaration_review,
    demand_finding_decide,
    demand_update,
)
from jianfu.registry.verify_route import verify_response
from jianfu.web.api_messages import ErrorOut
from jianfu.workflow.demand import Action

router = Router(tags=["涉校事项"])


class FieldIn(Schema):
    """One field of a form: `element` is a data dictionary id ("" for a new field, then `definition`
    says what it is); left out, the element the label names (exactly, or a synonym) is taken."""

    label: str
    element: str | None = None
    definition: str = ""
    justification: str = ""  # why a field the education systems already hold must still be asked


class DemandIn(Schema):
    requester: str  # unit code
    category: str
    title: str
    content: str
    legal_basis: str = ""
    target_counties: list[str] = []  # division codes
    target_levels: list[str] = []
    target_areas: list[str] = []
    target_schools: list[str] = []  # school codes
    start: date
    end: date
    estimated_hours: float
    fields: list[FieldIn | str] = []  # objects, or plain labels
    in_annual_plan: bool = False
    emergency: bool = False
    declared: dict = {}


class DemandOut(Schema):
    id: int
    year: int
    category: str
    title: str
    requester: str
    state: str
    registration_number: str | None
    verification_code: str | None
    start: date
    end: date
    scope: str
    fields: list[dict]
    findings: list[dict]

    @staticmethod
    def resolve_requester(obj):
        return obj.requester.code

    @staticmethod
    def resolve_scope(obj):
        return scope_text(obj)

    @staticmethod
    def resolve_fields(obj):
        return stored_fields(obj)


class FindingOut(Schema):
    rule: str
    clause: str
    severity: str
    message: str
    evidence: list[str]


class PrecheckOut(Schema):
    findings: list[FindingOut]
    route: list[str]
    temporary: bool
    quota_used: int
    quota_limit: int | None
    burden: dict | None = None  # a form's fields × schools × minutes per field, beside the requester's hours


class FieldOut(Schema):
    label: str
    element: str
    definition: str
    justification: str
    held: bool  # the element is already held by an education system
    owner: str  # that system
    personal: bool
    accepted: bool  # the reviewing bureau accepted the reason for asking it again


class OverlapOut(Schema):
    demand: int
    title: str
    requester: str
    state: str
    score: float  # the share of this form's fields the other one asks too
    fields: list[str]
    cited: bool  # submitted or registered: clause 3.1 applies


class FieldsOut(Schema):
    fields: list[FieldOut]
    overlaps: list[OverlapOut]
    burden: dict | None


class ActionIn(Schema):
    action: Action
    expected_state: str
    reason: str = ""


class FindingDecisionIn(Schema):
    dismiss: bool  # true: 经审核排除 (a reason is required); false: upheld
    reason: str = ""


class DeclarationReviewIn(Schema):
    value: bool | float | int | str | list[str] | None  # the value the reviewer certifies
    reason: str = ""  # required when it differs from the requester's answer


class DecisionOut(Schema):
    subject: str
    clause: str
    verdict: str
    value: bool | float | int | str | list[str] | None
    reason: str


class VerifyOut(Schema):
    status: str  # valid | expired | revoked | unknown
    valid: bool
    message: str
    number: str | None
    title: str | None
    requester: str | None
    start: str | None
    end: str | None
    scope: str | None
    school_in_scope: bool | None
    dismissed: list[dict] = []  # findings on its words the reviewing bureau dismissed: {clause, reason}


@router.get("/demands", response=list[DemandOut], summary="可见的事项")
@paginate(Pages)
def demand_list(request: HttpRequest, state: str = "", year: int | None = None):
    return selectors.demand_list_for_user(user=request.user, state=state, year=year).prefetch_related(
        "target_counties", "target_levels", "target_schools"
    )


def _valid_form(request, payload: DemandIn) -> dict:
    data = payload.dict()
    data["requester"] = getattr(Unit.objects.filter(code=payload.requester).first(), "pk", None)
    data["target_counties"] = list(
        Division.objects.filter(code__in=payload.target_counties).values_list("pk", flat=True)
    )
    data["target_schools"] = ",".join(payload.target_schools)
    data["fields"] = json.dumps(
        [f if isinstance(f, str) else f.dict(exclude_unset=True) for f in payload.fields], ensure_ascii=False
    )
    # Declarations the registry does not know are ignored, not refused: a client written for an earlier
    # form keeps working, and what the records now tell (dates, route steps) is not asked any more.
    data["declared"] = {key: value for key, value in payload.declared.items() if key in DECLARABLE}
    form = DemandForm(data=data, user=request.user)
    if not form.is_valid():
        raise HttpError(
            422, "；".join(f"{form.fields[k].label if k in form.fields else k}：{v[0]}" for k, v in form.errors.items())
        )
    return form.cleaned_data


@router.post("/demands", response={201: DemandOut}, summary="提出事项（草稿）")
def demand_new(request: HttpRequest, payload: DemandIn):
    return Status(201, demand_create(acting_user=request.user, data=_valid_form(request, payload)))


@router.put("/demands/{pk}", response=DemandOut, summary="修改草稿或被退回的事项")
def demand_edit(request: HttpRequest, pk: int, payload: DemandIn):
    try:
        return demand_update(acting_user=request.user, demand_id=pk, data=_valid_form(request, payload))
    except StaleDecision as error:
        raise HttpError(409, str(error)) from None
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from None


@router.get("/demands/{pk}", response=DemandOut, summary="一个事项")
def demand_detail(request: HttpRequest, pk: int):
    return selectors.demand_get_for_user(user=request.user, pk=pk)


@router.get("/demands/{pk}/precheck", response=PrecheckOut, summary="政策预审：问题、审批路线、总量")
def demand_check(request: HttpRequest, pk: int):
    check = demand_precheck(selectors.demand_get_for_user(user=request.user, pk=pk))
    return {
        "findings": [f.as_dict() for f in check.findings],
        "route": [s.label for s in check.route.steps],
        "temporary": check.route.temporary,
        "quota_used": check.quota_used,
        "quota_limit": check.quota_limit,
        "burden": check.burden.as_dict() if check.burden else None,
    }


@router.get("/demands/{pk}/fields", response=FieldsOut, summary="报表字段：对应的数据元素、已有数据、与其他报表的重合")
def demand_fields(request: HttpRequest, pk: int):
    return fields_overview(selectors.demand_get_for_user(user=request.user, pk=pk), viewer=request.user)


@router.post("/demands/{pk}/actions", response=DemandOut, summary="办理：提交、审核、审批、退回、驳回、撤回")
def demand_action(request: HttpRequest, pk: int, payload: ActionIn):
    try:
        return demand_act(
            acting_user=request.user,
            demand_id=pk,
            action=payload.action,
            expected_state=payload.expected_state,
            reason=payload.reason,
        )
    except StaleDecision as error:
        raise HttpError(409, str(error)) from None
    except DemandError as error:
        raise HttpError(422, str(error)) from None
    except PermissionDenied as error:
        raise HttpError(403, str(error) or "无权办理") from None


def _decided(call):
    try:
        return call()
    except StaleDecision as error:
        raise HttpError(409, str(error)) from None
    except DemandError as error:
        raise HttpError(422, str(error)) from None
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from None


@router.post(
    "/demands/{pk}/findings/{rule}", response=DecisionOut, summary="审核文字审查的问题：维持或排除（须说明理由）"
)
def demand_finding_decision(request: HttpRequest, pk: int, rule: str, payload: FindingDecisionIn):
    return _decided(
        lambda: demand_finding_decide(
            acting_user=request.user, demand_id=pk, rule=rule, dismiss=payload.dismiss, reason=payload.reason
        )
    )


@router.post("/demands/{pk}/declarations/{key}", response=DecisionOut, summary="核实申报情况：确认或更正")
def demand_declaration(request: HttpRequest, pk: int, key: str, payload: DeclarationReviewIn):
    return _decided(
        lambda: demand_declaration_review(
            acting_user=request.user, demand_id=pk, key=key, value=payload.value, reason=payload.reason
        )
    )


@router.get("/verify/{key}", response={200: VerifyOut, 429: ErrorOut}, auth=None, summary="公开核验备案号或核验码")
def verify_key(request: HttpRequest, key: str):
    """Served by `registry.verify_route.verify_api`, mounted at the same address ahead of the API (this
    operation documents it in the schema, and answers the same way if reached)."""
    return verify_response(request, key)
