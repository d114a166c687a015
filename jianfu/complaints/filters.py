"""The officials' list of complaints, filtered (state, county, item, overdue) and with each case's due date.

Shared by the list page, its .xlsx export and the officials' API, so that the three always agree on what a
filter means. A bad parameter is a `FilterInvalid` naming the parameter and the fix (the page shows it,
the API answers 422), never a 500.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from jianfu.complaints.models import Complaint
from jianfu.deadlines.models import PENDING, Obligation
from jianfu.packs.active import active_engine
from jianfu.workflow.complaint import State

# How the complaints' obligations name their subject (jianfu.complaints.services opens them).
SUBJECT_TYPE = "complaint"
FILTER_NAMES = ("state", "county", "item", "overdue", "q")


class FilterInvalid(ValueError):
    """A filter the list cannot apply; the message names the parameter and what to give instead."""

    def __init__(self, name: str, message: str):
        self.name, self.message = name, message
        super().__init__(message)


@dataclass(frozen=True)
class Filters:
    state: str = ""
    county: str = ""  # a division code
    item: int | None = None  # a negative-list item number
    overdue: bool = False
    q: str = ""  # words of the complaint, its notice, or the text read from its photos
    given: dict = field(default_factory=dict)  # as typed, to fill the form and the pager's links again


def filters_from(params, complaints: QuerySet[Complaint]) -> Filters:
    """The filters of a query string (a QueryDict or a dict), checked against what exists: a state of the
    machine, a county among the visible complaints' divisions, an item of the pack's negative list."""
    given = {name: (params.get(name) or "").strip() for name in FILTER_NAMES}
    state, county, item, overdue = given["state"], given["county"], given["item"], given["overdue"]
    if state and state not in {s.value for s in State}:
        raise FilterInvalid("state", _("状态「%(value)s」不存在；请从列表中选择状态") % {"value": state})
    if county and county not in dict(counties_of(complaints)):
        raise FilterInvalid(
            "county", _("县（区）代码「%(value)s」不在您可查看的举报中；请从列表中选择县（区）") % {"value": county}
        )
    number = None
    if item:
        if not item.isdigit() or int(item) not in item_labels():
            raise FilterInvalid(
                "item",
                _("清单条目「%(value)s」不存在；请填写减负清单的条目编号（1 到 %(last)s）")
                % {"value": item, "last": max(item_labels(), default=0)},
            )
        number = int(item)
    if overdue not in ("", "0", "1"):
        raise FilterInvalid(
            "overdue", _("是否逾期「%(value)s」无法识别；请填 1（只看逾期）或留空") % {"value": overdue}
        )
    given = {name: value for name, value in given.items() if value}
    q = given.get("q", "")[:100]
    return Filters(state=state, county=county, item=number, overdue=overdue == "1", q=q, given=given)


def filtered(complaints: QuerySet[Complaint], filters: Filters, today: date) -> QuerySet[Complaint]:
    if filters.state:
        complaints = complaints.filter(state=filters.state)
    if filters.county:
        complaints = complaints.filter(division__code=filters.county)
    if filters.overdue:
        complaints = complaints.filter(pk__in=_overdue_ids(today))
    if filters.q:
        words = Q(content__icontains=filters.q) | Q(notice_text__icontains=filters.q)
        words |= Q(evidence__recognition__text__icontains=filters.q)
        complaints = complaints.filter(pk__in=Complaint.objects.filter(words).values("pk"))
    if filters.item is not None:
        # The items are a JSON list, which SQLite cannot search inside: the matching ids are picked here.
        wanted = [pk for pk, items in complaints.values_list("pk", "items") if filters.item in (items or ())]
        complaints = complaints.filter(pk__in=wanted)
    return complaints


def _overdue_ids(today: date):
    pending = Obligation.objects.filter(subject_type=SUBJECT_TYPE, state__in=PENDING, due_on__lt=today)
    return pending.values("subject_id")


def counties_of(complaints: QuerySet[Complaint]) -> list[tuple[str, str]]:
    """(code, name) of the divisions the visible complaints are in, for the county filter."""
    rows = complaints.order_by().values_list("division__code", "division__name").distinct()
    return sorted(set(rows))


def item_labels() -> dict[int, str]:
    """The pack's negative-list items by number, in its own words."""
    return {item.no: item.text for item in active_engine().pack.negative_list}


@dataclass(frozen=True)
class Due:
    on: date
    days: int  # left (≥ 0) or overdue (< 0)
    what: str

    @property
    def overdue(self) -> bool:
        return self.days < 0

    @property
    def days_overdue(self) -> int:
        return -self.days


def dues_of(complaint_ids, today: date) -> dict[int, Due]:
    """Each complaint's nearest pending time limit (to accept, to conclude, to decide a review)."""
    pending = Obligation.objects.filter(
        subject_type=SUBJECT_TYPE, subject_id__in=list(complaint_ids), state__in=PENDING
    ).order_by("due_on")
    dues: dict[int, Due] = {}
    for obligation in pending:
        dues.setdefault(
            obligation.subject_id, Due(obligation.due_on, (obligation.due_on - today).days, obligation.what)
        )
    return dues
