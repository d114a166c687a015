"""The burden survey: codes issued by the site's school or county bureau, shown once and kept as digests;
an answer that keeps nothing of who gave it; a code that admits one answer, even when two race."""

from datetime import date

import pytest
from django.http import Http404

from jianfu.audit.models import AuditEvent
from jianfu.monitoring.models import SurveyAnswer, SurveyCode
from jianfu.monitoring.survey import (
    CODE_UNKNOWN,
    CODE_USED,
    SurveyInvalid,
    answer,
    code_digest,
    codes_issue,
)
from tests.monitoring.survey_helpers import WEEK, sites_make, wave_make
from tests.race import race
from tests.world import committed_world

ON = date(2026, 11, 10)


@pytest.fixture
def site_and_wave(world):
    site, _, _ = sites_make(world)
    return site, wave_make()


def test_principal_issues_codes_that_are_stored_only_as_digests(world, site_and_wave):
    site, wave = site_and_wave
    codes = codes_issue(site.pk, world.principal, wave_id=wave.pk, count=3, on=ON)
    assert len(set(codes)) == 3
    stored = list(SurveyCode.objects.values_list("digest", flat=True))
    assert sorted(stored) == sorted(code_digest(code) for code in codes)
    assert not any(code.replace("-", "") in digest.upper() for code in codes for digest in stored)
    event = AuditEvent.objects.get(action="survey_codes_issue")
    assert event.after == {"wave": wave.term, "count": 3}


def test_county_bureau_issues_codes_and_other_county_sees_not_found(world, site_and_wave):
    site, wave = site_and_wave
    assert len(codes_issue(site.pk, world.county_officer, wave_id=wave.pk, count=2, on=ON)) == 2
    for stranger in (world.other_county_officer, world.teacher, world.outsider):
        with pytest.raises(Http404):
            codes_issue(site.pk, stranger, wave_id=wave.pk, count=2, on=ON)


def test_a_count_out_of_range_is_refused_naming_the_count(world, site_and_wave):
    site, wave = site_and_wave
    with pytest.raises(SurveyInvalid) as refused:
        codes_issue(site.pk, world.principal, wave_id=wave.pk, count=0, on=ON)
    assert refused.value.field == "count" and "问卷码数量" in str(refused.value)


def test_answer_keeps_no_identity_and_the_code_is_used_once(world, site_and_wave):
    site, wave = site_and_wave
    (code,) = codes_issue(site.pk, world.principal, wave_id=wave.pk, count=1, on=ON)
    answer(code.lower(), hours=WEEK, demands="填报表两张", comment="希望少开会", on=ON)
    stored = SurveyAnswer.objects.get()
    assert (stored.site, stored.wave, stored.answered_on) == (site, wave, ON)
    assert stored.hours["teaching"] == 16 and stored.hours["external_unregistered"] == 3
    # Nothing on the row can lead back to the code or a person: only these columns exist.
    columns = {f.attname for f in SurveyAnswer._meta.concrete_fields}
    assert columns == {"id", "site_id", "wave_id", "hours", "demands", "comment", "answered_on"}
    assert SurveyCode.objects.get().used is True
    with pytest.raises(SurveyInvalid) as refused:
        answer(code, hours=WEEK, on=ON)
    assert str(refused.value) == str(CODE_USED)
    assert SurveyAnswer.objects.count() == 1


def test_an_unknown_code_is_refused(world, site_and_wave):
    with pytest.raises(SurveyInvalid) as refused:
        answer("ABCDE-FGHJK", hours=WEEK, on=ON)
    assert str(refused.value) == str(CODE_UNKNOWN)


def test_an_answer_outside_the_wave_is_refused_and_the_code_stays_usable(world, site_and_wave):
    site, wave = site_and_wave
    (code,) = codes_issue(site.pk, world.principal, wave_id=wave.pk, count=1, on=ON)
    with pytest.raises(SurveyInvalid) as refused:
        answer(code, hours=WEEK, on=date(2026, 10, 1))
    assert "2026-11-01" in str(refused.value)
    answer(code, hours=WEEK, on=ON)
    assert SurveyAnswer.objects.count() == 1


@pytest.mark.parametrize(
    ("hours", "named"),
    [
        ({"teaching": 81}, "上课"),
        ({"marking": -1}, "批改作业"),
        ({"parents": "很多"}, "家校沟通"),
        ({"teaching": 80, "preparation": 33}, "112"),
        ({"sleeping": 5}, "sleeping"),
        ({}, "至少填写一项"),
    ],
)
def test_hours_out_of_bounds_are_refused_naming_the_activity(world, site_and_wave, hours, named):
    site, wave = site_and_wave
    (code,) = codes_issue(site.pk, world.principal, wave_id=wave.pk, count=1, on=ON)
    with pytest.raises(SurveyInvalid) as refused:
        answer(code, hours=hours, on=ON)
    assert named in str(refused.value)
    assert SurveyAnswer.objects.count() == 0 and SurveyCode.objects.get().used is False


def test_two_racing_answers_with_one_code_exactly_one_lands(transactional_db):
    world = committed_world()
    site, _, _ = sites_make(world)
    wave = wave_make()
    (code,) = codes_issue(site.pk, world.principal, wave_id=wave.pk, count=1, on=ON)
    outcomes = race(lambda: answer(code, hours=WEEK, on=ON), lambda: answer(code, hours=WEEK, on=ON))
    assert outcomes[-1] == "won" and outcomes.count("won") == 1
    assert SurveyAnswer.objects.count() == 1


def test_the_demo_answers_at_every_site_in_each_opened_wave_through_the_service(world):
    import time_machine

    from jianfu.monitoring.demo_survey import survey_demo_is_loaded, survey_demo_load

    sites = sites_make(world)
    with time_machine.travel(date(2026, 11, 27)):
        assert not survey_demo_is_loaded()
        stored = survey_demo_load()
        assert survey_demo_is_loaded()
    answered = set(SurveyAnswer.objects.values_list("site_id", "wave__term").distinct())
    assert answered == {(site.pk, term) for site in sites for term in ("2026-spring", "2026-autumn")}
    assert stored == SurveyAnswer.objects.count() == SurveyCode.objects.filter(used=True).count()
    assert all(a.wave.opens_on <= a.answered_on <= a.wave.closes_on for a in SurveyAnswer.objects.all())
