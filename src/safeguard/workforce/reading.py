"""Reading and checking a workforce file: a CSV file or an Excel workbook (its first sheet).

Everything wrong with the file is reported at once, each finding naming the file, the row as
Excel numbers it, the column and the value, with the rule it broke. Any error means the file is
refused as a whole (``has_errors``): the store keeps a workforce snapshot only of a file that
checked clean, so a half-right staff list never reaches the indicators.

The file describes the workforce on one day (DfE's census is taken on 30 September): the date
given on the command line, or else the date in the file's name (``workforce_2025-09-30.csv``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import cast

import pyarrow as pa
import python_calamine

from safeguard.annex_a.cells import Unreadable, as_written, clean_text, is_blank, parse_date
from safeguard.annex_a.findings import Finding, Severity
from safeguard.annex_a.reader import UnreadableSource, check_unpacked_size, column_letter, file_sha256, read_csv
from safeguard.workforce.spec import COLUMNS, HEADER_SPELLINGS, Column, Employment, Kind, header_words

SCHEMA = pa.schema(
    [
        ("worker_id", pa.string()),
        ("team", pa.string()),
        ("role", pa.string()),
        ("fte", pa.float64()),
        ("start_date", pa.date32()),
        ("leaving_date", pa.date32()),
        ("employment", pa.string()),
        ("newly_qualified", pa.bool_()),
        ("absence_days", pa.float64()),
        ("last_supervision_date", pa.date32()),
        ("source_row", pa.int64()),
    ]
)
"""The table a checked file becomes, and the workforce snapshot keeps."""

MAX_ROWS = 200_000
"""More staff rows than any council has: a bigger file is something else."""

_DATE_IN_NAME = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")
_YES = frozenset({"yes", "y", "true", "1"})
_NO = frozenset({"no", "n", "false", "0"})


@dataclass(frozen=True)
class WorkforceReturn:
    """A checked workforce file: its rows as a table (empty when it has errors) and its findings."""

    table: pa.Table
    as_at: date | None
    source_name: str
    sha256: str
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    @property
    def has_errors(self) -> bool:
        return any(finding.severity is Severity.ERROR for finding in self.findings)

    @property
    def errors(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity is Severity.ERROR]


def read_workforce(path: Path, *, as_at: date | None = None, name: str | None = None) -> WorkforceReturn:
    """Read and check one workforce file. ``name`` is the file's own name when ``path`` is a copy."""
    path = Path(path)
    name = name or path.name
    as_at = as_at or date_in_name(name)
    try:
        cells = _cells(path, name)
    except UnreadableSource as problem:
        return _refused(name, path, as_at, [Finding(problem.rule, Severity.ERROR, problem.message, name)])
    findings: list[Finding] = []
    if as_at is None:
        findings.append(
            Finding(
                "file_date",
                Severity.ERROR,
                "The file does not say which day it describes: put the date in its name "
                "(workforce_2025-09-30.csv) or give it with --as-at.",
                name,
            )
        )
    header_row, positions = _header(cells, name, findings)
    if positions is None:
        return _refused(name, path, as_at, findings)
    rows = [row for row in cells[header_row + 1 :]]
    if len(rows) > MAX_ROWS:
        findings.append(Finding("too_many_rows", Severity.ERROR, f"The file has {len(rows):,} rows; at most {MAX_ROWS:,} are read.", name))
        return _refused(name, path, as_at, findings)
    records = []
    for offset, row in enumerate(rows):
        excel_row = header_row + 2 + offset
        if all(is_blank(cell) for cell in row):
            continue
        record = _record(row, excel_row, positions, name, as_at, findings)
        records.append(record)
    _duplicates(records, positions, name, findings)
    if not records and not any(f.severity is Severity.ERROR for f in findings):
        findings.append(Finding("no_rows", Severity.ERROR, "The file has headers but no staff rows.", name))
    table = pa.Table.from_pylist(records, schema=SCHEMA)
    result = WorkforceReturn(table, as_at, name, file_sha256(path), tuple(findings))
    if result.has_errors:
        return WorkforceReturn(SCHEMA.empty_table(), as_at, name, result.sha256, result.findings)
    return result


def date_in_name(name: str) -> date | None:
    """The date a file's name gives (``workforce_2025-09-30.csv``, ``staff20250930.xlsx``), if any."""
    for found in _DATE_IN_NAME.finditer(name):
        try:
            return date(int(found[1]), int(found[2]), int(found[3]))
        except ValueError:
            continue
    return None


def _refused(name: str, path: Path, as_at: date | None, findings: Sequence[Finding]) -> WorkforceReturn:
    sha = file_sha256(path) if path.is_file() else ""
    return WorkforceReturn(SCHEMA.empty_table(), as_at, name, sha, tuple(findings))


def _cells(path: Path, name: str) -> list[list[object]]:
    """The file's cells: a CSV file's, or the first sheet of a workbook."""
    if not path.is_file():
        raise UnreadableSource("file_missing", f"There is no file called {name}.")
    if path.stat().st_size == 0:
        raise UnreadableSource("file_empty", f"{name} is empty (0 bytes).")
    with open(path, "rb") as stream:
        head = stream.read(8)
    if head.startswith(b"PK"):
        check_unpacked_size(path, name=name)
        try:
            workbook = python_calamine.CalamineWorkbook.from_path(str(path))
            cells = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
            return cast(list[list[object]], cells)  # new lists, ours alone: widening what they hold is safe
        except (python_calamine.CalamineError, OSError, ValueError, IndexError) as error:
            raise UnreadableSource("file_unreadable", f"{name} could not be read as a workbook ({error}).") from error
    return read_csv(path)


def _header(cells: list[list[object]], name: str, findings: list[Finding]) -> tuple[int, dict[str, int] | None]:
    """The header row (the first of the top ten naming most columns) and each column's position."""
    best_row, best = 0, dict[str, int]()
    for index, row in enumerate(cells[:10]):
        found: dict[str, int] = {}
        for position, cell in enumerate(row):
            key = HEADER_SPELLINGS.get(header_words(cell)) if not is_blank(cell) else None
            if key is not None and key not in found:
                found[key] = position
        if len(found) > len(best):
            best_row, best = index, found
    missing = [column for column in COLUMNS if column.required and column.key not in best]
    if not best:
        findings.append(
            Finding(
                "no_header",
                Severity.ERROR,
                "No header row found: the first rows name none of the workforce file's columns (see docs/workforce.md).",
                name,
            )
        )
        return 0, None
    for column in missing:
        findings.append(
            Finding(
                "missing_column",
                Severity.ERROR,
                f"The column '{column.header}' is missing: {column.description}",
                name,
                row=best_row + 1,
                header=column.header,
            )
        )
    return best_row, None if missing else best


def _record(
    row: list[object], excel_row: int, positions: dict[str, int], name: str, as_at: date | None, findings: list[Finding]
) -> dict[str, object]:
    """One row as typed values, adding a finding for every cell that is wrong."""
    record: dict[str, object] = {"source_row": excel_row}

    def problem(column: Column, raw: object, rule: str, message: str) -> None:
        position = positions.get(column.key)
        findings.append(
            Finding(
                rule,
                Severity.ERROR,
                message,
                name,
                row=excel_row,
                column=column_letter(position) if position is not None else None,
                header=column.header,
                value=as_written(raw) if raw is not None else None,
            )
        )

    for column in COLUMNS:
        position = positions.get(column.key)
        raw = row[position] if position is not None and position < len(row) else None
        record[column.key] = _value(column, raw, problem)
    _cross_checks(record, row, positions, as_at, problem)
    return record


def _value(column: Column, raw: object, problem) -> object:
    if is_blank(raw):
        if column.required:
            problem(column, raw, "required", f"{column.header} is blank; it is required: {column.description}")
        return False if column.kind is Kind.YES_NO else None
    if column.kind is Kind.TEXT:
        return clean_text(raw)
    if column.kind is Kind.CODE:
        text = _text(raw).casefold()
        if text not in column.codes:
            problem(column, raw, "code", f"{column.header} must be one of: {', '.join(column.codes)}.")
            return None
        return text
    if column.kind is Kind.YES_NO:
        text = _text(raw).casefold()
        if text in _YES or text in _NO:
            return text in _YES
        problem(column, raw, "yes_no", f"{column.header} must be yes or no.")
        return None
    if column.kind is Kind.DATE:
        day = parse_date(raw)
        if isinstance(day, Unreadable):
            problem(column, raw, "date", f"{column.header} {day.reason}.")
            return None
        return day
    return _number(column, raw, problem)


def _text(raw: object) -> str:
    """The text of a cell that is not blank (``is_blank`` has been asked first)."""
    text = clean_text(raw)
    if text is None:
        raise ValueError(f"the cell {raw!r} is blank")
    return text


def _number(column: Column, raw: object, problem) -> float | None:
    try:
        number = float(raw) if isinstance(raw, int | float) and not isinstance(raw, bool) else float(_text(raw))
    except (TypeError, ValueError):
        problem(column, raw, "number", f"{column.header} is not a number.")
        return None
    if column.key == "fte" and not 0 < number <= 1:
        problem(column, raw, "fte_range", "FTE must be more than 0 and at most 1 (a full-time post is 1).")
        return None
    if number < 0 or number != number:
        problem(column, raw, "number", f"{column.header} cannot be negative.")
        return None
    return number


def _cross_checks(record: dict[str, object], row: list[object], positions: dict[str, int], as_at: date | None, problem) -> None:
    """Checks between the fields of one row, and against the day the file describes."""
    columns = {column.key: column for column in COLUMNS}

    def raw(key: str) -> object:
        position = positions.get(key)
        return row[position] if position is not None and position < len(row) else None

    vacant = record["employment"] == Employment.VACANT
    if not vacant and record["worker_id"] is None:
        problem(columns["worker_id"], None, "required", "Worker is blank; only a vacant post has no worker.")
    if not vacant and record["start_date"] is None and is_blank(raw("start_date")):
        problem(columns["start_date"], None, "required", "Start date is blank; every worker has one (only a vacant post does not).")
    start, leaving = _day_of(record["start_date"]), _day_of(record["leaving_date"])
    if start is not None and leaving is not None and leaving < start:
        problem(columns["leaving_date"], raw("leaving_date"), "date_order", "Leaving date is before the start date.")
    if as_at is None:
        return
    if start is not None and start > as_at:
        problem(
            columns["start_date"],
            raw("start_date"),
            "after_file_date",
            f"Start date is after the day the file describes ({as_at.isoformat()}).",
        )
    if leaving is not None and leaving > as_at:
        problem(
            columns["leaving_date"],
            raw("leaving_date"),
            "after_file_date",
            f"Leaving date is after the day the file describes ({as_at.isoformat()}); list planned leavers once they have gone.",
        )
    supervised = _day_of(record["last_supervision_date"])
    if supervised is not None and supervised > as_at:
        problem(
            columns["last_supervision_date"],
            raw("last_supervision_date"),
            "after_file_date",
            f"Last supervision date is after the day the file describes ({as_at.isoformat()}).",
        )


def _day_of(value: object) -> date | None:
    """A date field of a record as read: a date, or None when blank or unreadable (``_value``)."""
    if value is None or isinstance(value, date):
        return value
    raise TypeError(f"{value!r} is not a date")


def _source_row(record: dict[str, object]) -> int:
    """The spreadsheet row a record was read from (always set as it is read)."""
    row = record["source_row"]
    if not isinstance(row, int):
        raise TypeError(f"the record's source row is {row!r}, not a row number")
    return row


def _duplicates(records: list[dict[str, object]], positions: dict[str, int], name: str, findings: list[Finding]) -> None:
    """A worker listed twice for the same start is one worker counted twice."""
    seen: dict[tuple[object, object], int] = {}
    position = positions.get("worker_id")
    for record in records:
        if record["worker_id"] is None:
            continue
        key = (str(record["worker_id"]).casefold(), record["start_date"])
        if key in seen:
            findings.append(
                Finding(
                    "duplicate_worker",
                    Severity.ERROR,
                    f"The same worker and start date are already on row {seen[key]}.",
                    name,
                    row=_source_row(record),
                    column=column_letter(position) if position is not None else None,
                    header="Worker",
                    value=str(record["worker_id"]),
                )
            )
        else:
            seen[key] = _source_row(record)
