"""Survey waves come from the pack (monitoring_waves): one a term for Anshun, created once per year."""

import dataclasses
from datetime import date

import pytest

from jianfu.audit.models import AuditEvent
from jianfu.monitoring.models import Wave
from jianfu.monitoring.waves import WavesMissing, wave_open_on, waves_for, waves_planned
from jianfu.packs.active import active_engine
from jianfu.policy.model import DatedValue


def test_waves_for_creates_the_years_two_waves_from_the_pack(db):
    spring, autumn = waves_for(2026)

    assert (spring.term, spring.label, spring.opens_on, spring.closes_on) == (
        "2026-spring",
        "2026年春季学期",
        date(2026, 5, 10),
        date(2026, 5, 31),
    )
    assert (autumn.term, autumn.opens_on, autumn.closes_on) == ("2026-autumn", date(2026, 10, 20), date(2026, 11, 10))
    assert spring.year == autumn.year == 2026


def test_the_autumn_wave_closes_before_the_report_is_due(db):
    *_, autumn = waves_for(2026)

    assert autumn.closes_on < active_engine().deadline_date("monitoring_report_due", 2026)


def test_waves_for_twice_gives_the_same_rows_and_audits_them_once(db):
    first = waves_for(2026)

    assert waves_for(2026) == first
    assert Wave.objects.count() == 2
    assert AuditEvent.objects.filter(action="monitoring.wave_create").count() == 2


def test_a_year_before_the_measures_has_no_waves_and_says_which_file(db):
    with pytest.raises(WavesMissing) as missing:
        waves_for(2020)

    assert "monitoring_waves.yaml" in str(missing.value)
    assert not Wave.objects.exists()


def test_a_wave_closing_before_it_opens_is_refused_naming_its_place():
    pack = active_engine().pack
    limit = pack.limits["monitoring_waves"]
    wrong = {"term": "spring", "label": "春季学期", "opens": "05-31", "closes": "05-10"}
    broken = dataclasses.replace(limit, values=(DatedValue(date(2021, 2, 5), [wrong], "7.4"),))
    pack = dataclasses.replace(pack, limits=pack.limits | {"monitoring_waves": broken})

    with pytest.raises(WavesMissing) as missing:
        waves_planned(2026, pack=pack)

    assert "第 1 项" in str(missing.value)


def test_wave_open_on_a_day_is_the_one_taking_answers(db):
    spring, autumn = waves_for(2026)

    assert wave_open_on(date(2026, 5, 10)) == spring
    assert wave_open_on(date(2026, 11, 10)) == autumn
    assert wave_open_on(date(2026, 6, 1)) is None
