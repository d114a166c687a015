"""The audit trail in scope: an inspectorate and the city bureau read who did what and when among the people of
their divisions, filtered by unit, person, object, action and period, as a page and a workbook; a complaint's
events never show their contents; a bad filter is a 400 naming it; anyone else gets 404."""

import io
import re
from datetime import UTC, datetime

import pytest
import time_machine
from openpyxl import load_workbook

from jianfu.accountability.trail import PAGE_SIZE, trail_filters, trail_scope
from jianfu.accountability.trail_sheet import trail_workbook_bytes
from jianfu.audit.services import audit_record
from tests.world import World


def act(user, action, object_type="demand", object_id=1, *, on="2026-03-02", after=None):
    """One event by `user`, at 10:00 Beijing time on the day."""
    with time_machine.travel(datetime.fromisoformat(f"{on}T02:00:00").replace(tzinfo=UTC), tick=False):
        return audit_record(acting_user=user, action=action, object_type=object_type, object_id=object_id, after=after)


@pytest.fixture
def events(world: World):
    """One event by each of five people in three places, on different days."""
    return {
        "county_officer": act(world.county_officer, "demand.approve", object_id=7, on="2026-03-01"),
        "department_clerk": act(world.department_clerk, "demand.submit", object_id=7, on="2026-02-20"),
        "principal": act(world.principal, "refusal.record", "refusal", 3, on="2026-02-25"),
        "other_county_officer": act(world.other_county_officer, "demand.approve", object_id=9, on="2026-03-01"),
        "city_officer": act(world.city_officer, "report.accept", "county_report", 1, on="2026-03-02"),
    }


def seqs_on(response) -> set[int]:
    return {int(n) for n in re.findall(r'data-testid="trail-row-(\d+)"', response.content.decode())}


def seqs_of(events, *names) -> set[int]:
    return {events[name].seq for name in names}


def test_an_inspector_of_one_county_does_not_see_another_countys_people(world, events, client_for):
    response = client_for(world.inspector).get("/accountability/audit/")
    assert response.status_code == 200
    assert seqs_on(response) == seqs_of(events, "county_officer", "department_clerk", "principal")
    html = response.content.decode()
    assert "西秀区教育局" in html and "西秀区第一小学" in html  # where each actor works


def test_the_city_bureau_reads_every_countys_people(world, events, client_for):
    response = client_for(world.city_officer).get("/accountability/audit/")
    assert seqs_on(response) == seqs_of(events, *events)


@pytest.mark.parametrize("role", ["principal", "teacher", "county_officer", "department_clerk", "outsider"])
def test_anyone_else_gets_not_found(world, events, client_for, role):
    client = client_for(getattr(world, role))
    assert client.get("/accountability/audit/").status_code == 404
    assert client.get("/accountability/audit.xlsx").status_code == 404


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("unit=520402-WJJ", {"department_clerk"}),
        ("unit=3152000001", {"principal"}),  # a school's code
        ("person=county_officer", {"county_officer"}),
        ("object_type=demand&object_id=7", {"county_officer", "department_clerk"}),
        ("object_type=refusal", {"principal"}),
        ("action=demand", {"county_officer", "department_clerk"}),
        ("action=demand.submit", {"department_clerk"}),
        ("from=2026-02-21&to=2026-03-01", {"county_officer", "principal"}),
        ("to=2026-02-20", {"department_clerk"}),
    ],
)
def test_the_filters_narrow_the_trail(world, events, client_for, query, expected):
    assert world.xixiu_school.code == "3152000001"
    response = client_for(world.inspector).get(f"/accountability/audit/?{query}")
    assert response.status_code == 200
    assert seqs_on(response) == seqs_of(events, *expected)


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("unit=520403-JYJ", "unit"),  # another county's unit
        ("unit=NOPE", "unit"),
        ("person=other_county_officer", "person"),  # another county's person
        ("person=nobody", "person"),
        ("object_type=DROP%20TABLE", "object_type"),
        ("object_id=7", "object_id"),  # without its type
        ("action=demand%3Bx", "action"),
        ("from=2026-13-01", "from"),
        ("to=yesterday", "to"),
        ("from=2026-03-02&to=2026-03-01", "from"),
        ("before=abc", "before"),
    ],
)
def test_a_bad_filter_answers_400_naming_the_parameter(world, events, client_for, query, parameter):
    client = client_for(world.inspector)
    response = client.get(f"/accountability/audit/?{query}")
    assert response.status_code == 400
    assert f"参数 {parameter}" in response.content.decode()
    if parameter != "before":
        sheet = client.get(f"/accountability/audit.xlsx?{query}")
        assert sheet.status_code == 400 and f"参数 {parameter}" in sheet.content.decode()


def test_a_complaints_events_show_action_object_and_time_but_never_their_contents(world, client_for):
    secret = {"text": "举报人张三，电话 13800000000", "reason": "核实举报人身份"}
    event = act(world.county_officer, "complaint.reveal_identity", "complaint", 42, after=secret)
    demand = act(world.county_officer, "demand.approve", object_id=8, after={"note": "同意"})
    client = client_for(world.inspector)
    html = client.get("/accountability/audit/").content.decode()
    row = html.split(f'data-testid="trail-row-{event.seq}"')[1].split("</tr>")[0]
    assert "complaint.reveal_identity" in row and "complaint 42" in row and "2026-03-02 10:00:00" in row
    assert "张三" not in html and "13800000000" not in html and "核实" not in html
    assert (
        "{&quot;note&quot;: &quot;同意&quot;}"
        in html.split(f'data-testid="trail-row-{demand.seq}"')[1].split("</tr>")[0]
    )
    sheet = load_workbook(io.BytesIO(client.get("/accountability/audit.xlsx").content))["审计记录"]
    text = " ".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row)
    assert "complaint.reveal_identity" in text and "张三" not in text and "13800000000" not in text


def test_the_workbook_has_the_same_rows_as_the_page_for_the_same_filters(world, events, client_for):
    client = client_for(world.inspector)
    response = client.get("/accountability/audit.xlsx?action=demand")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["审计记录"].iter_rows(values_only=True))
    assert rows[0][:5] == ("序号", "时间", "操作人", "所在单位", "操作")
    # Newest first in the chain's order (the fixture's clerk wrote after the bureau, with an earlier clock).
    assert [row[0] for row in rows[1:]] == [events["department_clerk"].seq, events["county_officer"].seq]
    assert rows[2][1:5] == ("2026-03-01 10:00:00", "county_officer", "西秀区教育局", "demand.approve")
    notes = {row[0]: row[1] for row in book["说明"].iter_rows(values_only=True)}
    assert notes["筛选：action"] == "demand" and notes["导出条数"] == 2 and "已截断" not in notes


def test_the_workbook_says_so_when_it_is_cut(world, events):
    scope = trail_scope(world.city_officer)
    data = trail_workbook_bytes(scope, trail_filters(scope, {}), limit=2)
    book = load_workbook(io.BytesIO(data))
    assert len(list(book["审计记录"].iter_rows(min_row=2))) == 2
    notes = {row[0]: row[1] for row in book["说明"].iter_rows(values_only=True)}
    assert "只导出了最新的 2 条" in notes["已截断"]
    whole = load_workbook(io.BytesIO(trail_workbook_bytes(scope, trail_filters(scope, {}), limit=5)))
    assert "已截断" not in {row[0] for row in whole["说明"].iter_rows(values_only=True)}


def test_the_trail_pages_newest_first_fifty_at_a_time(world, client_for):
    made = [act(world.county_officer, "demand.update", object_id=n).seq for n in range(PAGE_SIZE + 5)]
    client = client_for(world.inspector)
    first = client.get("/accountability/audit/?person=county_officer")
    assert sorted(seqs_on(first), reverse=True) == made[::-1][:PAGE_SIZE]
    html = first.content.decode()
    assert html.index(f"trail-row-{made[-1]}") < html.index(f"trail-row-{made[-2]}")
    link = re.search(r'href="\?([^"]+)" data-testid="trail-next"', html).group(1).replace("&amp;", "&")
    assert link == f"person=county_officer&before={made[5]}"
    second = client.get(f"/accountability/audit/?{link}")
    assert seqs_on(second) == set(made[:5]) and 'data-testid="trail-next"' not in second.content.decode()


def test_a_pay_figures_amounts_show_only_to_a_reader_who_may_read_pay(world, client_for):
    from tests.world import pay_readers

    bureau = pay_readers(world.county_officer)
    event = act(bureau, "pay.enter", "pay_figure", 1, after={"teacher_average": "98765.43"})
    without = client_for(world.inspector).get("/accountability/audit/").content.decode()
    row = without.split(f'data-testid="trail-row-{event.seq}"')[1].split("</tr>")[0]
    assert "pay.enter" in row and "98765.43" not in without and "需持有工资数据查看权限" in row
    inspector = pay_readers(world.inspector)
    assert "98765.43" in client_for(inspector).get("/accountability/audit/").content.decode()
