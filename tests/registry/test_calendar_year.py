"""The school calendar shows one year at a time, chosen from a list; a bad year is a clear 400."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from tests.registry.test_lifecycle import register


def test_the_calendar_shows_this_year_and_another_year_on_request(
    world, file_demand, client_for, during_the_2021_collection_window
):
    register(world, file_demand(title="2021 年的检查"))
    during_the_2021_collection_window.move_to(datetime(2022, 1, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    register(world, file_demand(title="2022 年的检查", start=date(2022, 3, 7), end=date(2022, 3, 9)))
    client = client_for(world.principal)
    this_year = client.get("/my-school/calendar/", follow=True).content.decode()
    assert "2022 年的检查" in this_year and "2021 年的检查" not in this_year
    assert '<option value="2021" >2021 年度</option>' in this_year
    last_year = client.get("/my-school/calendar/?year=2021", follow=True).content.decode()
    assert "2021 年的检查" in last_year and "2022 年的检查" not in last_year
    assert "2021年秋季学期 · 1 项" in last_year


@pytest.mark.parametrize("year", ["abc", "0", "99999", "-1", "２０２１", "2023"])
def test_a_year_that_is_no_year_of_the_calendar_is_refused_in_chinese(world, client_for, year):
    response = client_for(world.principal).get(f"/schools/{world.xixiu_school.code}/calendar/", {"year": year})
    assert response.status_code == 400
    assert (
        "年度（year）「" in response.content.decode()
        and "请填写 2000 至 2022 之间的四位数年份" in response.content.decode()
    )
