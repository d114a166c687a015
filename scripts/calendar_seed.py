"""Writes jianfu/policy/calendar_cn.yaml, China's holidays and make-up working days, from the
maintained `chinese-calendar` package (a development dependency: the platform reads only the table).

Usage: .venv/bin/python scripts/calendar_seed.py [FIRST_YEAR LAST_YEAR]   (default 2020 2026)
Run it again after upgrading chinese-calendar when the State Council publishes a new year's schedule,
or add the year by hand (or in an operator's file named by JIANFU_CALENDAR_FILES) in the same shape.
"""

import sys
from pathlib import Path

from chinese_calendar.constants import holidays, workdays

TABLE = Path(__file__).resolve().parent.parent / "jianfu" / "policy" / "calendar_cn.yaml"
NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def _name(english: str) -> str:
    return NAMES.get(english, english)


def main(first: int, last: int) -> None:
    years = range(first, last + 1)
    lines = [
        "# 中国法定节假日与调休上班日（国务院办公厅每年公布的安排）。",
        f"# 由 scripts/calendar_seed.py 依 chinese-calendar 生成，覆盖 {first}–{last} 年。",
        "# 新一年的安排公布后：重新生成，或按同样格式追加（years 写入该年，holidays 放假日，workdays 调休上班日），",
        "# 或写在 JIANFU_CALENDAR_FILES 指定的运维文件里。未覆盖的年份暂按周一至周五推算。",
        f"years: [{', '.join(str(y) for y in years)}]",
        "holidays:",
    ]
    lines += [f"  {day.isoformat()}: {_name(h)}" for day, h in sorted(holidays.items()) if day.year in years]
    lines.append("workdays:")
    lines += [f"  {day.isoformat()}: {_name(h)}调休" for day, h in sorted(workdays.items()) if day.year in years]
    TABLE.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {TABLE} ({first}–{last})")


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]] or [2020, 2026]
    main(*args)
