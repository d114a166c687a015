"""`jianfu workdays DATE N`: the date N working days after DATE (before it when N is negative)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jianfu.deadlines.calendar import active_calendar
from jianfu.policy.calendar import CalendarNotCovered


class Command(BaseCommand):
    help = "N 个工作日之后（N 为负数时为之前）的日期，末行为 YYYY-MM-DD"

    def add_arguments(self, parser):
        parser.add_argument("date", help="起算日期 YYYY-MM-DD（当天不计）")
        parser.add_argument("n", type=int, help="工作日数，可为负数")
        parser.add_argument("--strict", action="store_true", help="日历未覆盖的年份不推算，直接报错")

    def handle(self, *args, date: str, n: int, strict: bool, **options):
        try:
            start = _parse(date)
            reckoned = active_calendar().add_working_days(start, n, strict=strict)
        except CalendarNotCovered as error:
            raise CommandError(str(error)) from None
        if reckoned.estimated:
            self.stderr.write(_("注意：所涉年份的节假日安排尚未录入日历，暂按周一至周五推算"))
        self.stdout.write(reckoned.day.isoformat())


def _parse(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(_("日期 {text!r} 不是 YYYY-MM-DD 格式；请改正，如 2025-09-30").format(text=text)) from None
