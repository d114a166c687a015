"""`jianfu deadlines --overdue [--json]`: every pending obligation past its due date."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from jianfu.deadlines.models import PENDING, Obligation
from jianfu.deadlines.selectors import overdue_rows


class Command(BaseCommand):
    help = "逾期待办：每项一个对象（owner, what, due, clause, days_overdue）"

    def add_arguments(self, parser):
        parser.add_argument("--overdue", action="store_true", help="列出已逾期的待办")
        parser.add_argument("--json", action="store_true", help="输出 JSON（每项一个对象）")

    def handle(self, *args, overdue: bool, json: bool, **options):
        if not overdue:
            raise CommandError(_("请指定要列出的内容，如 --overdue"))
        today = timezone.localdate()
        obligations = (
            Obligation.objects.filter(state__in=PENDING, due_on__lt=today)
            .select_related("owner_unit", "owner_school")
            .order_by("due_on", "id")
        )
        rows = overdue_rows(obligations, today=today)
        if json:
            self.stdout.write(_dumps(rows))
            return
        for row in rows:
            self.stdout.write(
                _("{owner}：{what}，{due} 到期（第 {clause} 条），已逾期 {days} 天").format(
                    owner=row["owner"], what=row["what"], due=row["due"], clause=row["clause"], days=row["days_overdue"]
                )
            )
        self.stderr.write(_("共 {n} 项逾期").format(n=len(rows)))


def _dumps(rows) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=1)
