"""Learning from the cases (issue 10, item 4): closing a refusal's case records whether the refusal was
upheld; `jianfu screen --export-cases` writes closed cases as labelled examples with nothing identifying
a teacher or school person; the cases page shows the screening's precision on the bureau's own cases."""

import json

from django.core.management import call_command

from jianfu.audit.models import AuditEvent
from jianfu.gate.services import case_act
from tests.gate.test_letter import refused

STREET_DUTY = "创文期间请{school}安排{teacher}等教师到责任路口开展文明劝导执勤，每天两班。"
TRAINING = "请{school}选派骨干教师参加县教研室组织的新课程标准培训。"


def notice(world, template: str) -> str:
    return template.format(school=world.xixiu_school.name, teacher=world.xixiu_teacher.name)


def test_closing_a_refusal_s_case_asks_whether_the_refusal_stands_and_records_it(world, client_for):
    case = refused(world, notice(world, STREET_DUTY)).case
    client = client_for(world.county_officer)
    asked = client.post(f"/gate/cases/{case.pk}/", {"action_taken": "约谈文明办", "close": "1"}).content.decode()
    assert "学校的拒绝是否成立" in asked and 'name="upheld"' in asked
    unanswered = client.post(f"/gate/cases/{case.pk}/", {"action_taken": "约谈文明办", "close": "1", "confirmed": "1"})
    case.refresh_from_db()
    assert unanswered.status_code == 400 and "拒绝是否成立" in unanswered.content.decode() and case.state == "open"
    client.post(
        f"/gate/cases/{case.pk}/", {"action_taken": "约谈文明办", "close": "1", "confirmed": "1", "upheld": "0"}
    )
    case.refresh_from_db()
    assert case.state == "closed" and case.refusal_upheld is False
    assert AuditEvent.objects.filter(action="case.close").get().after["refusal_upheld"] is False


def test_closed_cases_export_as_labelled_examples_without_naming_the_school_or_its_teachers(world, tmp_path):
    upheld = refused(world, notice(world, STREET_DUTY))
    overruled = refused(world, notice(world, TRAINING))
    still_open = refused(world, notice(world, STREET_DUTY))
    case_act(acting_user=world.county_officer, case=upheld.case, close=True, action_taken="约谈", upheld=True)
    case_act(acting_user=world.county_officer, case=overruled.case, close=True, action_taken="说明", upheld=False)
    out = tmp_path / "cases.jsonl"
    call_command("screen", "--export-cases", str(out))
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 2 and still_open.case.pk not in [int(e["source"].rsplit(":", 1)[1]) for e in lines]
    first, second = lines
    assert (first["outcome"], first["kind"], second["outcome"], second["items"]) == (
        "upheld",
        "burden",
        "not_upheld",
        [],
    )
    assert first["items"] == upheld.screening["negative_list_items"] and 15 in first["items"]
    written = out.read_text(encoding="utf-8")
    assert world.xixiu_school.name not in written and world.xixiu_teacher.name not in written
    assert "某校" in first["text"] and "某老师" in first["text"]
    assert set(first) == {"text", "items", "kind", "outcome", "screened_items", "verdict", "source", "date", "style"}


def test_the_cases_page_shows_the_screening_s_precision_on_the_bureau_s_closed_cases(world, client_for):
    for upheld in (True, False):
        refusal = refused(world, notice(world, STREET_DUTY))
        case_act(acting_user=world.county_officer, case=refusal.case, close=True, action_taken="处理", upheld=upheld)
    page = client_for(world.county_officer).get("/gate/cases/").content.decode()
    assert "减负通判为可拒绝的 2 件，教育部门认定拒绝成立 1 件" in page and "审查精确率 0.5" in page
