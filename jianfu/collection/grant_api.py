"""`GET /api/v1/data-access/{id}/rows`: a running grant's data for a program holding a token (clause 3.3):
only the granted elements the platform holds, for the schools in scope, masked unless personal data were
granted, audited per call; 404 for a missing or another's grant, 410 with the sentence when it has ended."""

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError

from jianfu.collection import grants

router = Router(tags=["数据调取授权"])


class GrantRowsOut(Schema):
    header: list[str]
    rows: list[list]
    not_held: list[dict]  # {id, label, owner}: held only by that system; ask its owner


@router.get("/data-access/{grant_id}/rows", response=GrantRowsOut, summary="授权数据（只含授权的元素）")
def grant_rows(request: HttpRequest, grant_id: int):
    try:
        header, rows = grants.granted_rows(grant_id, request.user, on=timezone.localdate(), fmt="api")
    except grants.GrantUnavailable as error:
        raise HttpError(410, str(error)) from None
    grant = grants.grant_get_for_user(request.user, grant_id)
    missing = [{"id": e.id, "label": e.label, "owner": e.owner} for e in grants.not_held(grant)]
    return {"header": header, "rows": rows, "not_held": missing}
