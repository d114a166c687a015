"""Open figures (7.3's publicity, 6.3's public supervision): each county's figures of a year for anyone, as a
page, CSV and JSON with a stable schema — counted by the same functions as the county's report and the
supervision scores, never a second way.

No personal data: counts and means only; a monitoring group too small to show stays suppressed (its rate and
hours are null and `monitoring_suppressed` is true), as jianfu/monitoring/results.py decides.

Schema `jianfu-open-figures/1` (one row per county; a later change of meaning gets a new version):

| column | meaning |
| county, county_name | the county's GB/T 2260 (or local) code and name |
| year | the calendar year counted |
| baseline_year, quota_baseline, quota_limit, quota_used | quota categories summed: the baseline year's count,
  the year's limit, the demands registered against it (null where no baseline was entered) |
| demands_registered | demands of every category registered for the year in the county |
| refusals | refusals recorded by the county's schools in the year |
| complaints_received, complaints_answered, complaints_answered_on_time | complaints received in the year |
| secondment_returns_due, secondments_returned_on_time | secondments' returns due in the year (to date) and
  how many were back by the day |
| survey_response_rate | answers ÷ codes issued, 0–1 (null: suppressed or no codes) |
| survey_external_hours | mean weekly hours of outside demands (registered and unregistered) per teacher |
| monitoring_suppressed | true when fewer than 5 answers: nothing of the survey is shown |
"""

from decimal import ROUND_HALF_UP, Decimal

from jianfu.accountability.indicators import COUNTY, Scored, return_obligations, returned_in_time
from jianfu.complaints.stats import stats as complaint_stats
from jianfu.monitoring.models import EXTERNAL
from jianfu.monitoring.report import demand_figures, quota_figures, refusal_figures
from jianfu.monitoring.results import results
from jianfu.monitoring.selectors import counties_with_schools

SCHEMA = "jianfu-open-figures/1"
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
COLUMNS = (
    "county",
    "county_name",
    "year",
    "baseline_year",
    "quota_baseline",
    "quota_limit",
    "quota_used",
    "demands_registered",
    "refusals",
    "complaints_received",
    "complaints_answered",
    "complaints_answered_on_time",
    "secondment_returns_due",
    "secondments_returned_on_time",
    "survey_response_rate",
    "survey_external_hours",
    "monitoring_suppressed",
)


def open_figures(year: int) -> list[dict]:
    """One row per county with schools, in the division order, with exactly COLUMNS."""
    return [_county_row(county, year) for county in counties_with_schools()]


def _county_row(county, year: int) -> dict:
    quota = quota_figures(county, year)
    complaints = complaint_stats(year, division=county)["totals"]
    returns = _returns(county, year)
    survey = _survey(county, year)
    return {
        "county": county.code,
        "county_name": county.name,
        "year": year,
        "baseline_year": quota["baseline_year"],
        "quota_baseline": quota["totals"]["baseline"],
        "quota_limit": quota["totals"]["limit"],
        "quota_used": quota["totals"]["used"],
        "demands_registered": demand_figures(county, year)["registered"],
        "refusals": refusal_figures(county, year)["refusals"],
        "complaints_received": complaints["received"],
        "complaints_answered": complaints["answered"],
        "complaints_answered_on_time": complaints["answered_on_time"],
        **returns,
        **survey,
    }


def _returns(county, year: int) -> dict:
    """The scores' own count (indicators.returned_on_time): the returns due and those met by the day."""
    obligations = return_obligations(Scored(COUNTY, None, county), year)  # a county's: its division's
    return {"secondment_returns_due": len(obligations), "secondments_returned_on_time": returned_in_time(obligations)}


def _survey(county, year: int) -> dict:
    groups = results(year, county=county.code)["counties"]
    group = groups[0] if groups else None
    if group is None or group["suppressed"]:
        return {"survey_response_rate": None, "survey_external_hours": None, "monitoring_suppressed": group is not None}
    hours = sum(Decimal(str(group["hours"][activity])) for activity in EXTERNAL)
    return {
        "survey_response_rate": group["response_rate"],
        "survey_external_hours": float(hours.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)),
        "monitoring_suppressed": False,
    }
