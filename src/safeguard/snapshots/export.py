"""A snapshot written back out as the return it came from: Annex A lists 1 to 11 as Ofsted's
template lays them out, for the inspection data bank (seed 000 §7.1: the lists ready before the
inspectors ask).

Sheets "List 1" to "List 11", each with the specification's headers in row 1 and the rows in the
order of the file they were imported from; coded values in the template's written form ("b)
Female"), dates as real Excel dates shown dd/mm/yyyy, ids as text. Reading the workbook back
(``safeguard import``) gives the same records: that is the test of this module. The same
snapshot always gives the same bytes, because the document's dates are the snapshot's own.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pyarrow as pa
import xlsxwriter

from safeguard.annex_a.spec import LISTS, AnnexAList, Column, Kind
from safeguard.errors import SafeguardError
from safeguard.snapshots.record import Snapshot
from safeguard.snapshots.store import Store

EXCEL_DAY_ZERO = date(1899, 12, 30).toordinal()
"""Excel counts days from 30 December 1899 (its serial 1 is 1 January 1900, after the leap-year slip)."""
SOURCE_ROW = "source_row"


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
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False})
    workbook.set_properties(
        {"title": "Annex A", "author": "Safeguard", "created": datetime.combine(snapshot.period_end, datetime.min.time(), UTC)}
    )
    header = workbook.add_format({"bold": True})
    dates = workbook.add_format({"num_format": "dd/mm/yyyy"})
    rows: dict[str, int] = {}
    children: set[str] = set()
    for annex_list in LISTS:
        table = _in_file_order(store.table(snapshot.id, annex_list.key))
        sheet = workbook.add_worksheet(annex_list.sheet)
        for index, column in enumerate(annex_list.columns):
            sheet.write_string(0, index, column.header, header)
            sheet.set_column(index, index, 14 if column.kind is Kind.DATE else 18)
        for index, column in enumerate(annex_list.columns):
            values = table.column(column.key).to_pylist() if column.key in table.column_names else [None] * table.num_rows
            _write_column(sheet, index, column, values, dates)
        rows[f"{annex_list.sheet}: {annex_list.title}"] = table.num_rows
        children.update(_children(annex_list, table))
    workbook.close()
    return ExportedReturn(snapshot, file_name_of(snapshot), buffer.getvalue(), rows, frozenset(children))


def _in_file_order(table: pa.Table) -> pa.Table:
    if SOURCE_ROW in table.column_names and table.num_rows:
        return table.sort_by(SOURCE_ROW)
    return table


def _children(annex_list: AnnexAList, table: pa.Table) -> Iterable[str]:
    if annex_list.entity_id != "child_id" or "child_id" not in table.column_names:
        return ()
    return (value for value in table.column("child_id").to_pylist() if value)


def _written(column: Column) -> dict[str, str]:
    """Each stored value of a coded column as the template writes it (a broad group's name stays as it is)."""
    return {code.value: code.written for code in column.code_list.codes} if column.code_list else {}


def _write_column(sheet, index: int, column: Column, values: list[object], dates) -> None:
    spellings = _written(column)
    for row_number, value in enumerate(values, start=1):
        if value is None:
            continue
        if isinstance(value, date):
            sheet.write_number(row_number, index, value.toordinal() - EXCEL_DAY_ZERO, dates)
        elif column.kind is Kind.CODE:
            sheet.write_string(row_number, index, spellings.get(str(value), str(value)))
        elif isinstance(value, int | float) and column.kind is Kind.INTEGER:
            sheet.write_number(row_number, index, value)
        else:
            sheet.write_string(row_number, index, str(value))
