"""The data dictionary through the API: the elements (filtered as on the page), one element, and the
elements a field's label most likely asks for — what a requester's program checks before asking schools."""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from jianfu.collection import dictionary_read
from jianfu.collection.dictionary_read import FilterInvalid
from jianfu.policy import dictionary

router = Router(tags=["数据字典"])
LABEL_MAX = 60


class ElementOut(Schema):
    id: str
    label: str
    synonyms: list[str]
    definition: str
    type: str
    unit: str
    owner: str
    refresh: str
    personal: bool
    level: str
    platform: str
    choices: list[str]


class ElementsOut(Schema):
    count: int
    items: list[ElementOut]


class Filters(Schema):
    q: str = ""
    owner: str = ""
    level: str = ""
    personal: str = ""


class SuggestionOut(Schema):
    element: ElementOut
    score: float
    exact: bool


@router.get("/dictionary", response=ElementsOut, summary="数据字典：各系统已掌握的数据元")
def dictionary_list(request, filters: Query[Filters]):
    """q searches ids, labels, synonyms, owner systems and definitions; owner, level (school, teacher,
    pupil, facility) and personal (yes, no) narrow the list."""
    try:
        found = dictionary_read.filtered(dictionary_read.active_pack(), **filters.dict())
    except FilterInvalid as error:
        raise HttpError(400, str(error)) from None
    return {"count": len(found), "items": [e.as_dict() for e in found]}


@router.get("/dictionary/suggest", response=list[SuggestionOut], summary="为字段名称推荐数据元")
def dictionary_suggest(request, label: str, limit: int = 3):
    """The elements a form field's label most likely asks for, best first; exact when the label is the
    element's label or one of its synonyms."""
    if not label.strip() or len(label) > LABEL_MAX:
        raise HttpError(400, _("请在 label 中给出字段名称（1 到 %(max)d 个字）。") % {"max": LABEL_MAX})
    if not 1 <= limit <= 10:
        raise HttpError(400, _("limit 应为 1 到 10 之间的数。"))
    pack = dictionary_read.active_pack()
    return [
        {"element": e.as_dict(), "score": score, "exact": score == 1.0}
        for e, score in dictionary.suggest(pack, label, limit=limit)
    ]


@router.get("/dictionary/{element_id}", response=ElementOut, summary="一个数据元")
def dictionary_element(request, element_id: str):
    found = dictionary.element(dictionary_read.active_pack(), element_id)
    if found is None:
        raise Http404
    return found.as_dict()
