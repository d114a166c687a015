"""The year's supervision scores (7.2), assembled: who is scored, each indicator of the pack's sheet computed
from the records, and the inspectorate's adjustments added on top.

Scored are every county with schools — through its people's government, which answers for the county — and
every unit that made a demand of the year (a draft is not yet a demand made). A county's government is scored
as the county, never a second time as a department."""

from decimal import ROUND_HALF_UP, Decimal

from jianfu.accountability.indicators import COUNTY, DEPARTMENT, FORMULAS, Found, Scored
from jianfu.accountability.models import ScoreAdjustment
from jianfu.accountability.scoring import Indicator, scoring_sheet
from jianfu.monitoring.selectors import counties_with_schools
from jianfu.org.models import Unit
from jianfu.registry.models import Demand
from jianfu.workflow.demand import State

GOVERNMENT = "government"
CENT = Decimal("0.01")


def scored_units(year: int, *, units=None) -> list[Scored]:
    """Counties first (in the division order), then departments by code; only the unit codes in `units`
    when given."""
    governments = {
        unit.division_id: unit
        for unit in Unit.objects.filter(kind=GOVERNMENT, division__in=counties_with_schools()).select_related(
            "division"
        )
    }
    counties = [
        Scored(COUNTY, governments[county.pk], county) for county in counties_with_schools() if county.pk in governments
    ]
    requesters = (
        Demand.objects.filter(year=year).exclude(state=State.DRAFT).values_list("requester_id", flat=True).distinct()
    )
    county_units = {scored.unit.pk for scored in counties}
    departments = [
        Scored(DEPARTMENT, unit)
        for unit in Unit.objects.filter(pk__in=requesters).select_related("division").order_by("code")
        if unit.pk not in county_units
    ]
    everyone = counties + departments
    return everyone if units is None else [s for s in everyone if s.unit.code in set(units)]


def computed(indicator: Indicator, scored: Scored, year: int) -> Found:
    return FORMULAS[indicator.formula].function(scored, year, **indicator.params)


def points_of(weight: Decimal, value: float) -> Decimal:
    return (weight * Decimal(str(value))).quantize(CENT, rounding=ROUND_HALF_UP)


def score_of(scored: Scored, year: int, sheet=None, adjustments: list | None = None) -> dict:
    """One scored unit's year: every indicator with its value, weight, points and the count of its records;
    the adjustments (read here unless the caller read the year's at once); the total."""
    sheet = sheet or scoring_sheet()
    if adjustments is None:
        adjustments = adjustments_by_unit(year, [scored]).get(scored.unit.pk, [])
    indicators = []
    for indicator in sheet[scored.kind]:
        found = computed(indicator, scored, year)
        indicators.append(
            {
                "id": indicator.id,
                "label": indicator.label,
                "value": round(found.value, 3),
                "weight": float(indicator.weight),
                "points": float(points_of(indicator.weight, found.value)),
                "records": len(found.records),
                "clause": indicator.clause,
            }
        )
    total = sum((Decimal(str(i["points"])) for i in indicators), Decimal(0))
    total += sum((Decimal(str(a["points"])) for a in adjustments), Decimal(0))
    return {
        "unit": scored.unit.code,
        "name": scored.county.name if scored.county else scored.unit.name,
        "kind": scored.kind,
        "county": scored.county.code if scored.county else scored.unit.division.code,
        "year": year,
        "total": float(total.quantize(CENT)),
        "indicators": indicators,
        "adjustments": adjustments,
    }


def scores(year: int, *, units=None) -> list[dict]:
    """One object per scored unit of the year (see score_of), counties first."""
    return scores_of(scored_units(year, units=units), year)


def scores_of(scored: list[Scored], year: int) -> list[dict]:
    """score_of for each of `scored`, their adjustments read in one query."""
    sheet, adjustments = scoring_sheet(), adjustments_by_unit(year, scored)
    return [score_of(one, year, sheet, adjustments.get(one.unit.pk, [])) for one in scored]


def adjustments_by_unit(year: int, scored: list[Scored]) -> dict[int, list[dict]]:
    found: dict[int, list[dict]] = {}
    rows = ScoreAdjustment.objects.filter(year=year, unit__in=[one.unit.pk for one in scored]).select_related("made_by")
    for a in rows.order_by("id"):
        found.setdefault(a.unit_id, []).append(
            {
                "points": float(a.points),
                "indicator": a.indicator,
                "reason": a.reason,
                "by": a.made_by.get_full_name() or a.made_by.username,
                "on": a.made_on.isoformat(),
            }
        )
    return found


def indicator_of(kind: str, indicator_id: str) -> Indicator | None:
    return next((i for i in scoring_sheet()[kind] if i.id == indicator_id), None)
