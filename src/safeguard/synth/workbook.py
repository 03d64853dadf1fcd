"""Writing an Annex A workbook as Ofsted's template lays it out.

Sheets "List 1" to "List 11", each with the specification's headers in row 1; coded values in
the template's written form ("b) Female", "a) WBRI", "q) 6: Police"); dates as real Excel dates
shown dd/mm/yyyy; ids as text. The file is byte-for-byte repeatable: the document's creation
time is fixed by the caller and XlsxWriter stamps every part of the zip with the same 1980 date.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import xlsxwriter

from safeguard.annex_a.spec import LISTS, AnnexAList, Kind
from safeguard.synth.faults import Cell, PlantedFault
from safeguard.synth.timeline import EXCEL_EPOCH

Record = dict[str, object]
Planter = Callable[[AnnexAList, list[list[Cell]]], tuple[list[list[Cell]], list[PlantedFault]]]


def written_row(annex_list: AnnexAList, record: Record, spellings: dict[str, dict[str, str]]) -> list[Cell]:
    """One record as the template writes it: codes in their written form, everything else as is."""
    row: list[Cell] = []
    for column in annex_list.columns:
        value = record.get(column.key)
        if value is not None and column.kind is Kind.CODE and column.code_list is not None:
            value = spellings[column.code_list.name][str(value)]
        row.append(_cell(value, column.key))
    return row


def _cell(value: object, key: str) -> Cell:
    """A record's value as a workbook cell: the extract writes only text, whole numbers and dates."""
    if value is None or isinstance(value, (str, int, date)):
        return value
    raise TypeError(f"the extract's {key} holds {value!r}, which no Annex A cell holds")


def _spellings() -> dict[str, dict[str, str]]:
    lists = {column.code_list.name: column.code_list for annex_list in LISTS for column in annex_list.columns if column.code_list}
    return {name: {code.value: code.written for code in code_list.codes} for name, code_list in lists.items()}


def write_workbook(
    path: Path, records: Callable[[str], list[Record]], created: date, plant: Planter | None = None
) -> tuple[dict[str, int], list[PlantedFault]]:
    """Write all eleven lists to ``path``, asking ``records`` for each list's rows by its key only
    when it is written (so one list at a time is in memory); returns the rows written per list
    and any faults planted."""
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False})
    workbook.set_properties(
        {
            "title": "Annex A",
            "author": "Safeguard synthetic council",
            "created": datetime(created.year, created.month, created.day, tzinfo=UTC),
        }
    )
    header = workbook.add_format({"bold": True})
    dates = workbook.add_format({"num_format": "dd/mm/yyyy"})
    spellings = _spellings()
    counts: dict[str, int] = {}
    faults: list[PlantedFault] = []
    for annex_list in LISTS:
        rows = [written_row(annex_list, record, spellings) for record in records(annex_list.key)]
        if plant is not None:
            rows, planted = plant(annex_list, rows)
            faults.extend(planted)
        counts[annex_list.key] = len(rows)
        sheet = workbook.add_worksheet(annex_list.sheet)
        for index, column in enumerate(annex_list.columns):
            sheet.write_string(0, index, column.header, header)
            sheet.set_column(index, index, 14 if column.kind is Kind.DATE else 18)
        _write_rows(sheet, rows, dates)
    workbook.close()
    return counts, faults


def _write_rows(sheet, rows: list[list[Cell]], dates) -> None:
    write_string = sheet.write_string
    write_number = sheet.write_number
    for row_number, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, str):
                write_string(row_number, column, value)
            elif isinstance(value, date):
                write_number(row_number, column, value.toordinal() - EXCEL_EPOCH, dates)
            else:
                write_number(row_number, column, value)
