"""`jianfu secondments census --county CODE --as-of DATE [--json]`: the census of 5.1 from the command line; a
bad code or date is a Chinese sentence naming it; --json gives one object per teacher with the masked ID."""

import io
import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from jianfu.org.models import PostStatus
from jianfu.secondments.models import PostStatusPeriod, Source
from tests.secondments.census_helpers import approved_secondment, everyone_on_post


def run(*args) -> str:
    out = StringIO()
    call_command("secondments", "census", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_census_json_lists_an_approved_and_a_flagged_teacher_with_masked_ids(world):
    everyone_on_post()
    approved_secondment(world, world.xixiu_teacher, date(2021, 3, 1), date(2021, 8, 31), number="N-7")
    PostStatusPeriod.objects.create(
        teacher=world.xixiu_colleague, status=PostStatus.ASSIGNED, since=date(2021, 4, 6), source=Source.ROSTER
    )

    rows = json.loads(run("--county", "520402", "--as-of", "2021-05-10", "--json"))

    assert [(r["teacher"], r["status"], r["approval"], r["since"], r["until"]) for r in rows] == [
        (world.xixiu_teacher.id_number_masked, "approved", "N-7", "2021-03-01", "2021-08-31"),
        (world.xixiu_colleague.id_number_masked, "unapproved", None, "2021-04-06", None),
    ]
    assert {r["post_status"] for r in rows} == {"seconded", "assigned"}
    assert all(r["school"] == world.xixiu_school.name and "*" in r["teacher"] for r in rows)


def test_the_census_text_says_how_many_and_names_each_flag(world):
    everyone_on_post()
    PostStatusPeriod.objects.create(
        teacher=world.xixiu_colleague, status=PostStatus.OTHER_OFF_POST, since=date(2021, 4, 6), source=Source.ROSTER
    )

    text = run("--county", "520402", "--as-of", "2021-05-10")

    assert "西秀区 截至 2021-05-10 不在岗教师 1 人" in text
    assert "无审批" in text and world.xixiu_colleague.id_number_masked in text


def test_the_census_is_saved_as_a_workbook_when_asked(world, tmp_path):
    everyone_on_post()
    PostStatusPeriod.objects.create(
        teacher=world.xixiu_colleague, status=PostStatus.OTHER_OFF_POST, since=date(2021, 4, 6), source=Source.ROSTER
    )
    target = tmp_path / "census.xlsx"

    run("--county", "520402", "--as-of", "2021-05-10", "--output", str(target))

    sheet = load_workbook(io.BytesIO(target.read_bytes())).active
    assert [c.value for c in next(sheet.iter_rows(min_row=4))][1] == world.xixiu_colleague.name


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--county", "529999", "--as-of", "2021-05-10"), "区划代码 529999 不存在"),
        (("--county", "520400", "--as-of", "2021-05-10"), "区划代码 520400（安顺市）不是县（区）"),
        (("--county", "520402", "--as-of", "2021-13-01"), "摸底日期 '2021-13-01' 不是 YYYY-MM-DD 格式"),
        (("--county", "520402", "--as-of", "2021-05-10", "--output", "x.csv"), "扩展名须为 .xlsx 或 .pdf"),
        (("--as-of", "2021-05-10"), "摸底须指定县（区）：请加上 --county"),
    ],
)
def test_a_bad_county_date_or_file_is_refused_naming_it(world, args, says):
    with pytest.raises(CommandError) as refused:
        run(*args)
    assert says in str(refused.value)


def test_the_figures_give_every_countys_counts_as_the_city_sees_them(world):
    everyone_on_post()
    approved_secondment(world, world.xixiu_teacher, date(2021, 3, 1), date(2021, 8, 31), number="N-7")
    PostStatusPeriod.objects.create(
        teacher=world.pingba_teacher, status=PostStatus.ON_LEAVE, since=date(2021, 4, 6), source=Source.MANUAL
    )
    out = StringIO()

    call_command("secondments", "figures", "--as-of", "2021-05-10", "--json", stdout=out)

    figures = {row["county"]: row for row in json.loads(out.getvalue())}
    assert (figures["520402"]["away"], figures["520402"]["approved"]) == (1, 1)
    assert (figures["520403"]["away"], figures["520403"]["leave"], figures["520403"]["unapproved"]) == (1, 1, 0)
