"""The benchmark's parts, at toy scale: the figures come out and the work they time is real."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jianfu.bench.growth import at_size
from jianfu.bench.measure import Figure, render_table
from jianfu.bench.org_figures import import_figures, latency_figures
from jianfu.bench.province import PREFECTURES, province_build
from jianfu.org.models import Division, School, Teacher


def test_the_province_has_88_counties_and_the_asked_numbers(db):
    province_build(schools=880, teachers=4400)
    assert Division.objects.filter(kind="county").count() == sum(n for _, _, n in PREFECTURES) == 88
    assert School.objects.count() == 880
    assert 4000 <= Teacher.objects.count() <= 4800


def statistics_gathered():
    """The province is built inside the test's transaction, where PostgreSQL's autovacuum never sees it: without
    statistics its planner takes the thousands of teachers for a handful and each page's query ran for half a
    minute, repeated for every percentile (the suite's slowest quarter of an hour on PostgreSQL)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def test_the_import_and_latency_figures_stand_beside_their_baselines(db):
    province_build(schools=880, teachers=4400)
    statistics_gathered()
    before = Teacher.objects.count()
    figures = import_figures(300) + latency_figures()
    assert Teacher.objects.count() == before + 300
    timed = [f for f in figures if f.unit == "ms"]
    assert len(timed) == 16 and all(f.baseline and f.value > 0 for f in timed)
    assert "county API /teachers p95" in render_table(figures)


def test_a_figure_without_a_baseline_has_no_ratio():
    assert Figure("x", 2.0, "s").ratio is None
    assert Figure("x", 2.0, "s", "y", 4.0).ratio == 0.5


def test_figures_taken_after_a_fourfold_growth_name_the_size_they_were_taken_at():
    worker = Figure("largest worker resident, with downloads", 119.4, "MiB", "goal of issue 17", 80.0)
    assert at_size([worker], 1) == [worker]
    grown = at_size([worker], 4)
    assert grown[0].name == "×4 data: largest worker resident, with downloads"
    assert (grown[0].value, grown[0].baseline, grown[0].ratio) == (119.4, 80.0, worker.ratio)


def test_the_registry_figures_run_on_a_small_province(transactional_db):
    from django.contrib.auth import get_user_model

    from jianfu.audit.models import AuditHead
    from jianfu.bench.registry_figures import (
        concurrent_approvals_figure,
        demands_generate,
        page_figures,
        similar_figures,
    )
    from jianfu.org.levels import levels_ensure
    from jianfu.org.models import Level
    from jianfu.registry.models import Demand

    levels_ensure(Level)
    AuditHead.objects.get_or_create(pk=1)
    province_build(schools=880, teachers=1760)
    demands_generate(880)
    statistics_gathered()
    assert Demand.objects.count() == 880
    county = Division.objects.get(code="520102")
    author = get_user_model().objects.get(username="bench-author")
    figures = similar_figures(county, author) + page_figures(county) + [concurrent_approvals_figure(county, 4)]
    assert Demand.objects.count() == 884, "the similar-search drafts are removed again; the 4 approvals stay"
    assert [f.name for f in figures][-1] == "4 concurrent approvals: 0 duplicate, 0 missing numbers"


def test_the_screening_figures_measure_real_notices_of_1000_characters():
    from jianfu.bench.screening_figures import notices_of, screening_figures

    assert {len(n) for n in notices_of(count=5)} == {1000}
    command, serial, in_process, first = screening_figures(count=50, runs=1)
    for whole in (command, serial):
        assert whole.unit == "notices/s" and "start-up included" in whole.name
        assert 0 < whole.value < whole.baseline  # the whole screening beside one regular expression
    assert "worker processes" in command.name and "--jobs 1" in serial.name
    assert in_process.unit == "notices/s" and 0 < in_process.value < in_process.baseline
    assert first.unit == "s" and first.value > first.baseline


@pytest.mark.parametrize("wrong", ["0", "-4", "²", "四"])
def test_a_growth_that_is_no_positive_whole_number_is_refused_naming_the_option_before_anything_is_built(wrong):
    with pytest.raises(CommandError, match=f"--growth 须是正整数（收到「{wrong}」），例如 --growth 4"):
        call_command("bench", "--growth", wrong, stdout=StringIO())
