"""The one query behind a verification answer, compiled once per process.

Building and compiling this query through the ORM (joins, four correlated subqueries) cost about ten
times what the database takes to run it, on every public look-up. So the SQL is compiled once per
database vendor with stand-in values for the key, and each look-up runs it with the key put in their
place. The queryset below stays the one definition of what is read.
"""

from dataclasses import dataclass
from datetime import date
from functools import cache

from django.db import connection
from django.db.models import CharField, Exists, F, OuterRef, Q, StringAgg, Subquery, Value
from django.db.models.functions import Cast, Concat

from jianfu.registry.facts import FINDING
from jianfu.registry.models import Demand, ReviewDecision
from jianfu.registry.selectors import ITEM, KEY, with_scope_names
from jianfu.workflow.demand import State

LOOKED_UP_STATES = (State.REGISTERED, State.DONE, State.REVOKED)
# Stand-ins for the look-up's own values: no real key or id can equal them.
_CODE, _NUMBER, _FLOOR = "\x00code\x00", "\x00number\x00", -7_777_777_777


@dataclass(frozen=True)
class AnswerRow:
    pk: int
    state: str
    start: date
    end: date
    registration_number: str
    title: str
    target_areas: str
    requester_name: str
    division_name: str
    scope_counties: str | None
    scope_levels: str | None
    scope_schools: str | None
    dismissed_joined: str | None


COLUMNS = tuple(AnswerRow.__dataclass_fields__)


def answer_row(code: str, number: str, *, usable: bool) -> AnswerRow | None:
    """The looked-up demand whose verification code is `code` or whose number is `number`. An unusable
    key runs the same query, matching nothing (no id is above 2**62), so every answer costs the same."""
    sql, template = compiled(connection.vendor)
    stand_ins = {_CODE: code, _NUMBER: number, _FLOOR: 0 if usable else 2**62}
    params = [stand_ins.get(p, p) if isinstance(p, str | int) else p for p in template]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    values = dict(zip(COLUMNS, row, strict=True))
    for day in ("start", "end"):  # SQLite hands dates back as text
        values[day] = date.fromisoformat(values[day]) if isinstance(values[day], str) else values[day]
    return AnswerRow(**values)


@cache
def compiled(vendor: str) -> tuple[str, tuple]:
    sql, params = answer_queryset(_CODE, _NUMBER, _FLOOR).query.sql_with_params()
    return sql, tuple(params)


def answer_queryset(code: str, number: str, floor: int):
    """Everything an answer shows, in the demand's own row: requester and division names joined, the
    scope's names and the dismissed findings aggregated by subqueries."""
    demands = with_scope_names(Demand.objects.all()).annotate(
        dismissed_joined=_dismissed_subquery(),
        requester_name=F("requester__name"),
        division_name=F("division__name"),
    )
    found = demands.filter(Q(verification_code=code) | Q(registration_number=number), state__in=LOOKED_UP_STATES)
    return found.filter(pk__gt=floor).order_by("pk").values_list(*COLUMNS)[:1]


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


def approvals_possible(number: str) -> bool:
    """Can the registration show clause 3.2 approvals (a teacher survey's consent, a statistics approval)?
    Most cannot: one compiled query spares their verification page the ORM's reads of both."""
    sql, template = _compiled_approvals(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, [number if p == _NUMBER else p for p in template])
        return cursor.fetchone() is not None


@cache
def _compiled_approvals(vendor: str) -> tuple[str, tuple]:
    from jianfu.collection.models import StatisticsApproval  # the collection app builds on the registry

    approved = Exists(StatisticsApproval.objects.filter(demand_id=OuterRef("pk")))
    possible = Demand.objects.filter(Q(category="research_survey") | approved, registration_number=_NUMBER)
    sql, params = possible.values_list("pk")[:1].query.sql_with_params()
    return sql, tuple(params)
