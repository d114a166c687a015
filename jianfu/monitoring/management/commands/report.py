"""`jianfu report county --county CODE --year Y --format pdf|docx --output FILE`: a county's yearly report
(clause 7.4) in official layout — as submitted (figures frozen), or assembled now for a draft.
`jianfu report city --year Y --format pdf|docx --output FILE`: every county's, assembled for the city."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jianfu.monitoring.report_documents import city_report_document, county_report_document
from jianfu.org.models import Division
from jianfu.registry.quotas import QuotaError, quota_year


class Command(BaseCommand):
    help = "年度教师减负情况报告（第 7.4 条）：county --county 代码 --year 年度，或 city --year 年度；--format pdf|docx --output 文件"

    def add_arguments(self, parser):
        parser.add_argument("scope", choices=["county", "city"])
        parser.add_argument("--county", metavar="CODE", help="县（区）区划代码，如 520402（county 必填）")
        parser.add_argument("--city", metavar="CODE", help="市区划代码（city 可选，默认唯一的市）")
        parser.add_argument("--year", required=True, help="报告年度，如 2026")
        parser.add_argument("--format", choices=["pdf", "docx"], default="pdf")
        parser.add_argument("--output", metavar="FILE", required=True, help="输出文件")

    def handle(self, *args, **options):
        try:
            year = quota_year(options["year"])
        except QuotaError as error:
            raise CommandError(str(error)) from None
        if options["scope"] == "county":
            data = county_report_document(_division(options["county"], "--county"), year, fmt=options["format"])
        else:
            data = city_report_document(_city(options["city"]), year, fmt=options["format"])
        Path(options["output"]).write_bytes(data)
        self.stdout.write(_("已写入 {path}").format(path=options["output"]))


def _division(code, option: str) -> Division:
    if not code:
        raise CommandError(_("请用 {option} 给出区划代码，如 520402").format(option=option))
    division = Division.objects.filter(code=code).first()
    if division is None:
        raise CommandError(_("没有区划代码为「{code}」的地区；请检查代码").format(code=code[:20]))
    return division


def _city(code) -> Division:
    if code:
        return _division(code, "--city")
    cities = list(Division.objects.filter(kind="prefecture")[:2])
    if len(cities) != 1:
        raise CommandError(_("请用 --city 给出市的区划代码，如 520400"))
    return cities[0]
