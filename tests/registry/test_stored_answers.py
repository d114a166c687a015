"""Stored verification answers (issue 17): a look-up reads one stored row, and every change that alters
an answer stores it afresh in the same transaction. After each step of the real workflows, every stored
answer must equal the one computed from the registry now, and the public answer must show the change at
once (no cache to expire)."""

import itertools
import json
from datetime import date

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import transaction

from jianfu.org.models import DemoMark, Level, UnitKind
from jianfu.org.services import roster_import
from jianfu.registry.answer_query import LOOKED_UP_STATES, answer_rows
from jianfu.registry.models import Demand, PublicAnswer
from jianfu.registry.stored_answers import check_answers
from jianfu.workflow.demand import Action
from tests.registry.scenario import act_through_api, post
from tests.registry.test_lifecycle import act, register
from tests.registry.test_text_findings import street_duty_submitted
from tests.sheets import SCHOOL_HEADER, UNIT_HEADER, xlsx

_addresses = itertools.count(1)


def public(client, key: str) -> dict:
    """The public API's answer, from an address of its own (the rate limit is not what is tested here)."""
    return client.get(f"/api/v1/verify/{key}", REMOTE_ADDR=f"10.9.0.{next(_addresses)}").json()


def every_stored_answer_is_the_fresh_one() -> None:
    looked_up = list(Demand.objects.filter(state__in=LOOKED_UP_STATES).values_list("pk", flat=True))
    assert check_answers() == []
    assert sorted(PublicAnswer.objects.values_list("demand_id", flat=True)) == sorted(looked_up)
    fresh = {row.pk: row.as_json() for row in answer_rows(looked_up)}
    assert dict(PublicAnswer.objects.values_list("demand_id", "row")) == fresh


def test_each_step_of_the_workflows_stores_the_fresh_answer_and_the_public_sees_it_at_once(
    world, client_for, file_demand, client
):
    # A campus activity whose street-duty finding the county bureau dismisses, then registers.
    draft = street_duty_submitted(world, client_for)
    every_stored_answer_is_the_fresh_one()  # under review: nothing to look up yet
    bureau = client_for(world.county_officer)
    reason = "经核实由交警与家长志愿者值守，教师不上路口"
    finding = f"/api/v1/demands/{draft['id']}/findings/negative_list.A.15"
    assert post(bureau, finding, {"dismiss": True, "reason": reason}).status_code == 200
    assert act_through_api(bureau, draft["id"], "advance", "approval").json()["state"] == "registered"
    duty = Demand.objects.get(pk=draft["id"])
    every_stored_answer_is_the_fresh_one()
    answer = public(client, duty.verification_code)
    assert answer["status"] == "valid" and answer["dismissed"] == [{"clause": "A.15", "reason": reason}]

    # The bureau revokes it: the very next look-up says so.
    act(world.county_officer, duty, Action.REVOKE, reason="登记有误")
    every_stored_answer_is_the_fresh_one()
    assert public(client, duty.registration_number)["status"] == "revoked"

    # An inspection registered, then its scope edited from either side.
    inspection = register(world, file_demand())
    every_stored_answer_is_the_fresh_one()
    school = world.xixiu_other_school
    assert school.name not in public(client, inspection.verification_code)["scope"]
    inspection.target_schools.add(school)
    every_stored_answer_is_the_fresh_one()
    assert school.name in public(client, inspection.verification_code)["scope"]
    school.demands.clear()
    every_stored_answer_is_the_fresh_one()
    assert school.name not in public(client, inspection.verification_code)["scope"]
    inspection.target_levels.add(Level.objects.get(code="junior"))
    every_stored_answer_is_the_fresh_one()
    assert "初中" in public(client, inspection.verification_code)["scope"]

    # Renames of the county, a level and the requester reach the answers that name them.
    world.xixiu.name = "西秀区（更名）"
    world.xixiu.save()
    every_stored_answer_is_the_fresh_one()
    assert "西秀区（更名）" in public(client, inspection.verification_code)["scope"]
    junior = Level.objects.get(code="junior")
    junior.name = "初级中学"
    junior.save()
    every_stored_answer_is_the_fresh_one()
    assert "初级中学" in public(client, inspection.verification_code)["scope"]
    requester = inspection.requester
    requester.name = "安顺市西秀区卫生健康局"
    requester.save()
    every_stored_answer_is_the_fresh_one()
    assert public(client, inspection.verification_code)["requester"] == "安顺市西秀区卫生健康局"

    # The demo is marked: answers stay true and the page says it is demo data at once.
    DemoMark.objects.create(version="test")
    every_stored_answer_is_the_fresh_one()
    assert "演示数据：" in client.get(f"/v/{inspection.verification_code}").content.decode()

    # Carried out once its last day has passed: done, still valid until... expired by date.
    with time_machine.travel(date(2021, 9, 13)):
        act(world.department_clerk, inspection, Action.COMPLETE)
        every_stored_answer_is_the_fresh_one()
        assert public(client, inspection.verification_code)["status"] == "expired"

    # Deleted (an administrator's mistake mended): its stored answer goes with it.
    code = inspection.verification_code
    Demand.objects.get(pk=inspection.pk).delete()
    every_stored_answer_is_the_fresh_one()
    assert public(client, code)["status"] == "unknown"


def test_imports_that_rename_a_school_or_a_requester_store_the_answers_afresh(world, file_demand, client):
    inspection = register(world, file_demand())
    inspection.target_schools.add(world.xixiu_other_school)
    every_stored_answer_is_the_fresh_one()
    requester = inspection.requester
    kind = str(dict(UnitKind.choices)[requester.kind])
    units = xlsx(UNIT_HEADER, [[requester.code, "西秀区卫健局（导入更名）", kind, "520402"]])
    roster_import(kind="units", data=units, acting_user=world.county_officer)
    every_stored_answer_is_the_fresh_one()
    assert public(client, inspection.verification_code)["requester"] == "西秀区卫健局（导入更名）"
    school = world.xixiu_other_school
    schools = xlsx(SCHOOL_HEADER, [[school.code, "西秀区导入更名学校", "520402", "初中", "乡镇", 800, 60]])
    roster_import(kind="schools", data=schools, acting_user=world.county_officer)
    every_stored_answer_is_the_fresh_one()
    assert "西秀区导入更名学校" in public(client, inspection.verification_code)["scope"]


def test_a_change_that_rolls_back_leaves_the_stored_answer_as_it_was(world, file_demand, client):
    inspection = register(world, file_demand())
    with pytest.raises(RuntimeError), transaction.atomic():
        act(world.county_officer, inspection, Action.REVOKE, reason="登记有误")
        raise RuntimeError("the revocation fails after it was written")
    every_stored_answer_is_the_fresh_one()
    assert public(client, inspection.verification_code)["status"] == "valid"


def test_the_check_command_fails_on_a_stale_answer_and_the_rebuild_mends_it(world, file_demand, capsys):
    inspection = register(world, file_demand())
    call_command("verify", "--check-answers")
    stale = json.loads(PublicAnswer.objects.get().row) | {"title": "别的名称"}
    PublicAnswer.objects.filter(demand_id=inspection.pk).update(row=json.dumps(stale))  # a write past the signals
    with pytest.raises(CommandError, match="不一致"):
        call_command("verify", "--check-answers")
    assert f"demand {inspection.pk}" in capsys.readouterr().err
    PublicAnswer.objects.all().delete()
    with pytest.raises(CommandError):
        call_command("verify", "--check-answers")
    call_command("verify", "--rebuild-answers", "--check-answers")
    every_stored_answer_is_the_fresh_one()
