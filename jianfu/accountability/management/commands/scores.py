"""`jianfu scores --year Y [--json] [--output FILE.xlsx] [--assessment]`: the year's supervision scores (7.2),
one object per county and per requesting department, each indicator with its value, weight, points and the
count of records behind it; as lines, as JSON, or as a workbook (the scores, or with --assessment the
year-end assessment: one row per unit and indicator)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jianfu.accountability.score_sheets import assessment_xlsx, scores_xlsx
from jianfu.accountability.scores import scores
from jianfu.policy.source import PackError
from jianfu.registry.quotas import QuotaError, quota_year


class Command(BaseCommand):
    help = "督导评分（第 7.2 条）：--year 年度 [--json] [--output 文件.xlsx [--assessment]]"

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, help="评分年度，如 2026")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")
        parser.add_argument("--output", metavar="FILE", help="写入 Excel 文件（.xlsx）")
        parser.add_argument(
            "--assessment", action="store_true", help="与 --output 一起：写年度考核表（每个单位每项指标一行）"
        )

    def handle(self, *args, **options):
        try:
            year = quota_year(options["year"])
            rows = scores(year)
        except (QuotaError, PackError) as error:
            raise CommandError(str(error)) from None
        if options["output"]:
            if not options["output"].endswith(".xlsx"):
                raise CommandError(_("--output 应为 .xlsx 文件，如 scores-{year}.xlsx").format(year=year))
            write = assessment_xlsx if options["assessment"] else scores_xlsx
            Path(options["output"]).write_bytes(write(rows, year))
            self.stdout.write(_("已写入 {path}").format(path=options["output"]))
            return
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1))
            return
        for row in rows:
            self.stdout.write(f"{row['unit']} {row['name']}：{row['total']}")
            for i in row["indicators"]:
                self.stdout.write(
                    _("  {label}：比值 {value}，权重 {weight}，得分 {points}（记录 {records} 条）").format(**i)
                )
            for a in row["adjustments"]:
                self.stdout.write(_("  督导加减分 {points}：{reason}").format(**a))
