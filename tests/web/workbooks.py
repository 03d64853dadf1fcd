"""Small Annex A workbooks for the web tests, written from the specification itself.

``annex_a_workbook`` writes every list with Ofsted's headers and a few rows of valid values
(required fields filled, codes from each code list, every event on one date inside the period),
so the validator finds no errors; ``broken`` blanks a required field to make one.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import xlsxwriter

from safeguard.annex_a.spec import LISTS, Column, Kind

EVENT_DAY = date(2025, 2, 3)
CHILD_IDS = ("CH100231", "CH100232", "CH100233")
POSTCODES = ("LS6 2QX", "LS7 4PB", "LS8 1DE")
BIRTH_DATES = tuple(date(2015, 6, 1) + timedelta(days=37 * row) for row in range(3))


def _value(column: Column, row: int) -> object:
    if column.kind is Kind.ID:
        return CHILD_IDS[row % len(CHILD_IDS)] if column.key == "child_id" else f"AD{500 + row}"
    if column.kind is Kind.DATE:
        if column.key == "date_of_birth":
            return BIRTH_DATES[row % len(BIRTH_DATES)]
        return EVENT_DAY if column.required else None
    if column.kind is Kind.INTEGER:
        return 9 if column.key == "age" else 1
    if column.kind is Kind.CODE:
        return column.code_list.values()[row % len(column.code_list.values())]
    if "postcode" in column.key:
        return POSTCODES[row % len(POSTCODES)]
    return f"Team {row + 1}" if "team" in column.key else "Jo Bloggs"


def annex_a_workbook(path: Path, rows: int = 3, blank_required: tuple[str, str] | None = None) -> Path:
    """Write a workbook of every list; ``blank_required`` = (list key, column key) to blank."""
    workbook = xlsxwriter.Workbook(str(path))
    dates = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for annex_list in LISTS:
        sheet = workbook.add_worksheet(annex_list.sheet)
        for index, column in enumerate(annex_list.columns):
            sheet.write(0, index, column.header)
        for row in range(rows):
            for index, column in enumerate(annex_list.columns):
                value = _value(column, row)
                if blank_required == (annex_list.key, column.key):
                    value = None
                if isinstance(value, date):
                    sheet.write_datetime(row + 1, index, value, dates)
                elif value is not None:
                    sheet.write(row + 1, index, value)
    workbook.close()
    return path
