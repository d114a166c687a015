"""Spreadsheets the platform writes: every string is a text cell, never a formula.

openpyxl turns any string that begins with "=" into a live formula, so a demand titled
`=HYPERLINK("http://…","点此核验")` would become a link in the public annual list, and a school named
"=…" a formula in the roster export. Every .xlsx writer appends its rows through `append_row`, which
types each string cell as text ("s", written as an inline string: Excel shows it, never evaluates it)
and marks those that look like formulas with Excel's quote prefix, so that editing the cell in Excel
keeps it text too (in the child process that writes every download, documents/render_office.py). The value written is the literal string (less control characters, which .xlsx cannot hold), so an
export imported again is unchanged.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@")


def literal_cell(sheet, value) -> WriteOnlyCell:
    """A cell of a write-only sheet holding `value` as it is: strings as text, other values unchanged."""
    write_only_cell, illegal_characters = _openpyxl_cell()
    if isinstance(value, str):
        # Control characters cannot be stored in .xlsx at all (openpyxl raises): they are left out.
        value = illegal_characters.sub("", value)
    cell = write_only_cell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    return cell


def append_row(sheet, values) -> None:
    """Appends one row of values to a write-only sheet, every string as text. A sheet of documents/office.py's
    Workbook takes the values as they are: its child process makes them cells here, with literal_cell."""
    if getattr(sheet, "written_in_child", False):
        sheet.append(values)
    else:
        sheet.append([literal_cell(sheet, value) for value in values])


@cache
def _openpyxl_cell():
    """openpyxl's cell and its illegal-character pattern, imported on the first cell written: every view module
    reaches this one, and openpyxl with numpy is ~34 MiB that a web worker carries only once it writes a workbook."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return WriteOnlyCell, ILLEGAL_CHARACTERS_RE
