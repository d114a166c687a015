import json as json_lib
import resource
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from tqdm import tqdm

from jianfu.bench.growth import at_size, growth_figures
from jianfu.bench.measure import Figure, planner_statistics_refreshed, render_table
from jianfu.bench.memory_figures import memory_figures
from jianfu.bench.ocr_figures import ocr_figures
from jianfu.bench.org_figures import import_figures, latency_figures
from jianfu.bench.province import PREFECTURES, province_build
from jianfu.bench.registry_figures import (
    concurrent_approvals_figure,
    demands_generate,
    page_figures,
    similar_figures,
)
from jianfu.bench.screening_figures import screening_figures
from jianfu.bench.served_figures import served_figures
from jianfu.cli import positive_integer
from jianfu.org.models import Division


class Command(BaseCommand):
    help = (
        "基准测试：在独立数据库中生成贵州省规模的数据，报告各项耗时及同次测得的基线。"
        "数据库默认为 var/bench.sqlite3；测 PostgreSQL 时请设置 JIANFU_BENCH_DATABASE_URL"
        "（如 postgres://用户:密码@主机/库名）。DATABASE_URL 对基准测试不起作用：基准测试会清空它所用的数据库。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--schools", type=int, default=20_000)
        parser.add_argument("--teachers", type=int, default=450_000)
        parser.add_argument("--import-rows", type=int, default=50_000)
        parser.add_argument("--demands", type=int, default=100_000)
        parser.add_argument(
            "--growth",
            type=positive_integer("--growth", "--growth 4"),
            default=1,
            help="数据增长的倍数（如 4）：各页面在增长前后各测一次；之后的核验与内存数据在增长后的规模上测得，名称前标“×N data:”",
        )
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, schools, teachers, import_rows, demands, json, **options):
        self._fresh_database()
        counties = sum(n for _, _, n in PREFECTURES)
        with tqdm(total=counties, desc="生成全省数据", unit="县", disable=json) as bar:
            started = time.perf_counter()
            province_build(schools=schools, teachers=teachers, progress=bar.update)
            generation = time.perf_counter() - started
        planner_statistics_refreshed()
        figures = [Figure(f"generate {counties} counties, {schools:,} schools, {teachers:,} teachers", generation, "s")]
        figures += import_figures(import_rows)
        figures += latency_figures()
        figures += self._registry_figures(demands)
        figures += growth_figures(figures, options["growth"], demands=demands, teachers=teachers)
        # After the demands (verification looks one of them up) and after any growth: named by the size measured.
        figures += at_size(served_figures() + memory_figures(), options["growth"])
        figures += screening_figures()
        figures += ocr_figures()
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        figures.append(Figure("peak memory of the benchmark process", peak_mb, "MiB"))
        if json:
            figures_out = [f.as_dict() for f in figures]
            self.stdout.write(json_lib.dumps({"database": connection.vendor, "figures": figures_out}))
        else:
            self.stdout.write(f"database: {connection.vendor}\n" + render_table(figures))

    def _registry_figures(self, demands: int) -> list[Figure]:
        seconds = demands_generate(demands)
        county = Division.objects.get(code="520102")
        author = get_user_model().objects.get(username="bench-author")
        figures = [Figure(f"generate {demands:,} demands", seconds, "s")]
        figures += similar_figures(county, author)
        figures += page_figures(county)
        figures.append(concurrent_approvals_figure(county))
        return figures

    def _fresh_database(self):
        """The bench database is rebuilt every run: the SQLite file is removed, PostgreSQL's schema is
        dropped; migrations then make it anew, with their reference rows. PostgreSQL is set up as
        docs/operations.md tells an operator to: its JIT compiler off for the database."""
        if connection.vendor == "sqlite":
            name = Path(connection.settings_dict["NAME"])
            connection.close()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{name}{suffix}").unlink(missing_ok=True)
        else:
            with connection.cursor() as cursor:
                cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
                cursor.execute(
                    f"ALTER DATABASE {connection.ops.quote_name(connection.settings_dict['NAME'])} SET jit = off"
                )
            connection.close()  # the next connection takes the database's settings
        call_command("migrate", verbosity=0)
        # Pages are measured as production serves them: with the hashed static manifest.
        call_command("collectstatic", interactive=False, verbosity=0)
