"""Registration numbers in a notice are verified against the registry at the gate: a valid one in this
school's scope covers its own kind of demand; an expired, revoked, unknown, forged or out-of-scope one is
said plainly and the notice is refusable; without a registry (a machine that only screens files) the
numbers are 未核验."""

import json
import multiprocessing
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from jianfu.gate.batch import screened_lines
from jianfu.gate.screening import notice_screening, registry_available
from jianfu.org.models import Role
from jianfu.org.services import role_grant
from jianfu.packs.active import active_engine
from jianfu.policy.screening.engine import screen
from jianfu.registry.forms import DemandForm
from jianfu.registry.services import demand_create
from jianfu.workflow.demand import Action
from tests.registry.conftest import inspection_data
from tests.registry.test_lifecycle import act, register

NUMBER = "安教减备〔2021〕520402-0001号"
NOTICE = "县卫健局定于9月对城区小学食堂开展食品安全专项检查，备案号：{number}，请各校做好准备。"
APPS = "另请全体教师下载安装某某通APP并完成实名注册，注册率纳入年度考核。"
DURING = datetime(2021, 9, 8, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
AFTER = datetime(2021, 9, 11, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def inspection(world):
    """A food-safety inspection of 西秀区's urban primary schools, 6–10 September 2021, registered in
    February as NUMBER."""
    with time_machine.travel(datetime(2021, 2, 22, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        form = DemandForm(data=inspection_data(world), user=world.department_clerk)
        assert form.is_valid(), form.errors
        demand = register(world, demand_create(acting_user=world.department_clerk, data=form.cleaned_data))
    assert demand.registration_number == NUMBER
    return demand


def screened(world, number: str, *, extra: str = "", user=None, when=DURING):
    with time_machine.travel(when, tick=False):
        return notice_screening(NOTICE.format(number=number) + extra, user=user or world.principal)


def test_a_valid_registration_in_the_school_s_scope_makes_the_notice_registered_not_refusable(world, inspection):
    result = screened(world, NUMBER)
    (registration,) = result.registrations
    assert result.verdict == "registered" and 1 not in result.negative_list_items
    assert registration["status"] == "valid" and registration["school_in_scope"] is True
    assert registration["title"] == "2021 年学校食品安全专项检查" and registration["requester"]
    assert registration["covered_items"] == [1] and "西秀区" in registration["scope"]


def test_a_registered_inspection_that_also_demands_app_installs_still_gets_those_items(world, inspection):
    result = screened(world, NUMBER, extra=APPS)
    assert result.verdict == "refusable" and 7 in result.negative_list_items and 1 not in result.negative_list_items
    assert result.registrations[0]["status"] == "valid"


def test_an_expired_registration_is_said_plainly_and_refusable(world, inspection):
    result = screened(world, NUMBER, when=AFTER)
    assert result.registrations[0]["status"] == "expired" and result.verdict == "refusable"
    assert any(f.rule == "registration_expired" and "已过期" in f.message for f in result.findings)


def test_a_revoked_registration_is_said_plainly_and_refusable(world, inspection):
    act(world.county_officer, inspection, Action.REVOKE, reason="登记有误")
    result = screened(world, NUMBER)
    assert result.registrations[0]["status"] == "revoked" and result.verdict == "refusable"
    assert any("已撤销" in f.message for f in result.findings)


def test_an_unknown_number_is_said_plainly_and_refusable(world, inspection):
    result = screened(world, "安教减备〔2021〕520402-0099号")
    assert result.registrations[0]["status"] == "unknown" and result.verdict == "refusable"
    assert any("查无此备案" in f.message for f in result.findings)


def test_a_forged_number_copying_a_real_one_with_another_year_is_refusable(world, inspection):
    result = screened(world, "安教减备〔2020〕520402-0001号")
    assert result.registrations[0]["status"] == "unknown" and result.verdict == "refusable"


def test_a_valid_registration_that_leaves_this_school_out_is_refusable(world, inspection):
    role_grant(user=world.outsider, role=Role.PRINCIPAL, school=world.xixiu_other_school)  # a township junior school
    result = screened(world, NUMBER, user=world.outsider)
    registration = result.registrations[0]
    assert registration["status"] == "out_of_scope" and "不包括本校" in registration["message"]
    assert result.verdict == "refusable"


def test_a_number_in_full_width_digits_and_spaces_is_the_same_registration(world, inspection):
    result = screened(world, "安教减备〔２０２１〕 ５２０４０２－０００１ 号")
    assert result.registrations[0]["number"] == NUMBER and result.verdict == "registered"


def test_without_a_registry_numbers_are_reported_as_not_verified():
    result = screen(NOTICE.format(number=NUMBER), active_engine().pack).as_dict()
    (registration,) = result["registrations"]
    assert registration["status"] == "unverified" and registration["message"].startswith("未核验")


def test_the_command_on_a_machine_without_a_database_reports_numbers_as_not_verified(tmp_path):
    notice = tmp_path / "notice.txt"
    notice.write_text(NOTICE.format(number=NUMBER), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"JIANFU_VAR_DIR": str(tmp_path / "var")}
    env["DJANGO_SETTINGS_MODULE"] = "jianfu.config.settings"
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "manage.py", "screen", str(notice), "--json"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert json.loads(out)["registrations"][0]["status"] == "unverified"


def test_the_screening_page_says_the_notice_is_registered_with_its_title_and_the_school_in_scope(
    world, inspection, client_for
):
    with time_machine.travel(DURING, tick=False):
        page = client_for(world.principal).post("/gate/screen/", {"text": NOTICE.format(number=NUMBER)})
    body = page.content.decode()
    assert "已登记备案：按登记的范围和时间开展" in body and "2021 年学校食品安全专项检查" in body
    assert "本校在登记范围内" in body and NUMBER in body


def test_the_screening_page_says_plainly_that_an_unknown_number_is_not_registered(world, inspection, client_for):
    with time_machine.travel(DURING, tick=False):
        page = client_for(world.principal).post(
            "/gate/screen/", {"text": NOTICE.format(number="安教减备〔2021〕520402-0099号")}
        )
    body = page.content.decode()
    assert "可以拒绝" in body and "查无此备案" in body


def test_a_long_batch_screened_by_two_workers_answers_line_for_line_as_one_process_does(world, inspection, tmp_path):
    """Two workers screen 150 notices while this process verifies the numbers against the registry: the
    answers are the same, in the same order, as one process gives them, errors and verified numbers alike."""
    devset = Path(__file__).with_name("devset.jsonl").read_text(encoding="utf-8").splitlines()
    lines = devset[:150]
    lines[40] = json.dumps({"text": NOTICE.format(number=NUMBER)}, ensure_ascii=False)
    lines[90] = json.dumps({"text": NOTICE.format(number="安教减备〔2021〕520402-0099号")}, ensure_ascii=False)
    lines[120] = "not json"
    pack, registry = active_engine().pack, registry_available
    with time_machine.travel(DURING, tick=False):
        answers = screened_lines(lines, pack, jobs=2, registry=registry)
        first = next(answers)
        assert len(multiprocessing.active_children()) == 2  # the pool's workers, screening the rest
        parallel = [first, *answers]
        serial = list(screened_lines(lines, pack, jobs=1, registry=registry))
    assert parallel == serial and len(parallel) == 150
    valid, unknown, error = (json.loads(parallel[n]) for n in (40, 90, 120))
    assert valid["verdict"] == "registered" and valid["registrations"][0]["status"] == "valid"
    assert unknown["verdict"] == "refusable" and unknown["registrations"][0]["status"] == "unknown"
    assert error == {"line": 121, "error": "不是含 text 键的 JSON 对象"}
