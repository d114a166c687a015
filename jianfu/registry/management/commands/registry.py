import json as json_lib

from django.core.management.base import BaseCommand

from jianfu.registry.models import Demand
from jianfu.registry.selectors import scope_text


class Command(BaseCommand):
    help = "涉校事项：list 列出某年度的事项（备案号、核验码、名称、类别、提出单位、状态、范围）。"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["list"])
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, year, json: bool, **options):
        demands = (
            Demand.objects.filter(year=year)
            .select_related("requester")
            .prefetch_related("target_counties", "target_levels", "target_schools")
            .order_by("id")
        )
        rows = [
            {
                "number": d.registration_number,
                "code": d.verification_code,
                "title": d.title,
                "category": d.category,
                "requester": d.requester.name,
                "state": d.state,
                "scope": scope_text(d),
            }
            for d in demands
        ]
        if json:
            self.stdout.write(json_dumps(rows))
            return
        for row in rows:
            self.stdout.write(
                f"{row['number'] or '（未登记）':<28} {row['state']:<12} {row['category']:<18} "
                f"{row['title']}　{row['requester']}　{row['scope']}"
            )
        self.stdout.write(f"共 {len(rows)} 项")


def json_dumps(value) -> str:
    return json_lib.dumps(value, ensure_ascii=False)
