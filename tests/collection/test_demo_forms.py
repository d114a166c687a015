"""The demo's forms (issue 14: "the demo has forms in every state"): filed and moved through the registry's
services in 西秀区, the registered ones prefilled and partly answered, the demo principal's school left to
fill them."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine
from django.contrib.auth import get_user_model

from jianfu.collection.demo_forms import forms_demo_is_loaded, forms_demo_load
from jianfu.collection.models import FormResponse
from jianfu.collection.responses import form_for_school
from jianfu.org.models import Role
from jianfu.org.services import role_grant

TODAY = date(2021, 3, 20)


def test_the_demo_has_forms_in_every_state_and_answers_to_the_registered_ones(world):
    for name, role, unit in (
        ("xixiu-requester", Role.REQUESTER, "520402-WJJ"),
        ("xixiu-bureau", Role.EDUCATION_BUREAU, "520402-JYJ"),
    ):
        role_grant(user=get_user_model().objects.create_user(name), role=role, unit=world.unit(unit))
    assert not forms_demo_is_loaded()
    with time_machine.travel(datetime(2021, 3, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        forms = forms_demo_load(today=TODAY)
    assert forms_demo_is_loaded()
    assert [f.state for f in forms] == ["registered", "registered", "draft", "submitted", "returned", "done"]
    school_form, checkup = forms[0], forms[1]
    assert not FormResponse.objects.filter(school=world.xixiu_school).exists()  # left for the visitor
    assert FormResponse.objects.filter(demand=school_form, school=world.xixiu_other_school).exists()
    view = form_for_school(checkup, world.xixiu_school)
    assert [row.name for row in view.rows] == list(
        world.xixiu_school.teachers.order_by("id").values_list("name", flat=True)
    )
    assert all(row.values[view.fields[1].key].count("*") >= 8 for row in view.rows)  # masked ID numbers
