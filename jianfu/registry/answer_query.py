"""The one definition of what a verification answer holds, read fresh from the registry.

A public look-up never runs this query: it reads the stored answer (`stored_answers.py`), which is
built from these rows and written again, in the same transaction, by every change that alters one
(`answer_upkeep.py`). Here the demand's own row carries everything an answer shows: requester and
division names joined, the scope's names and the dismissed findings aggregated by subqueries, and
whether clause 3.2 approvals can be shown.
"""

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date

from django.db.models import (
    BooleanField,
    CharField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    StringAgg,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Concat

from jianfu.registry.facts import FINDING
from jianfu.registry.models import Demand, ReviewDecision
from jianfu.registry.selectors import ITEM, KEY, with_scope_names
from jianfu.workflow.demand import State

LOOKED_UP_STATES = (State.REGISTERED, State.DONE, State.REVOKED)


@dataclass(frozen=True)
class AnswerRow:
    pk: int
    state: str
    start: date
    end: date
    registration_number: str | None
    verification_code: str | None
    title: str
    target_areas: str
    requester_name: str
    division_name: str
    scope_counties: str | None
    scope_levels: str | None
    scope_schools: str | None
    dismissed_joined: str | None
    approvals_possible: bool  # a research survey, or a statistics approval recorded: worth reading them

    def as_json(self) -> str:
        return json.dumps(asdict(self) | {"start": self.start.isoformat(), "end": self.end.isoformat()})

    @classmethod
    def from_json(cls, text: str) -> "AnswerRow":
        values = json.loads(text)
        return cls(**values | {"start": date.fromisoformat(values["start"]), "end": date.fromisoformat(values["end"])})


COLUMNS = tuple(AnswerRow.__dataclass_fields__)


def answer_rows(demand_ids: Iterable[int]) -> list[AnswerRow]:
    """The fresh answers of these demands, those that are looked up (registered, done or revoked)."""
    return [_row(values) for values in answers().filter(pk__in=list(demand_ids)).values_list(*COLUMNS)]


def answers():
    """Every looked-up demand with what its answer shows, in its own row."""
    demands = with_scope_names(Demand.objects.filter(state__in=LOOKED_UP_STATES)).annotate(
        dismissed_joined=_dismissed_subquery(),
        requester_name=F("requester__name"),
        division_name=F("division__name"),
        approvals_possible=ExpressionWrapper(
            Q(category="research_survey") | _statistics_approved(), output_field=BooleanField()
        ),
    )
    return demands.order_by("pk")


def _row(values: tuple) -> AnswerRow:
    row = dict(zip(COLUMNS, values, strict=True))
    for day in ("start", "end"):  # SQLite hands dates back as text
        row[day] = date.fromisoformat(row[day]) if isinstance(row[day], str) else row[day]
    return AnswerRow(**row | {"approvals_possible": bool(row["approvals_possible"])})


def _statistics_approved() -> Exists:
    from jianfu.collection.models import StatisticsApproval  # the collection app builds on the registry

    return Exists(StatisticsApproval.objects.filter(demand_id=OuterRef("pk")))


def _dismissed_subquery() -> Subquery:
    """The findings whose latest decision dismissed them: `id KEY clause KEY reason`, joined by ITEM."""
    later = ReviewDecision.objects.filter(demand_id=OuterRef("demand_id"), subject=OuterRef("subject")).filter(
        Q(at__gt=OuterRef("at")) | Q(at=OuterRef("at"), pk__gt=OuterRef("pk"))
    )
    latest_dismissed = ReviewDecision.objects.filter(
        ~Exists(later),
        demand_id=OuterRef("pk"),
        subject__startswith=FINDING,
        verdict=ReviewDecision.Verdict.DISMISSED,
    )
    item = Concat(Cast("pk", CharField()), Value(KEY), "clause", Value(KEY), "reason", output_field=CharField())
    joined = latest_dismissed.order_by().values("demand_id").annotate(joined=StringAgg(item, Value(ITEM)))
    return Subquery(joined.values("joined"), output_field=CharField())
