import json

from django.core.management.base import BaseCommand, CommandError

from jianfu.registry.quotas import QuotaError, quota_table, quota_year


class Command(BaseCommand):
    help = "各级、各类事项的总量：基数、当年限额、已登记数。"

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, help="年度，2000 至明年")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, year, **options):
        try:
            rows = quota_table(quota_year(year))
        except QuotaError as error:
            raise CommandError(str(error)) from None
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        for row in rows:
            limit = "无限额" if row["limit"] is None else row["limit"]
            self.stdout.write(
                f"{row['division']:<14} {row['category']:<12} 基数 {row['baseline']}　限额 {limit}　"
                f"已登记 {row['used']}"
            )
