"""Working days against the State Council's published schedules for 2025 and 2026: National Day with its
make-up Saturday, the Spring Festival, and a year the table does not cover."""

from datetime import date
from pathlib import Path

import pytest

from jianfu.policy.calendar import ESTIMATED, CalendarNotCovered, calendar_load

CAL = calendar_load()


def test_national_day_2025_is_eight_days_off_with_make_up_sunday_and_saturday():
    # 国办发明电〔2024〕12号: 10月1日至8日放假调休，共8天。9月28日（周日）、10月11日（周六）上班。
    assert not any(CAL.is_working_day(date(2025, 10, d)) for d in range(1, 9))
    assert CAL.is_working_day(date(2025, 9, 28)) and date(2025, 9, 28).weekday() == 6
    assert CAL.is_working_day(date(2025, 10, 11)) and date(2025, 10, 11).weekday() == 5
    assert not CAL.is_working_day(date(2025, 10, 12))


def test_three_working_days_after_the_last_day_before_national_day_2025_is_the_make_up_saturday():
    # 30 Sep (Tue) + 1 → 9 Oct (Thu), + 2 → 10 Oct (Fri), + 3 → 11 Oct (the make-up Saturday).
    assert CAL.add_working_days(date(2025, 9, 30), 1).day == date(2025, 10, 9)
    assert CAL.add_working_days(date(2025, 9, 30), 3).day == date(2025, 10, 11)
    assert CAL.add_working_days(date(2025, 9, 30), 4).day == date(2025, 10, 13)
    assert CAL.add_working_days(date(2025, 10, 9), -1).day == date(2025, 9, 30)
    assert CAL.add_working_days(date(2025, 9, 29), -1).day == date(2025, 9, 28)  # the make-up Sunday


def test_spring_festival_2025_off_from_28_january_to_4_february_with_26_january_and_8_february_worked():
    assert not any(CAL.is_working_day(date(2025, 1, 28) + (date(2025, 1, 2) - date(2025, 1, 1)) * i) for i in range(8))
    assert CAL.is_working_day(date(2025, 1, 26)) and CAL.is_working_day(date(2025, 2, 8))
    assert CAL.add_working_days(date(2025, 1, 27), 1).day == date(2025, 2, 5)


def test_spring_festival_2026_nine_days_off_with_two_make_up_saturdays():
    # 2026: 2月15日至23日放假调休，共9天；2月14日（周六）、2月28日（周六）上班。
    assert not any(CAL.is_working_day(date(2026, 2, d)) for d in range(15, 24))
    assert CAL.is_working_day(date(2026, 2, 14)) and CAL.is_working_day(date(2026, 2, 28))
    assert CAL.add_working_days(date(2026, 2, 13), 1).day == date(2026, 2, 14)
    assert CAL.add_working_days(date(2026, 2, 14), 1).day == date(2026, 2, 24)
    assert CAL.count_working_days(date(2026, 2, 13), date(2026, 2, 28)) == (6, False)


def test_national_day_2026_and_its_make_up_days():
    assert not any(CAL.is_working_day(date(2026, 10, d)) for d in range(1, 8))
    assert CAL.is_working_day(date(2026, 9, 20)) and CAL.is_working_day(date(2026, 10, 10))
    assert CAL.add_working_days(date(2026, 9, 30), 1).day == date(2026, 10, 8)


def test_a_year_outside_the_table_is_reckoned_monday_to_friday_and_marked():
    reckoned = CAL.add_working_days(date(2027, 9, 30), 1)
    assert reckoned.day == date(2027, 10, 1)  # a Friday: no holiday is known for 2027 yet
    assert reckoned.estimated and reckoned.note == ESTIMATED == "暂按周一至周五推算"
    assert not CAL.add_working_days(date(2026, 9, 30), 1).estimated


def test_a_strict_question_about_an_uncovered_year_is_refused_naming_the_fix():
    with pytest.raises(CalendarNotCovered, match="2027 年的节假日安排尚未录入日历"):
        CAL.add_working_days(date(2026, 12, 30), 5, strict=True)


def test_an_operators_file_adds_a_year_and_the_answer_is_no_longer_estimated(tmp_path: Path):
    extra = tmp_path / "2027.yaml"
    extra.write_text("years: [2027]\nholidays:\n  2027-10-01: 国庆节\nworkdays: {}\n", encoding="utf-8")
    cal = calendar_load(extra)
    reckoned = cal.add_working_days(date(2027, 9, 30), 1)
    assert reckoned.day == date(2027, 10, 4) and not reckoned.estimated


def test_calendar_days_ignore_holidays_and_working_days_do_not():
    assert CAL.add_days(date(2025, 9, 30), 7, unit="days").day == date(2025, 10, 7)
    assert CAL.add_days(date(2025, 9, 30), 7, unit="working_days").day == date(2025, 10, 16)
