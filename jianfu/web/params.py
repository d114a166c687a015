"""A year typed in an address, a form or a sheet: one rule and one message for every page, API and command.

Each caller says which years make sense (figures stop at this year; plans and quotas reach next year) and
what a left-out year means; the message names the field both ways, as the form labels it and as the
address spells it, so the same sentence serves a page, the API and a refused import row.
"""

from django.utils.translation import gettext as _

FIRST_YEAR = 2000  # the measures date from 2021, their baseline from 2020: nothing older is kept


def year_typed(
    value, *, last: int, default: int | None = None, first: int = FIRST_YEAR, field: str = "year", label: str = ""
) -> tuple[int | None, str]:
    """(the year, "") for four ASCII digits between `first` and `last`; (`default`, "") when nothing is
    typed; (None, the sentence naming the field and the fix) otherwise. Full-width digits are refused:
    `int()` would read them, but the same text must mean the same year in the address, the sheet and SQL.
    `field` is the parameter's or column's name, `label` its Chinese label (年度 unless told)."""
    text = str(value if value is not None else "").strip()
    if not text:
        return default, ""
    if text.isascii() and text.isdigit() and first <= int(text) <= last:
        return int(text), ""
    message = _("%(label)s（%(field)s）「%(value)s」无效；请填写 %(first)s 至 %(last)s 之间的四位数年份")
    return None, message % {
        "label": label or _("年度"),
        "field": field,
        "value": text[:20],
        "first": first,
        "last": last,
    }
