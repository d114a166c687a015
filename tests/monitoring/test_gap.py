"""Estimated against measured, computed by hand on a small world and compared with gap()."""

from datetime import date

from jianfu.monitoring.gap import TERM_WEEKS, gap, term_code
from jianfu.monitoring.survey import answer, codes_issue
from jianfu.registry.models import Demand
from jianfu.workflow.demand import State
from tests.monitoring.survey_helpers import sites_make, wave_make

ON = date(2026, 11, 10)


def registered(world, *, requester: str, start: date, hours: str, state=State.REGISTERED, **targets) -> Demand:
    """A demand as the registry leaves it once registered (its route is tested in tests/registry)."""
    demand = Demand.objects.create(
        year=start.year,
        category="inspection",
        title=f"{requester} {start}",
        content="检查",
        requester=world.unit(requester),
        division=world.xixiu,
        start=start,
        end=start,
        estimated_hours=hours,
        state=state,
        target_areas=targets.get("areas", ""),
        created_by=world.department_clerk,
    )
    demand.target_counties.set(targets.get("counties", []))
    demand.target_levels.set(targets.get("levels", []))
    return demand


def answers_at(world, site, wave, external: list[tuple[float, float]]):
    codes = codes_issue(site.pk, world.county_officer, wave_id=wave.pk, count=len(external), on=ON)
    for code, (registered_hours, unregistered_hours) in zip(codes, external, strict=True):
        hours = {"teaching": 14, "external_registered": registered_hours, "external_unregistered": unregistered_hours}
        answer(code, hours=hours, on=ON)


def test_terms_are_named_as_the_waves_are():
    assert [term_code(date(2026, m, 1)) for m in (1, 2, 7, 8, 12)] == [
        "2025-autumn",
        "2026-spring",
        "2026-spring",
        "2026-autumn",
        "2026-autumn",
    ]


def test_the_gap_computed_by_hand_equals_gap(world):
    first, other, _pingba = sites_make(world)
    wave = wave_make()  # 2026 autumn
    # The health bureau's inspection of urban primary schools reaches the first school only: 4 hours.
    registered(
        world,
        requester="520402-WJJ",
        start=date(2026, 9, 10),
        hours="4",
        counties=[world.xixiu],
        levels=["primary"],
        areas="urban",
    )
    # The county bureau's demand on all its schools: 6 hours at each of 西秀区's two sites.
    registered(world, requester="520402-JYJ", start=date(2026, 10, 5), hours="6")
    registered(world, requester="520402-JYJ", start=date(2026, 3, 2), hours="100")  # spring: no wave this year
    registered(
        world, requester="520402-JYJ", start=date(2026, 9, 20), hours="50", state=State.SUBMITTED
    )  # not registered
    # First school, 3 teachers: weekly registered 1,1,2,2,4 (mean 2), unregistered 3 each.
    answers_at(world, first, wave, [(1, 3), (1, 3), (2, 3), (2, 3), (4, 3)])
    # Other school, 2 teachers: two answers of 5 registered hours (a group too small to show alone).
    answers_at(world, other, wave, [(5, 0), (5, 0)])

    found = gap(2026)

    assert TERM_WEEKS == 20
    rows = {(row["school"], row["term"]): row for row in found["sites"]}
    by_hand_first = {
        "teachers": 3,
        "estimated": 4 + 6,
        "answers": 5,
        "measured_registered": 2 * 3 * 20,  # 120
        "measured_unregistered": 3 * 3 * 20,  # 180
        "gap": 120 - 10,
    }
    first_row = rows[(world.xixiu_school.code, "2026-autumn")]
    assert {key: first_row[key] for key in by_hand_first} == by_hand_first
    other_row = rows[(world.xixiu_other_school.code, "2026-autumn")]
    assert other_row["estimated"] == 6 and other_row["suppressed"] and other_row["measured_registered"] is None
    pingba_row = rows[(world.pingba_school.code, "2026-autumn")]
    assert pingba_row["answers"] is None and pingba_row["gap"] is None and not pingba_row["suppressed"]

    (county,) = found["counties"]  # 平坝区 has no answers: no row
    by_hand_county = {
        "county": "520402",
        "term": "2026-autumn",
        "sites_answered": 2,
        "answers": 7,
        "estimated": 10 + 6,
        "measured_registered": 120 + 5 * 2 * 20,  # 320
        "measured_unregistered": 180 + 0,
        "gap": 320 - 16,
    }
    assert {key: county[key] for key in by_hand_county} == by_hand_county
    assert found["trend"] == [county | {"county": "", "county_name": ""}]
    assert found["by_requester"] == [
        {"county": "520402", "requester_kind": "department", "requester_label": "其他部门", "estimated": 4.0},
        {"county": "520402", "requester_kind": "education_bureau", "requester_label": "教育局", "estimated": 12.0},
    ]


def test_a_county_filter_keeps_only_its_sites(world):
    sites_make(world)
    wave_make()
    found = gap(2026, county="520403")
    assert [row["school"] for row in found["sites"]] == [world.pingba_school.code]
    assert found["counties"] == [] and found["trend"] == []
