import json
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from tqdm import tqdm

from jianfu.accountability.demo_pay import pay_demo_is_loaded, pay_demo_load
from jianfu.accountability.demo_progress import progress_demo_is_loaded, progress_demo_load
from jianfu.accountability.demo_scores import scores_demo_is_loaded, scores_demo_load
from jianfu.collection.demo import grants_demo_is_loaded, grants_demo_load
from jianfu.collection.demo_forms import forms_demo_is_loaded, forms_demo_load
from jianfu.complaints.demo import complaints_demo_is_loaded, complaints_demo_load
from jianfu.deadlines.demo import deadlines_demo_is_loaded, deadlines_demo_load
from jianfu.monitoring.demo_report import report_demo_is_loaded, report_demo_load
from jianfu.monitoring.demo_sites import sites_demo_is_loaded, sites_demo_load
from jianfu.monitoring.demo_survey import survey_demo_is_loaded, survey_demo_load
from jianfu.org.demo.load import DEMO_PASSWORD, SCHOOLS_PER_COUNTY, demo_accounts, demo_is_loaded, demo_load
from jianfu.registry.demo import registry_demo_is_loaded, registry_demo_load
from jianfu.secondments.demo import secondments_demo_is_loaded, secondments_demo_load

NOT_PRODUCTION_FLAG = "--i-know-this-is-not-production"
REFUSED_WITHOUT_DEBUG = (
    "DEBUG 未开启，看起来这是正式环境：演示数据会建立使用公开密码的账号，已拒绝载入。"
    f"如确为本机试用，请加上 {NOT_PRODUCTION_FLAG} 再运行（make run 已自动加上）。"
)


class Command(BaseCommand):
    help = "载入安顺演示数据（只载入一次），并列出各角色的演示账号。"

    def add_arguments(self, parser):
        parser.add_argument("--teachers", type=int, default=40_000, help="教师总数（默认 40000）")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出演示账号")
        parser.add_argument("--no-registry", action="store_true", help="只载入组织与名册，不生成涉校事项")
        parser.add_argument(
            NOT_PRODUCTION_FLAG,
            dest="not_production",
            action="store_true",
            help="DEBUG 关闭时仍载入演示数据（仅限本机试用，如 make run）",
        )

    def handle(self, *args, **options):
        # The demo's accounts share a published password: in a production database they would be
        # open doors. A production install runs with DEBUG off, so that is when the demo asks to be sure.
        if not settings.DEBUG and not options["not_production"]:
            raise CommandError(REFUSED_WITHOUT_DEBUG)
        if demo_is_loaded():
            self.stderr.write("演示数据已存在，未重复载入。")
        else:
            started = time.perf_counter()
            with tqdm(total=len(SCHOOLS_PER_COUNTY), desc="载入演示数据", unit="县", disable=options["json"]) as bar:
                demo_load(teachers_total=options["teachers"], progress=lambda name, n: bar.update(1))
            self.stderr.write(f"演示数据已载入，用时 {time.perf_counter() - started:.1f} 秒。")
            statistics_refreshed()
        if not options["no_registry"] and not registry_demo_is_loaded():
            started = time.perf_counter()
            count = registry_demo_load()
            self.stderr.write(f"涉校事项演示数据已生成：{count} 项，用时 {time.perf_counter() - started:.1f} 秒。")
        statistics_refreshed()
        if not options["no_registry"] and not deadlines_demo_is_loaded():
            deadlines_demo_load()  # open, met and overdue obligations in every county (jianfu/deadlines/demo.py)
        if not options["no_registry"] and not complaints_demo_is_loaded():
            tried = complaints_demo_load()  # complaints in every state (jianfu/complaints/demo.py)
            if tried:
                self.stderr.write(
                    f"演示举报（可在举报查询页试用）：查询码 {tried.receipt}，查询密码 {tried.passphrase}"
                )
        if not options["no_registry"] and not secondments_demo_is_loaded():
            secondments_demo_load()  # approved, expiring, overdue, unapproved and on-leave teachers in every county
        if not options["no_registry"] and not grants_demo_is_loaded():
            grants_demo_load()  # one data-access grant instead of a form (jianfu/collection/demo.py)
        if not options["no_registry"] and not forms_demo_is_loaded():
            forms_demo_load()  # forms in every state, the registered ones partly answered (collection/demo_forms.py)
        if not options["no_registry"] and not sites_demo_is_loaded():
            sites_demo_load()  # nine monitoring sites per county, this year and last, and the waves (monitoring/demo_sites.py)
        if not options["no_registry"] and not survey_demo_is_loaded():
            survey_demo_load()  # survey answers at every site this year, one site under five (monitoring/demo_survey.py)
        if not options["no_registry"] and not report_demo_is_loaded():
            report_demo_load()  # last year's report submitted in every county, this year's owed (monitoring/demo_report.py)
        if not options["no_registry"] and not pay_demo_is_loaded():
            pay_demo_load()  # the 工资数据查看 group; three years of pay per county, 平坝区 below parity (accountability/demo_pay.py)
        if not options["no_registry"] and not progress_demo_is_loaded():
            progress_demo_load()  # the measures' reports of the last half-year: accepted, returned, awaiting, overdue
        if not options["no_registry"] and not scores_demo_is_loaded():
            scores_demo_load()  # the inspectorate's adjustments, with reasons, on this year's scores (accountability/demo_scores.py)
        accounts = demo_accounts()
        if options["json"]:
            self.stdout.write(
                json.dumps({"password": DEMO_PASSWORD, "accounts": [a.__dict__ for a in accounts]}, ensure_ascii=False)
            )
            return
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for account in accounts:
            self.stdout.write(f"  {account.username:<22} {account.role:<14} {account.where}")


def statistics_refreshed() -> None:
    """PostgreSQL plans from table statistics that autovacuum refreshes only after a commit: within one
    transaction (the demo loaded inside a test) the tables just filled still look empty, and the later
    loaders' look-ups (a unit's inspectors, once per progress report) ran for seconds each. ANALYZE may run
    inside a transaction and sees its rows."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
