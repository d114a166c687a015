"""`jianfu complaints stats --year Y [--division CODE] [--json]`: the year's complaint figures (clause 6.3)."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jianfu.complaints.stats import stats
from jianfu.org.models import Division


class Command(BaseCommand):
    help = "举报统计：stats --year Y 按层级、县区、被举报单位、负面清单条目和月份列出收到、受理、属实、按时答复和答复用时中位数"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["stats"])
        parser.add_argument("--year", type=int, required=True, help="统计年度（按收到举报的日期）")
        parser.add_argument("--division", metavar="CODE", help="只统计这个区划（代码）及其下级")
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args, **options):
        division = None
        if options["division"]:
            division = Division.objects.filter(code=options["division"]).first()
            if division is None:
                raise CommandError(
                    _("区划代码 {code} 不存在；请核对区划代码（如 520402）").format(code=options["division"])
                )
        figures = stats(options["year"], division=division)
        if options["json"]:
            self.stdout.write(json.dumps(figures, ensure_ascii=False, indent=1))
            return
        self.stdout.write(_("{year} 年举报统计").format(year=figures["year"]))
        self.stdout.write("  " + _line(_("合计"), figures["totals"]))
        for title, key, name in (
            (_("按层级"), "by_level", "label"),
            (_("按县区"), "by_county", "name"),
            (_("按被举报单位"), "by_unit", "name"),
            (_("按负面清单条目"), "by_item", "label"),
            (_("按月份"), "by_month", "month"),
        ):
            self.stdout.write(title)
            for row in figures[key]:
                self.stdout.write("  " + _line(row[name], row))


def _line(name: str, row: dict) -> str:
    median = row["median_days_to_answer"]
    return _(
        "{name}：收到 {received}，受理 {accepted}，属实 {substantiated}，答复 {answered}"
        "（按时 {on_time}），答复用时中位数 {median}"
    ).format(
        name=name,
        received=row["received"],
        accepted=row["accepted"],
        substantiated=row["substantiated"],
        answered=row["answered"],
        on_time=row["answered_on_time"],
        median=_("{n} 天").format(n=median) if median is not None else "—",
    )
