"""`jianfu monitoring sites|check --year Y`: every county's sites as the operator sees them, an incomplete
matrix refused with its missing cells named; the demo names nine true sites in every county."""

import json
from datetime import date, datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command

from jianfu.monitoring.demo_sites import sites_demo_load
from jianfu.monitoring.models import MonitoringSite, Wave
from jianfu.monitoring.sites import matrix_problems
from jianfu.packs.active import active_engine
from tests.monitoring.test_sites import YEAR, full_matrix

NOW = datetime(2026, 9, 1, 9, 0)


def run(*args) -> str:
    out = StringIO()
    call_command("monitoring", *args, stdout=out)
    return out.getvalue()


def test_sites_json_gives_one_object_per_site_with_county_school_area_and_level(world):
    full_matrix(world)

    with pytest.raises(CommandError):  # 平坝区 has named none
        run("sites", "--year", str(YEAR), "--json")
    sites = json.loads(run("sites", "--year", str(YEAR), "--county", "520402", "--json"))

    assert len(sites) == 9
    assert {(s["area"], s["level"]) for s in sites} == {
        (a, lv) for a in ("urban", "township", "village") for lv in ("secondary", "primary", "kindergarten")
    }
    first = sites[0]
    assert (first["county"], first["area"], first["level"]) == ("520402", "urban", "secondary")
    assert first["school"] == MonitoringSite.objects.get(year=YEAR, area="urban", level="secondary").school.code


def test_an_incomplete_matrix_is_refused_with_its_missing_cells_named(world):
    full_matrix(world)

    with pytest.raises(CommandError) as refused:
        run("check", "--year", str(YEAR))

    message = str(refused.value)
    assert "1 个县（区）" in message and "平坝区" in message
    assert "「村幼儿园」" in message and "西秀区 2026" not in message
    assert run("check", "--year", str(YEAR), "--county", "520402").startswith("西秀区（520402）2026：完整")


def test_an_unknown_county_is_refused_naming_the_code(world):
    with pytest.raises(CommandError, match="9999"):
        run("sites", "--year", str(YEAR), "--county", "9999")


def test_the_demo_names_nine_true_sites_in_every_county_this_year_and_last(world):
    with time_machine.travel(NOW, tick=False):
        named = sites_demo_load()

    assert named == 2 * 2 * 9  # two counties, two years
    pack = active_engine().pack
    for county in (world.xixiu, world.pingba):
        for year in (2025, 2026):
            assert matrix_problems(pack, county, year) == []
            assert MonitoringSite.objects.filter(county=county, year=year).count() == 9
    # the world has no village school: the demo built the ones the cells need, with teachers
    made = MonitoringSite.objects.get(county=world.xixiu, year=2026, area="village", level="secondary").school
    assert made.name.endswith("九年一贯制学校") and made.teachers.count() > 0
    assert MonitoringSite.objects.filter(stand_in_reason__gt="").count() == 0
    assert Wave.objects.filter(year=2026).count() == 2
    sites = json.loads(run("sites", "--year", "2026", "--json"))
    assert len(sites) == 18
    assert min(w.opens_on for w in Wave.objects.filter(year=2026)) == date(2026, 5, 10)
