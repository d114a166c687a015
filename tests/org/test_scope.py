"""Scope: every role against every other role's objects, on pages and on the API."""

import pytest

from jianfu.org.access import divisions_for, schools_for, teachers_for, units_for

SCHOOLS = ["xixiu_school", "xixiu_other_school", "pingba_school"]
TEACHERS = ["xixiu_teacher", "xixiu_colleague", "pingba_teacher"]

# actor -> (schools visible, schools whose whole roster is visible, single teachers visible besides)
VISIBLE = {
    "city_officer": (SCHOOLS, SCHOOLS, []),
    "county_officer": (SCHOOLS[:2], SCHOOLS[:2], []),
    "other_county_officer": (["pingba_school"], ["pingba_school"], []),
    "inspector": (SCHOOLS[:2], SCHOOLS[:2], []),
    "approver": (SCHOOLS[:2], [], []),
    "department_clerk": (SCHOOLS[:2], [], []),
    "principal": (["xixiu_school"], ["xixiu_school"], []),
    "teacher": (["xixiu_school"], [], ["xixiu_teacher"]),
    "outsider": ([], [], []),
}
TEACHER_SCHOOL = {"xixiu_teacher": "xixiu_school", "xixiu_colleague": "xixiu_school", "pingba_teacher": "pingba_school"}


def teacher_visible(actor: str, teacher: str) -> bool:
    _, rosters, singles = VISIBLE[actor]
    return TEACHER_SCHOOL[teacher] in rosters or teacher in singles


@pytest.mark.parametrize("actor", VISIBLE)
def test_each_role_sees_exactly_the_schools_and_teachers_in_its_scope(world, actor):
    user = getattr(world, actor)
    schools, rosters, singles = VISIBLE[actor]
    assert set(schools_for(user)) == {getattr(world, s) for s in schools}
    expected = {t for s in rosters for t in getattr(world, s).teachers.all()} | {getattr(world, t) for t in singles}
    assert set(teachers_for(user)) == expected


@pytest.mark.parametrize("actor", VISIBLE)
@pytest.mark.parametrize("school", SCHOOLS)
def test_a_school_page_outside_scope_is_not_found_and_inside_is_shown(world, client_for, actor, school):
    target = getattr(world, school)
    response = client_for(getattr(world, actor)).get(f"/schools/{target.code}/")
    assert response.status_code == (200 if school in VISIBLE[actor][0] else 404)


@pytest.mark.parametrize("actor", VISIBLE)
@pytest.mark.parametrize("teacher", TEACHERS)
def test_a_teacher_outside_scope_is_not_found_on_the_page_and_the_api(world, client_for, actor, teacher):
    target = getattr(world, teacher)
    visible = teacher_visible(actor, teacher)
    client = client_for(getattr(world, actor))
    assert client.get(f"/teachers/{target.pk}/").status_code == (200 if visible else 404)
    assert client.get(f"/api/v1/teachers/{target.pk}").status_code == (200 if visible else 404)


def test_a_missing_school_and_a_forbidden_school_look_the_same(world, client_for):
    client = client_for(world.county_officer)
    missing = client.get("/schools/9999999999/")
    forbidden = client.get(f"/schools/{world.pingba_school.code}/")
    assert missing.status_code == forbidden.status_code == 404


def test_a_county_sees_its_own_and_the_city_units_but_not_a_neighbour_county(world):
    codes = set(units_for(world.county_officer).values_list("division__code", flat=True))
    assert codes == {"520400", "520402"}
    assert set(divisions_for(world.county_officer).values_list("code", flat=True)) == {"520000", "520400", "520402"}


def test_the_city_bureau_sees_every_county_unit(world):
    assert set(units_for(world.city_officer).values_list("division__code", flat=True)) == {"520400", "520402", "520403"}


def test_an_outsider_sees_no_school_no_teacher_and_no_unit(world):
    assert not schools_for(world.outsider).exists()
    assert not teachers_for(world.outsider).exists()
    assert not units_for(world.outsider).exists()


def test_the_api_lists_only_the_schools_in_scope(world, client_for):
    body = client_for(world.other_county_officer).get("/api/v1/schools").json()
    assert body["count"] == 1
    assert body["items"][0]["code"] == world.pingba_school.code


def test_a_principal_cannot_reach_the_import_page(world, client_for):
    assert client_for(world.principal).get("/roster/import/").status_code == 403


def test_an_anonymous_visitor_is_sent_to_login(world, client):
    assert client.get("/schools/")["Location"].startswith("/login/")
    assert client.get("/api/v1/schools").status_code == 401
