"""`jianfu bench --growth N`: the pages are measured again after the province grows N-fold, in the same
run, each beside its bare query and beside its own figure at the base size."""

from django.contrib.auth import get_user_model

from jianfu.bench.growth import growth_figures
from jianfu.bench.org_figures import latency_figures
from jianfu.bench.province import province_build
from jianfu.bench.registry_figures import demands_generate, page_figures, similar_figures
from jianfu.org.models import Division, Teacher
from jianfu.registry.models import Demand


def test_growing_the_province_twofold_reports_each_page_beside_its_base_size(db):
    province_build(schools=176, teachers=880)
    demands_generate(176)
    county = Division.objects.get(code="520102")
    base = latency_figures() + similar_figures(county, get_user_model().objects.get(username="bench-author"))
    base += page_figures(county)
    teachers, demands = Teacher.objects.count(), Demand.objects.count()
    figures = growth_figures(base, 2, demands=176, teachers=880)
    assert Teacher.objects.count() == teachers + 880 and Demand.objects.count() == demands + 176
    growth = {f.name: f for f in figures if f.name.startswith("growth ×2: ")}
    assert {"growth ×2: school calendar page p95", "growth ×2: prefecture teacher list page p95"} <= set(growth)
    assert all(f.baseline > 0 and f.baseline_name == "same figure at the base size" for f in growth.values())
    calendar = next(f for f in figures if f.name == "×2: school calendar page p95")
    assert calendar.baseline_name == "bare query: 50 demands reaching the school in 2021 p95"


def test_without_growth_nothing_more_is_measured(db):
    assert growth_figures([], 1, demands=10, teachers=10) == []
