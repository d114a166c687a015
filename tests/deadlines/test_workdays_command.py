"""`jianfu workdays DATE N` prints the date on its last line."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def _run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("workdays", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_workdays_after_national_day_2025_lands_on_the_make_up_saturday():
    out, err = _run("2025-09-30", "3")
    assert out.strip().splitlines()[-1] == "2025-10-11" and err == ""


def test_workdays_counts_backwards_over_the_spring_festival_2026():
    out, _err = _run("2026-02-24", "-2")
    assert out.strip().splitlines()[-1] == "2026-02-13"


def test_workdays_in_an_uncovered_year_is_marked_or_refused_when_strict():
    out, err = _run("2027-09-30", "1")
    assert out.strip().splitlines()[-1] == "2027-10-01" and "暂按周一至周五推算" in err
    with pytest.raises(CommandError, match="2027 年的节假日安排尚未录入"):
        _run("2027-09-30", "1", "--strict")


def test_workdays_refuses_a_date_that_is_not_iso():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        _run("30/09/2025", "1")
