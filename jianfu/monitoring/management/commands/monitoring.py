"""`jianfu monitoring sites --year Y [--county CODE] [--json]`: each county's monitoring sites of a year
(clause 7.4), one object per site (county, school, area, level); `jianfu monitoring check --year Y
[--county CODE]`: each county's matrix checked against the pack, the missing cells and mismatches named.
Both end with an error when a county's matrix is incomplete, so a script notices."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jianfu.monitoring.results import results_write
from jianfu.monitoring.selectors import counties_with_schools, sites_of_year
from jianfu.monitoring.sites import SiteInvalid, area_label, level_label, matrix_of, matrix_problems
from jianfu.org.models import Division
from jianfu.packs.active import active_engine


class Command(BaseCommand):
    help = "监测点（第 7.4 条）：sites --year 年度 列出各县（区）监测点；check --year 年度 按政策包矩阵逐县检查"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["sites", "check", "results"])
        parser.add_argument("--year", type=int, required=True, help="监测年度，如 2026")
        parser.add_argument("--county", metavar="CODE", help="只看一个县（区），区划代码如 520402")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出，每个监测点一个对象")

    def handle(self, *args, **options):
        if options["action"] == "results":  # the survey's results (monitoring/results.py)
            return results_write(self.stdout, options["year"], county=options["county"], as_json=options["json"])
        year, counties = options["year"], _counties(options["county"])
        pack = active_engine().pack
        try:
            problems = {county: matrix_problems(pack, county, year) for county in counties}
        except SiteInvalid as error:
            raise CommandError(error.message) from None
        if options["action"] == "sites":
            self._sites(pack, year, counties, as_json=options["json"])
        else:
            self._check(year, problems, as_json=options["json"])
        incomplete = [county for county, found in problems.items() if found]
        if incomplete:
            lines = [problem for county in incomplete for problem in problems[county]]
            raise CommandError(
                _("{n} 个县（区）的 {year} 年监测点矩阵不完整：").format(n=len(incomplete), year=year)
                + "\n  "
                + "\n  ".join(lines)
            )

    def _sites(self, pack, year: int, counties: list[Division], *, as_json: bool) -> None:
        sites = [site_json(site) for site in _in_matrix_order(pack, year, counties)]
        if as_json:
            self.stdout.write(json.dumps(sites, ensure_ascii=False, indent=1))
            return
        self.stdout.write(_("{year} 年监测点 {n} 个").format(year=year, n=len(sites)))
        for site in sites:
            stand_in = _("（替代：{reason}）").format(reason=site["stand_in_reason"]) if site["stand_in_reason"] else ""
            self.stdout.write(
                f"  {site['county_name']:<8} {area_label(site['area'])}{level_label(site['level'])}"
                f"  {site['school_name']}（{site['school']}）{stand_in}"
            )

    def _check(self, year: int, problems: dict, *, as_json: bool) -> None:
        if as_json:
            found = [{"county": c.code, "county_name": c.name, "problems": p} for c, p in problems.items()]
            self.stdout.write(json.dumps(found, ensure_ascii=False, indent=1))
            return
        for county, found in problems.items():
            verdict = _("完整") if not found else _("{n} 处问题").format(n=len(found))
            self.stdout.write(f"{county.name}（{county.code}）{year}：{verdict}")
            for problem in found:
                self.stdout.write(f"  {problem}")


def site_json(site) -> dict:
    return {
        "county": site.county.code,
        "county_name": site.county.name,
        "school": site.school.code,
        "school_name": site.school.name,
        "area": site.area,
        "level": site.level,
        "stand_in_reason": site.stand_in_reason,
        "stand_in_approved": site.stand_in_approved_by_id is not None,
    }


def _in_matrix_order(pack, year: int, counties: list[Division]):
    matrix = matrix_of(pack, year)
    order = {cell: n for n, cell in enumerate(matrix.cells())}
    for county in counties:
        sites = sites_of_year(year, county=county)
        yield from sorted(sites, key=lambda site: order.get((site.area, site.level), len(order)))


def _counties(code: str | None) -> list[Division]:
    if not code:
        return list(counties_with_schools())
    division = Division.objects.filter(code=code).first()
    if division is None:
        raise CommandError(_("没有区划代码为「{code}」的县（区）；请检查代码").format(code=code[:20]))
    return [division]
