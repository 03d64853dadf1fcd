"""Ofsted's Annex A layout, written once for all: a snapshot written back out as the return it
came from, for the inspection data bank (seed 000 §7.1: the lists ready before the inspectors
ask), and the synthetic council's workbooks (``safeguard.synth.workbook``), both through
``write_annex_a``.

Sheets "List 1" to "List 11", each with the specification's headers in row 1 and one row per
record; coded values in the template's written form ("b) Female", "q) 6: Police"), dates as real
Excel dates shown dd/mm/yyyy, whole numbers as numbers, ids and text as text. A snapshot's rows
come in the order of the file they were imported from. Reading the workbook back (``safeguard
import``) gives the same records: that is the test of this module. The same rows always give
the same bytes: the document's creation date is the caller's (a snapshot's own period end), and
XlsxWriter stamps every part of the zip with the same 1980 date.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path

import pyarrow as pa
import xlsxwriter

from safeguard.annex_a.spec import LISTS, AnnexAList, Column, Kind
from safeguard.errors import SafeguardError
from safeguard.snapshots.record import Snapshot
from safeguard.snapshots.store import Store

EXCEL_DAY_ZERO = date(1899, 12, 30).toordinal()
"""Excel counts days from 30 December 1899 (its serial 1 is 1 January 1900, after the leap-year slip)."""
SOURCE_ROW = "source_row"
DATE_WIDTH, OTHER_WIDTH = 14, 18
"""Column widths, in characters: a date column is narrower."""

Cell = str | int | float | date | None
"""A cell of the workbook: text, a number, a date, or empty."""
Spellings = Mapping[str, Mapping[str, str]]
"""For each code list by name, each stored value's written form."""


@dataclass(frozen=True)
class ExportedReturn:
    """One snapshot as an Annex A workbook, and the children it names."""

    snapshot: Snapshot
    file_name: str
    data: bytes
    rows: dict[str, int]
    """Rows per list, labelled as the template names the list ("List 1: Contacts")."""
    children: frozenset[str]

    @property
    def period_words(self) -> str:
        return f"{self.snapshot.period_start:%-d %B %Y} to {self.snapshot.period_end:%-d %B %Y}"


def snapshot_holding(store: Store, month_end: date) -> Snapshot:
    """The latest snapshot whose data run to ``month_end`` or beyond and begin on or before it."""
    holding = [snapshot for snapshot in store.list() if snapshot.period_start <= month_end <= snapshot.period_end]
    if not holding:
        raise SafeguardError(f"No snapshot holds {month_end:%B %Y}, so there is no Annex A to export for it.")
    return max(holding, key=lambda snapshot: (snapshot.period_end, snapshot.loaded_at))


def file_name_of(snapshot: Snapshot) -> str:
    """A name that states the period, so the file says what it covers when it is read back."""
    return f"Annex_A_{snapshot.period_start:%Y-%m-%d}_to_{snapshot.period_end:%Y-%m-%d}.xlsx"


def export_return(store: Store, snapshot: Snapshot) -> ExportedReturn:
    """Write every list of ``snapshot`` as Ofsted's workbook (see the module)."""
    rows: dict[str, int] = {}
    children: set[str] = set()

    def sheets() -> Iterable[tuple[AnnexAList, Iterable[Sequence[Cell]]]]:
        for annex_list in LISTS:
            table = _in_file_order(store.table(snapshot.id, annex_list.key))
            rows[f"{annex_list.sheet}: {annex_list.title}"] = table.num_rows
            children.update(_children(annex_list, table))
            yield annex_list, _written_rows(annex_list, table)

    buffer = io.BytesIO()
    write_annex_a(buffer, sheets(), author="Safeguard", created=snapshot.period_end)
    return ExportedReturn(snapshot, file_name_of(snapshot), buffer.getvalue(), rows, frozenset(children))


def write_annex_a(
    target: Path | io.BytesIO, sheets: Iterable[tuple[AnnexAList, Iterable[Sequence[Cell]]]], *, author: str, created: date
) -> None:
    """Write each list's rows, already in their written form (``written_row``), as its sheet of
    Ofsted's template. ``sheets`` is read one list at a time, and a file is written row by row
    (XlsxWriter's constant memory), so a large return never sits in memory whole."""
    in_memory = isinstance(target, io.BytesIO)
    workbook = xlsxwriter.Workbook(
        target if in_memory else str(target),
        {"in_memory": in_memory, "constant_memory": not in_memory, "strings_to_numbers": False, "strings_to_formulas": False},
    )
    workbook.set_properties({"title": "Annex A", "author": author, "created": datetime(created.year, created.month, created.day, tzinfo=UTC)})
    header = workbook.add_format({"bold": True})
    dates = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for annex_list, rows in sheets:
        sheet = workbook.add_worksheet(annex_list.sheet)
        for index, column in enumerate(annex_list.columns):
            sheet.write_string(0, index, column.header, header)
            sheet.set_column(index, index, DATE_WIDTH if column.kind is Kind.DATE else OTHER_WIDTH)
        _write_rows(sheet, rows, dates)
    workbook.close()


def _write_rows(sheet, rows: Iterable[Sequence[Cell]], dates) -> None:
    write_string = sheet.write_string
    write_number = sheet.write_number
    for row_number, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, str):
                write_string(row_number, column, value)
            elif isinstance(value, date):
                write_number(row_number, column, value.toordinal() - EXCEL_DAY_ZERO, dates)
            else:
                write_number(row_number, column, value)


@cache
def code_spellings() -> dict[str, dict[str, str]]:
    """Each code list's stored values in the template's written form, by the list's name."""
    lists = {column.code_list.name: column.code_list for annex_list in LISTS for column in annex_list.columns if column.code_list}
    return {name: {code.value: code.written for code in code_list.codes} for name, code_list in lists.items()}


def written_cell(column: Column, value: object, spellings: Spellings) -> Cell:
    """One value as the template writes it in ``column``: a code in its written form (a broad
    group's name stays as it is), a date as a date, a whole number in a number column as a
    number, anything else as text."""
    if value is None:
        return None
    if column.kind is Kind.CODE and column.code_list is not None:
        return spellings[column.code_list.name].get(str(value), str(value))
    if isinstance(value, date):
        return value
    if column.kind is Kind.INTEGER and isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return str(value)


def written_row(annex_list: AnnexAList, record: Mapping[str, object], spellings: Spellings | None = None) -> list[Cell]:
    """One record (column key -> stored value) as the template writes it."""
    spelled = spellings if spellings is not None else code_spellings()
    return [written_cell(column, record.get(column.key), spelled) for column in annex_list.columns]


def _written_rows(annex_list: AnnexAList, table: pa.Table) -> Iterable[list[Cell]]:
    spellings = code_spellings()
    columns = [
        table.column(column.key).to_pylist() if column.key in table.column_names else [None] * table.num_rows
        for column in annex_list.columns
    ]
    for values in zip(*columns, strict=True):
        yield [written_cell(column, value, spellings) for column, value in zip(annex_list.columns, values, strict=True)]


def _in_file_order(table: pa.Table) -> pa.Table:
    if SOURCE_ROW in table.column_names and table.num_rows:
        return table.sort_by(SOURCE_ROW)
    return table


def _children(annex_list: AnnexAList, table: pa.Table) -> Iterable[str]:
    if annex_list.entity_id != "child_id" or "child_id" not in table.column_names:
        return ()
    return (value for value in table.column("child_id").to_pylist() if value)
