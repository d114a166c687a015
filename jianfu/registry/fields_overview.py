"""A form's fields as the requester, the reviewer and API clients read them: each field's element, its
owner system and whether it is held, personal, accepted; the other forms it overlaps (with their score
and shared fields); and the burden estimate beside the requester's own. A read: nothing is written."""

from django.utils import timezone
from django.utils.translation import gettext

from jianfu.packs.active import active_engine
from jianfu.policy import dictionary
from jianfu.registry.field_facts import accepted_elements, burden, overlaps
from jianfu.registry.fields import field_rows, stored_fields
from jianfu.registry.models import Demand

SUGGESTIONS = 3  # the elements offered beside a field's label: a phone shows three


def fields_overview(demand: Demand, *, viewer) -> dict:
    pack = active_engine().pack
    accepted = accepted_elements(demand)
    fields = [
        {
            "label": row.label,
            "element": row.element.id if row.element else "",
            "element_label": row.element.label if row.element else "",
            "definition": row.definition,
            "justification": row.justification,
            "held": row.held,
            "owner": row.element.owner if row.element else "",
            "personal": bool(row.element and row.element.personal),
            "accepted": bool(row.element and row.element.id in accepted),
        }
        for row in field_rows(demand, pack)
    ]
    found = overlaps(demand, pack, viewer=viewer)
    fields_burden = burden(demand, pack, demand.start or timezone.localdate())
    return {
        "fields": fields,
        "overlaps": [
            {
                "demand": o.demand.pk,
                "title": o.demand.title,
                "requester": o.demand.requester.name,
                "state": o.demand.state,
                "score": round(o.score, 3),
                "fields": list(o.shared),
                "cited": o.cited,
            }
            for o in found
        ],
        "burden": fields_burden.as_dict() if fields_burden else None,
    }


def field_choices(label: str, chosen: str = "") -> list[tuple[str, str, float]]:
    """The elements offered for a field: the one chosen, then the dictionary's suggestions for its label
    (id, "label（owner）", score), best first."""
    pack = active_engine().pack
    offered, seen = [], set()
    if chosen and (element := dictionary.element(pack, chosen)) is not None:
        offered.append((element.id, element_named(element), 1.0))
        seen.add(element.id)
    for element, score in dictionary.suggest(pack, label, limit=SUGGESTIONS) if label else []:
        if element.id not in seen:
            offered.append((element.id, element_named(element), score))
            seen.add(element.id)
    return offered


def element_named(element) -> str:
    """An element with its owner system, the brackets the reader's (a page shows it)."""
    return gettext("%(label)s（%(owner)s）") % {"label": element.label, "owner": element.owner}


def field_table(fields: list[dict], blank_rows: int = 3) -> list[dict]:
    """The rows of the form's fields table: each saved or posted field with the elements offered for it
    (the chosen one selected, "new" when it has none), then a few blank rows to add fields."""
    rows = [f | {"choices": field_choices(f["label"], f["element"])} for f in fields]
    blank = {"label": "", "element": "", "definition": "", "justification": "", "choices": []}
    return rows + [dict(blank) for _ in range(blank_rows)]


def demand_field_table(demand: Demand | None) -> list[dict]:
    return field_table(stored_fields(demand) if demand else [])
