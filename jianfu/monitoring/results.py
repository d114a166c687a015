"""What the burden survey found, per site, per county and for the city: codes handed out, answers, the
response rate (answers / codes issued) and the mean hours per activity in the most recent complete week.

A group of fewer than five answers is never shown on its own: its answers, rate and hours are left out and
it says "少于 5 份，不单独显示" instead (five teachers of one small school are easy to tell apart). Its
answers still count in the county's and the city's figures, where they are mixed with others'.
"""

import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jianfu.monitoring.models import ACTIVITIES, MonitoringSite, SurveyAnswer, SurveyCode

SMALLEST_GROUP = 5
SUPPRESSED = gettext_lazy("少于 5 份，不单独显示")


@dataclass
class Group:
    """One row of the results: a site, a county or the city."""

    kind: str  # site | county | city
    key: str  # the site's id, the county's code, "city"
    name: str
    codes: int = 0
    answers: int | None = 0
    response_rate: float | None = None  # answers / codes issued, 0–1, three decimals
    hours: dict[str, float] | None = None  # activity -> mean hours a week
    suppressed: bool = False
    note: str = ""
    county: str = ""  # for a site: its county's code
    school: str = ""
    area: str = ""
    level: str = ""
    _totals: dict = field(default_factory=lambda: defaultdict(Decimal), repr=False)

    def add(self, hours: dict) -> None:
        self.answers += 1
        for activity, value in hours.items():
            self._totals[activity] += Decimal(str(value))

    def close(self) -> dict:
        """The row as shown: means and rate, or only the suppression note for a small group."""
        if self.answers < SMALLEST_GROUP:
            self.answers, self.suppressed, self.note = None, True, str(SUPPRESSED)
        else:
            self.response_rate = round(self.answers / self.codes, 3) if self.codes else None
            self.hours = {activity: _mean(self._totals[activity], self.answers) for activity in ACTIVITIES}
        row = asdict(self)
        row.pop("_totals")
        return row


def _mean(total: Decimal, count: int) -> float:
    return float((total / count).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def results(year: int, *, county: str | None = None, wave: str | None = None) -> dict:
    """The year's results (or one wave's, by its term code), for every site or those of one county (its code).
    Unanswered activities count as 0 hours: an answer is a whole week."""
    sites = (
        MonitoringSite.objects.filter(year=year)
        .select_related("county", "school")
        .order_by("county__path", "area", "level")
    )
    if county:
        sites = sites.filter(county__code=county)
    answers = SurveyAnswer.objects.filter(site__in=sites)
    codes = SurveyCode.objects.filter(site__in=sites)
    if wave:
        answers, codes = answers.filter(wave__term=wave), codes.filter(wave__term=wave)
    codes_by_site = dict(codes.values("site").annotate(n=Count("id")).values_list("site", "n"))
    city = Group(kind="city", key="city", name=_("全市"))
    by_county: dict[str, Group] = {}
    by_site: dict[int, Group] = {}
    for site in sites:
        county_group = by_county.setdefault(
            site.county.code, Group(kind="county", key=site.county.code, name=site.county.name)
        )
        by_site[site.pk] = Group(
            kind="site",
            key=str(site.pk),
            name=site.school.name,
            county=site.county.code,
            school=site.school.code,
            area=site.area,
            level=site.level,
        )
        issued = codes_by_site.get(site.pk, 0)
        for group in (by_site[site.pk], county_group, city):
            group.codes += issued
    for site_id, hours in answers.values_list("site_id", "hours").iterator():
        site_group = by_site[site_id]
        for group in (site_group, by_county[site_group.county], city):
            group.add(hours)
    return {
        "year": year,
        "county": county or "",
        "wave": wave or "",
        "activities": {code: str(label) for code, label in ACTIVITIES.items()},
        "sites": [group.close() for group in by_site.values()],
        "counties": [group.close() for group in by_county.values()],
        "city": None if county else city.close(),
    }


def results_write(stdout, year: int, *, county: str | None = None, as_json: bool = False) -> None:
    """`jianfu monitoring results --year Y [--county CODE] [--json]`: the results, as JSON or as lines."""
    found = results(year, county=county)
    if as_json:
        stdout.write(json.dumps(found, ensure_ascii=False, indent=1))
        return
    stdout.write(_("{year} 年教师负担问卷结果（每周小时数，少于 5 份不单独显示）").format(year=year))
    rows = found["sites"] + found["counties"] + ([found["city"]] if found["city"] else [])
    for row in rows:
        stdout.write(f"  {row['name']}：" + _row_text(row, found["activities"]))


def _row_text(row: dict, activities: dict) -> str:
    if row["suppressed"]:
        return _("发放问卷码 {codes} 个；{note}").format(codes=row["codes"], note=row["note"])
    rate = "—" if row["response_rate"] is None else f"{row['response_rate']:.1%}"
    hours = "，".join(f"{activities[code]} {value}" for code, value in row["hours"].items() if value)
    return _("发放 {codes} 个，回收 {answers} 份，回收率 {rate}；{hours}").format(
        codes=row["codes"], answers=row["answers"], rate=rate, hours=hours
    )
