"""The facts of clause 3.1 about a form's fields, from the records: the dictionary says which are held
(and which are personal data), the registry says which other active forms reaching the same schools ask
for the same things, and the reviewing bureau's decision says which held fields it accepted the written
reasons for. Also the burden the fields put on schools, by the pack's minutes per field."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils.translation import gettext

from jianfu.policy.model import Finding, Severity
from jianfu.registry.access import demands_for
from jianfu.registry.fields import field_rows
from jianfu.registry.models import Demand, ReviewDecision
from jianfu.registry.scope import schools_in_scope, scopes_meet
from jianfu.workflow.demand import OPEN_STATES, State

FORM_CATEGORIES = ("form", "statistical_survey", "research_survey")
# The reviewer's decision on the written reasons for asking held fields again (value: the element ids
# accepted). Kept like the dismissal of a finding: the latest decision holds, earlier ones stay.
HELD_SUBJECT = "fields:held"
# Collections that cite clause 3.1 when they overlap: sent to review, or registered and not yet ended.
# Drafts are plans, shown to whoever may see them, never cited.
CITED_STATES = (*OPEN_STATES, State.REGISTERED)
MAX_CANDIDATES = 500


@dataclass(frozen=True)
class Overlap:
    demand: Demand
    shared: tuple[str, ...]  # this form's field labels that the other form also asks for
    score: float  # the share of this form's fields it shares
    cited: bool  # the other form is submitted or registered: clause 3.1 applies

    @property
    def described(self) -> str:
        return gettext("与%(requester)s《%(title)s》重合 %(shared)s/%(total)s 项（%(score)s）：%(fields)s") % {
            "requester": self.demand.requester.name,
            "title": self.demand.title,
            "shared": len(self.shared),
            "total": round(len(self.shared) / self.score) if self.score else 0,
            "score": f"{self.score:.0%}",
            "fields": gettext("、").join(self.shared),
        }


def accepted_elements(demand: Demand) -> set[str]:
    """The held elements whose written reasons the reviewing bureau accepted (its latest decision)."""
    if not demand.pk:
        return set()
    latest = ReviewDecision.objects.filter(demand=demand, subject=HELD_SUBJECT).order_by("at", "id").last()
    if latest is None or latest.verdict != ReviewDecision.Verdict.DISMISSED:
        return set()
    return set(latest.value or [])


def field_facts(demand: Demand, pack) -> dict:
    rows = field_rows(demand, pack)
    accepted = accepted_elements(demand)
    held = [row for row in rows if row.held and row.element.id not in accepted]
    return {
        "held_fields_unjustified": [row.named for row in held if not row.justification],
        "held_fields_awaiting": [row.named for row in held if row.justification],
        "personal_fields_unaccepted": [row.named for row in held if row.element.personal],
        "duplicated_fields": [o.described for o in overlaps(demand, pack) if o.cited],
        "held_form_id": demand.pk if demand.pk and rows and all(row.held for row in rows) else None,
    }


def overlaps(demand: Demand, pack, *, viewer=None) -> list[Overlap]:
    """Other forms, in use while this one runs, that reach at least one of its schools and ask for some
    of its fields (the same element, or the same label for new fields), most overlapping first. With a
    `viewer`, drafts they may see are included too (not cited)."""
    rows = field_rows(demand, pack)
    if not rows or not demand.pk:
        return []
    states = [*CITED_STATES, State.DRAFT, State.RETURNED] if viewer is not None else list(CITED_STATES)
    # Two scopes can meet only when one handling division is within the other's (a requester targets
    # its own jurisdiction): the same tree, above or below.
    ancestors = demand.division.path.strip("/").split("/")
    same_tree = Q(division__path__startswith=demand.division.path) | Q(division__code__in=ancestors)
    candidates = (
        Demand.objects.filter(category__in=FORM_CATEGORIES, state__in=states, start__lte=demand.end)
        .filter(same_tree, end__gte=demand.start)
        .exclude(pk=demand.pk)
        .exclude(fields=[])
        .select_related("requester", "division")
    )
    if viewer is not None:  # another unit's draft is its own business until it is submitted
        candidates = candidates.filter(Q(state__in=CITED_STATES) | Q(pk__in=demands_for(viewer).values("pk")))
    found = []
    for other in list(candidates)[:MAX_CANDIDATES]:
        theirs = {row.key for row in field_rows(other, pack)}
        shared = tuple(row.label for row in rows if row.key in theirs)
        if shared and scopes_meet(demand, other):
            found.append(Overlap(other, shared, len(shared) / len(rows), other.state in CITED_STATES))
    return sorted(found, key=lambda o: (-o.score, o.demand.pk))


@dataclass(frozen=True)
class Burden:
    fields: int
    schools: int
    minutes_per_field: float
    clause: str
    requester_hours: Decimal  # the requester's own estimate, per school

    @property
    def hours_per_school(self) -> Decimal:
        return _hours(self.fields * self.minutes_per_field)

    @property
    def total_hours(self) -> Decimal:
        return _hours(self.fields * self.minutes_per_field * self.schools)

    def as_dict(self) -> dict:
        return {
            "fields": self.fields,
            "schools": self.schools,
            "minutes_per_field": self.minutes_per_field,
            "hours_per_school": float(self.hours_per_school),
            "total_hours": float(self.total_hours),
            "requester_hours_per_school": float(self.requester_hours),
            "clause": self.clause,
        }


def _hours(minutes: float) -> Decimal:
    return (Decimal(str(minutes)) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def burden(demand: Demand, pack, on) -> Burden | None:
    """Fields × schools × the pack's minutes per field, beside the requester's hours per school."""
    limit = pack.limits.get("minutes_per_field")
    value = limit.at(on) if limit else None
    if value is None or demand.category not in FORM_CATEGORIES or not demand.fields:
        return None
    return Burden(
        len(field_rows(demand, pack)),
        schools_in_scope(demand).count(),
        value.value,
        value.clause,
        demand.estimated_hours,
    )


BURDEN_RULE = "form_burden_estimate"


def burden_findings(estimate: Burden | None) -> list[Finding]:
    """The estimate beside the requester's own, as a note on the pre-check (it blocks nothing)."""
    if estimate is None:
        return []
    message = gettext(
        "按报表字段估算：%(fields)s 个字段 × 每个 %(minutes)s 分钟，每校约 %(hours)s 小时，范围内 %(schools)s 所学校"
        "合计约 %(total)s 小时；提出单位估计每校 %(requested)s 小时。请据此核对工时，删去不必要的字段"
    ) % {
        "fields": estimate.fields,
        "minutes": f"{estimate.minutes_per_field:g}",
        "hours": estimate.hours_per_school,
        "schools": estimate.schools,
        "total": estimate.total_hours,
        "requested": f"{estimate.requester_hours:g}",
    }
    evidence = (f"fields: {estimate.fields}", f"schools: {estimate.schools}", f"hours: {estimate.hours_per_school}")
    return [Finding(BURDEN_RULE, estimate.clause, Severity.INFO, message, evidence)]
