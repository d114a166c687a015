"""The numbers of clause 6.3 (the public count of violations, as the US PRA keeps one): per level, county,
accused unit, negative-list item and month of receipt — received, accepted, substantiated (wholly or
partly), answered, answered on time (by the conclusion's due day, an extension included), and the median
days from receipt to answer. Read from the records (complaints and their obligations), never from a
counter kept on the side."""

from collections import defaultdict
from collections.abc import Callable, Iterable
from statistics import median

from django.utils.translation import gettext as _

from jianfu.complaints.models import Complaint, Level
from jianfu.deadlines.models import Obligation, ObligationKind
from jianfu.org.models import Division
from jianfu.workflow.complaint import Finding

FIGURES = ("received", "accepted", "substantiated", "answered", "answered_on_time", "median_days_to_answer")
UPHELD = (Finding.SUBSTANTIATED, Finding.PARTLY)


def stats(year: int, *, division: Division | None = None, unseen_by: Iterable[int] = ()) -> dict:
    """The year's figures, whole and by level, county, accused unit, item and month; within `division`'s
    area when given; leaving out complaints about the units `unseen_by` (the reader's own: an accused
    unit learns nothing of complaints about it, not even that there are some)."""
    complaints = Complaint.objects.filter(received_on__year=year).select_related("division")
    if division is not None:
        complaints = complaints.filter(division__path__startswith=division.path)
    complaints = complaints.exclude(accused_unit_id__in=list(unseen_by))
    rows = list(
        complaints.values(
            "pk",
            "level",
            "division__code",
            "division__name",
            "accused_unit__code",
            "accused_name",
            "items",
            "received_on",
            "accepted_on",
            "answered_on",
            "finding",
        )
    )
    due = _conclusion_due([row["pk"] for row in rows])
    for row in rows:
        row["due"] = due.get(row["pk"])
    levels = dict(Level.choices)
    return {
        "year": year,
        "division": division.code if division else None,
        "totals": _figures(rows),
        "by_level": _grouped(rows, lambda r: [r["level"]], lambda k: {"level": k, "label": str(levels.get(k, k))}),
        "by_county": _grouped(
            rows,
            lambda r: [(r["division__code"], r["division__name"])],
            lambda k: {"code": k[0], "name": k[1]},
        ),
        "by_unit": _grouped(
            rows,
            lambda r: [(r["accused_unit__code"] or "", r["accused_name"])],
            lambda k: {"code": k[0], "name": k[1]},
        ),
        "by_item": _grouped(
            rows,
            lambda r: r["items"] or [None],
            lambda k: {"item": k, "label": _("第 {n} 项").format(n=k) if k else _("未归入负面清单")},
        ),
        "by_month": _grouped(
            rows, lambda r: [r["received_on"].strftime("%Y-%m")], lambda k: {"month": k}, sort_key=lambda k: k
        ),
    }


def _conclusion_due(pks: list[int]) -> dict:
    """The last conclusion due day of each complaint (the extended one, when it was extended)."""
    due: dict = {}
    conclusions = Obligation.objects.filter(
        kind=ObligationKind.COMPLAINT_CONCLUDE, subject_type="complaint", subject_id__in=pks
    ).values_list("subject_id", "due_on")
    for pk, day in conclusions:
        due[pk] = max(day, due.get(pk, day))
    return due


def _figures(rows: Iterable[dict]) -> dict:
    rows = list(rows)
    answered = [r for r in rows if r["answered_on"]]
    days = [(r["answered_on"] - r["received_on"]).days for r in answered]
    return {
        "received": len(rows),
        "accepted": sum(1 for r in rows if r["accepted_on"]),
        "substantiated": sum(1 for r in rows if r["finding"] in UPHELD),
        "answered": len(answered),
        "answered_on_time": sum(1 for r in answered if r["due"] is None or r["answered_on"] <= r["due"]),
        "median_days_to_answer": _whole_or_half(median(days)) if days else None,
    }


def _whole_or_half(value: float) -> int | float:
    """A median of days is a whole day, or half way between two: 40, not 40.0; 40.5 stays."""
    return int(value) if value == int(value) else round(value, 1)


def _grouped(rows, keys_of: Callable, label: Callable, sort_key: Callable | None = None) -> list[dict]:
    groups: dict = defaultdict(list)
    for row in rows:
        for key in keys_of(row):
            groups[key].append(row)
    order = sorted(groups, key=sort_key) if sort_key else sorted(groups, key=lambda k: (-len(groups[k]), str(k)))
    return [label(key) | _figures(groups[key]) for key in order]
