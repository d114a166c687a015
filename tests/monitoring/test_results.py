"""Survey results per site, county and city: response rates, mean hours, and no group under five shown."""

from datetime import date

from jianfu.monitoring.results import SUPPRESSED, results
from jianfu.monitoring.survey import answer, codes_issue
from tests.monitoring.survey_helpers import WEEK, sites_make, wave_make

ON = date(2026, 11, 10)


def answered(world, site, wave, hours_list, *, codes: int):
    officer = world.county_officer if site.county == world.xixiu else world.other_county_officer
    issued = codes_issue(site.pk, officer, wave_id=wave.pk, count=codes, on=ON)
    for code, hours in zip(issued, hours_list, strict=False):
        answer(code, hours=hours, on=ON)


def test_results_give_rates_and_means_and_hide_groups_under_five(world):
    first, other, pingba = sites_make(world)
    wave = wave_make()
    # Six answers of eight codes at the first school: teaching 10, 12, ... 20 → mean 15.
    answered(world, first, wave, [WEEK | {"teaching": 10 + 2 * n} for n in range(6)], codes=8)
    answered(world, other, wave, [WEEK, WEEK], codes=4)  # two answers: never shown on their own
    answered(world, pingba, wave, [WEEK] * 5, codes=5)

    shown = results(2026)
    sites = {row["school"]: row for row in shown["sites"]}
    first_row = sites[world.xixiu_school.code]
    assert (first_row["codes"], first_row["answers"], first_row["response_rate"]) == (8, 6, 0.75)
    assert first_row["hours"]["teaching"] == 15.0 and first_row["hours"]["parents"] == 0.0
    small = sites[world.xixiu_other_school.code]
    assert small["suppressed"] and small["answers"] is None and small["hours"] is None
    assert small["response_rate"] is None and small["note"] == str(SUPPRESSED) == "少于 5 份，不单独显示"
    assert small["codes"] == 4
    pingba_row = sites[world.pingba_school.code]
    assert (pingba_row["answers"], pingba_row["response_rate"]) == (5, 1.0)

    counties = {row["key"]: row for row in shown["counties"]}
    # The two small answers count in their county: (6 + 2) answers of (8 + 4) codes.
    assert (counties["520402"]["answers"], counties["520402"]["response_rate"]) == (8, 0.667)
    assert counties["520402"]["hours"]["teaching"] == 15.3  # (10+12+14+16+18+20+16+16) / 8 = 15.25, one decimal
    assert (shown["city"]["answers"], shown["city"]["codes"]) == (13, 17)


def test_a_county_with_fewer_than_five_answers_is_not_shown_and_the_filter_keeps_its_sites(world):
    *_, pingba = sites_make(world)
    wave = wave_make()
    answered(world, pingba, wave, [WEEK] * 4, codes=6)
    shown = results(2026, county="520403")
    assert [row["key"] for row in shown["counties"]] == ["520403"]
    assert [row["school"] for row in shown["sites"]] == [world.pingba_school.code]
    assert shown["counties"][0]["suppressed"] and shown["counties"][0]["answers"] is None
    assert shown["city"] is None


def test_a_wave_filter_counts_only_that_waves_codes_and_answers(world):
    first, _, _ = sites_make(world)
    spring, autumn = wave_make(season="spring"), wave_make()
    issued = codes_issue(first.pk, world.principal, wave_id=spring.pk, count=5, on=date(2026, 5, 10))
    for code in issued:
        answer(code, hours=WEEK, on=date(2026, 5, 10))
    answered(world, first, autumn, [WEEK] * 5, codes=10)

    def first_row(**wave):
        return next(row for row in results(2026, **wave)["sites"] if row["key"] == str(first.pk))

    assert first_row(wave="2026-spring")["response_rate"] == 1.0
    assert first_row(wave="2026-autumn")["response_rate"] == 0.5
    assert first_row()["answers"] == 10


def test_the_results_command_prints_json_and_lines_with_small_groups_only_as_their_note(world):
    import io
    import json

    from django.core.management import call_command

    first, other, _ = sites_make(world)
    wave = wave_make()
    answered(world, first, wave, [WEEK] * 5, codes=5)
    answered(world, other, wave, [WEEK], codes=3)
    out = io.StringIO()
    call_command("monitoring", "results", "--year", "2026", "--county", "520402", "--json", stdout=out)
    found = json.loads(out.getvalue())
    assert found == json.loads(json.dumps(results(2026, county="520402")))
    lines = io.StringIO()
    call_command("monitoring", "results", "--year", "2026", stdout=lines)
    text = lines.getvalue()
    assert "西秀区第一小学：发放 5 个，回收 5 份，回收率 100.0%；上课 16.0" in text
    assert "西秀区旧州镇中学：发放问卷码 3 个；少于 5 份，不单独显示" in text
