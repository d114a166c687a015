"""One rule for a typed year: pages, the API, commands and imported sheets read it alike."""

import pytest

from jianfu.web.params import year_typed


@pytest.mark.parametrize("typed", ["2021", " 2021 ", 2021])
def test_four_ascii_digits_in_range_are_the_year(typed):
    assert year_typed(typed, last=2026) == (2021, "")


def test_nothing_typed_is_the_callers_default():
    assert year_typed("", last=2026, default=2026) == (2026, "")
    assert year_typed(None, last=2026) == (None, "")


@pytest.mark.parametrize("typed", ["abc", "1999", "2027", "２０２１", "-1", "20x1"])
def test_anything_else_is_refused_with_the_field_both_ways_and_the_range(typed):
    year, error = year_typed(typed, last=2026)
    assert year is None
    assert error == f"年度（year）「{typed}」无效；请填写 2000 至 2026 之间的四位数年份"


def test_a_named_column_is_named_in_the_message():
    _, error = year_typed("1", last=2021, field="baseline_year", label="基数年度")
    assert error.startswith("基数年度（baseline_year）「1」无效")
