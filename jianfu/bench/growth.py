"""Growth in the same run (`jianfu bench --growth 4`): every page figure is measured at the base size,
the province then gains (factor - 1) times as many demands and teachers again, and every page is
measured anew. Each page is reported at the grown size beside its bare query (goal: p95 ≤ 5× it) and
beside its own p95 at the base size (goal: growth ≤ 1.3×). Measured in one process, one database, one
sitting: the ratios hold even when the machine is shared; the absolute milliseconds do not.
The figures the bench takes after the growth (verification, worker memory) are named by that size (`at_size`)."""

from dataclasses import replace

from django.contrib.auth import get_user_model

from jianfu.bench.measure import Figure
from jianfu.bench.org_figures import latency_figures
from jianfu.bench.province import teachers_add
from jianfu.bench.registry_figures import demands_generate, page_figures, similar_figures
from jianfu.org.models import Division

GROWTH_GOAL = 1.3


def growth_figures(base: list[Figure], factor: int, *, demands: int, teachers: int) -> list[Figure]:
    """Grows the province `factor`-fold and measures the pages again; `base` holds the figures taken
    at the base size (the bench's earlier ones). Nothing is measured when `factor` is 1."""
    if factor <= 1:
        return []
    teachers_add((factor - 1) * teachers)
    demands_generate((factor - 1) * demands, seed=8)  # ends with planner_statistics_refreshed
    county = Division.objects.get(code="520102")
    author = get_user_model().objects.get(username="bench-author")
    grown = latency_figures() + similar_figures(county, author) + page_figures(county)
    before = {f.name: f for f in base}
    figures = [replace(f, name=f"×{factor}: {f.name}") for f in grown]
    for f in grown:
        # p50 too: on a shared machine a p95 of 30 samples is mostly the scheduler; the median is the page.
        if f.name in before and f.name.endswith(("p95", "p50", "median")):
            figures.append(
                Figure(
                    f"growth ×{factor}: {f.name}", f.value, f.unit, "same figure at the base size", before[f.name].value
                )
            )
    return figures


def at_size(figures: list[Figure], factor: int) -> list[Figure]:
    """Figures measured after the growth (served, memory) name the size they were measured at: a worker
    that downloads a ×4 county's annual list is not the Guizhou-scale worker of a run without --growth."""
    if factor <= 1:
        return figures
    return [replace(f, name=f"×{factor} data: {f.name}") for f in figures]
