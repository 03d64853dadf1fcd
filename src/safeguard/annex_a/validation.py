"""Checking an Annex A return: the one entry point the import, the command line and the web
pages call.

``validate(path)`` opens the workbook or CSV folder (`reader`), reads every cell (`cells`),
applies every rule (`rules`) and returns the findings together with one typed Arrow table per
list, ready for the snapshot store. Nothing is written anywhere: checking a file changes
nothing, and a file with errors is refused by the import.

The return's period is worked out from its dates, and checked against what the file says about
itself (its name, or the title cells above a list's headers: `stated_period`). From the dates:

* **end**: the latest date of contact (list 1), early help assessment start (list 2), referral
  (list 3), assessment start (list 4) or S47 enquiry start (list 5), ignoring dates after today
  or before 1990 (typing mistakes would otherwise move the period). These lists record events
  *in* the period, so the latest of them is the day the return was extracted. A stray date
  typed a month or a year too late is not the extract day, even when it is before today: the
  end is the latest date whose fortnight holds at least a fifth of a usual fortnight's events
  (`STRAY_FORTNIGHT_SHARE`), so a handful of dates beyond the real end are reported as after
  the period instead of stretching it. A return too small to have a usual fortnight ends on
  its latest date;
* **start**: the earliest date of contact or referral. Ofsted asks for twelve months, so a
  start further back is believed only when every month from it to the end has a contact or a
  referral (a council's long extract of its whole history); otherwise the period starts twelve
  months before the end, so that a stray old date cannot stretch it. A return covering six
  months has its earliest contact six months back.
"""

from __future__ import annotations

import statistics
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pyarrow as pa

from safeguard.annex_a import reader, rules
from safeguard.annex_a.cells import CellReaders
from safeguard.annex_a.findings import Finding, Severity, sort_key
from safeguard.annex_a.reader import Progress
from safeguard.annex_a.rules import ListData, finding
from safeguard.annex_a.spec import LISTS, AnnexAList, Kind
from safeguard.annex_a.stated_period import StatedPeriod, long_date, stated_period

ARROW_TYPES: dict[Kind, pa.DataType] = {
    Kind.ID: pa.string(),
    Kind.TEXT: pa.string(),
    Kind.CODE: pa.string(),
    Kind.DATE: pa.date32(),
    Kind.INTEGER: pa.int64(),
}

PERIOD_END_DATES: tuple[tuple[str, str], ...] = (
    ("contacts", "contact_date"),
    ("early_help", "assessment_start_date"),
    ("referrals", "referral_date"),
    ("assessments", "assessment_start_date"),
    ("s47_enquiries", "s47_start_date"),
)
PERIOD_START_DATES: tuple[tuple[str, str], ...] = (("contacts", "contact_date"), ("referrals", "referral_date"))

STRAY_FORTNIGHT_SHARE = 0.2
"""The period ends on the latest event date whose fortnight (it and the 13 days before) holds at
least this share of a usual fortnight's events. A fortnight, not a week, so that an extract
taken just after Christmas, when referrals fall to under half, still ends on its real last day;
stray dates typed a month or more past the end have a fortnight of their own and fall short."""
DAYS_IN_A_MONTH = 365.25 / 12


@dataclass
class ValidationResult:
    """What checking one return found, and its content as typed tables."""

    findings: list[Finding]
    tables: dict[str, pa.Table]
    """One table per list key of ``spec.LISTS``: the spec's columns in order, plus
    ``source_row`` (the Excel row each record came from). Lists absent from the file are empty."""
    source_name: str
    sha256: str
    period_start: date | None = None
    period_end: date | None = None
    row_counts: dict[str, int] = field(default_factory=dict)
    """Data rows read per list key (0 for lists absent from the file)."""
    readable: bool = True
    """False when the path could not be read as a return at all (missing, empty, not a workbook,
    no Annex A sheet): then ``findings`` holds the one error that says why, and nothing else."""
    stated_period: StatedPeriod | None = None
    """What the file says its period is (its name or title cells), when it says."""
    data_period_end: date | None = None
    """The last busy day of the data's own dates, whatever the file says."""
    period_from: str = "its dates"
    """Where the period comes from: "its dates", or where the file states it ("its name")."""

    @property
    def errors(self) -> list[Finding]:
        return [item for item in self.findings if item.severity is Severity.ERROR]

    @property
    def queries(self) -> list[Finding]:
        return [item for item in self.findings if item.severity is Severity.QUERY]

    @property
    def has_errors(self) -> bool:
        return any(item.severity is Severity.ERROR for item in self.findings)


def arrow_schema(annex_list: AnnexAList) -> pa.Schema:
    """The columns of a list's table."""
    fields = [pa.field(column.key, ARROW_TYPES[column.kind]) for column in annex_list.columns]
    return pa.schema(fields + [pa.field("source_row", pa.int32())])


def empty_tables() -> dict[str, pa.Table]:
    return {annex_list.key: arrow_schema(annex_list).empty_table() for annex_list in LISTS}


def validate(
    path: Path, progress: Progress | None = None, *, today: date | None = None, name: str | None = None
) -> ValidationResult:
    """Check an Annex A workbook or folder of CSV files. ``today`` (default: the real date) is
    the latest date an event may have; ``name`` is the file's own name when ``path`` is a copy
    saved under another (an upload), so that reports and the stated period use the person's name
    for it."""
    path = Path(path)
    today = today or date.today()
    tell = progress or (lambda step, fraction: None)
    tell(f"Opening {name or path.name}", 0.0)
    try:
        source = reader.open_source(path, lambda step, fraction: tell(step, 0.6 * fraction))
    except reader.UnreadableSource as problem:
        return _unreadable(path, problem, name)
    if name:
        _rename(source, name)
    if not source.grids:
        return _no_lists(source)
    findings = rules.check_structure(source)
    lists = _read_lists(source, findings, tell)
    data_start, data_end = detect_period(lists, today)
    stated = stated_period(source.name, _title_cells(source))
    period_start, period_end, period_from = settle_period(stated, data_start, data_end)
    if period_end is None and lists:
        findings.append(finding("no_period", _NO_PERIOD, file=source.name))
    if stated is not None and data_end is not None and period_from == stated.where and not stated.agrees_with(data_end):
        findings.append(finding("period_mismatch", _mismatch(stated, data_end, period_start, period_end), file=source.name))
    tell("Checking dates and across lists", 0.85)
    for data in lists.values():
        findings.extend(rules.check_rows(data, period_end, today))
    period = (period_start, period_end) if period_start is not None and period_end is not None else None
    findings.extend(rules.check_across_lists(lists, period))
    tell("Building tables", 0.95)
    tables = {annex_list.key: _table(annex_list, lists.get(annex_list.key)) for annex_list in LISTS}
    tell("Done", 1.0)
    return ValidationResult(
        findings=sorted(findings, key=sort_key),
        tables=tables,
        source_name=source.name,
        sha256=source.sha256,
        period_start=period_start,
        period_end=period_end,
        row_counts={key: table.num_rows for key, table in tables.items()},
        stated_period=stated,
        data_period_end=data_end,
        period_from=period_from,
    )


def settle_period(
    stated: StatedPeriod | None, data_start: date | None, data_end: date | None
) -> tuple[date | None, date | None, str]:
    """The return's period (start, end) and where it comes from (see the module's docstring)."""
    if stated is None:
        return data_start, data_end, "its dates"
    if data_end is not None and stated.agrees_with(data_end):
        if stated.start is not None:
            return stated.start, stated.end, stated.where
        return data_start, data_end, "its dates"
    start = stated.start or _year_before(stated.end) + timedelta(days=1)
    return start, stated.end, stated.where


def _mismatch(stated: StatedPeriod, data_end: date, start: date | None, end: date | None) -> str:
    taken = f"{long_date(start)} to {long_date(end)}" if start and end else stated.describe()
    return (
        f"{stated.where.capitalize()} says {stated.describe()} ('{stated.words}'), but its dates of contact, "
        f"early help, referral, assessment and S47 enquiry run to {long_date(data_end)}. The period is taken "
        f"from {stated.where}: {taken}. Check that this is the return you meant before accepting it."
    )


def _title_cells(source: reader.Source) -> list[tuple[str, str]]:
    """(where, text) of every title cell above a list's headers, list by list."""
    cells = []
    for grid in sorted(source.grids.values(), key=lambda item: item.annex_list.number):
        place = f"sheet '{grid.sheet}'" if grid.sheet is not None else f"file '{grid.file}'"
        for row, column, text in grid.title_cells:
            cells.append((f"{place}, cell {reader.column_letter(column)}{row}", text))
    return cells


def _rename(source: reader.Source, name: str) -> None:
    """Report a workbook under the person's own name for it (CSV lists keep their files' names)."""
    for grid in source.grids.values():
        if grid.sheet is not None:
            grid.file = name
    source.name = name


_NO_PERIOD = (
    "The return's period could not be worked out: there is no readable date of contact, referral, "
    "assessment or S47 enquiry."
)


def _read_lists(source: reader.Source, findings: list[Finding], tell: Progress) -> dict[str, ListData]:
    """Every list whose header was found, read cell by cell; cell findings added to ``findings``."""
    readers = CellReaders()
    lists: dict[str, ListData] = {}
    for done, (key, grid) in enumerate(source.grids.items()):
        tell(f"Checking {grid.annex_list.sheet} ({len(grid.rows):,} rows)", 0.6 + 0.25 * done / len(source.grids))
        if grid.header_row is not None:
            lists[key], cell_findings = rules.read_cells(grid, readers)
            findings.extend(cell_findings)
    return lists


def detect_period(lists: dict[str, ListData], today: date) -> tuple[date | None, date | None]:
    """The return's period (start, end), from its event dates (see the module's docstring)."""
    ends = _plausible_dates(lists, PERIOD_END_DATES, today)
    if not ends:
        return None, None
    end = _last_busy_day(sorted(ends))
    a_year_earlier = _year_before(end) + timedelta(days=1)
    starts = [day for day in _plausible_dates(lists, PERIOD_START_DATES, today) if day <= end]
    earliest = min(starts, default=a_year_earlier)
    if earliest < a_year_earlier and _every_month_has_an_event(starts, earliest, end):
        return earliest, end
    return max(a_year_earlier, earliest), end


def _last_busy_day(days: list[date]) -> date:
    """The latest of the sorted ``days`` that is not a stray (see `STRAY_FORTNIGHT_SHARE`).

    A usual fortnight is measured from the median of the twelve busiest months (Ofsted's year):
    stray dates, and old dates such as an assessment started years ago, sit in quiet months of
    their own that the busiest twelve leave out."""
    months = sorted(Counter((day.year, day.month) for day in days).values(), reverse=True)
    usual_fortnight = statistics.median(months[:12]) * 14 / DAYS_IN_A_MONTH
    needed = STRAY_FORTNIGHT_SHARE * usual_fortnight
    for position in range(len(days) - 1, -1, -1):
        in_fortnight = position + 1 - bisect_left(days, days[position] - timedelta(days=13))
        if in_fortnight >= needed:
            return days[position]
    return days[-1]


def _every_month_has_an_event(days: list[date], first: date, last: date) -> bool:
    """Whether each calendar month from ``first`` to ``last`` holds at least one of ``days``."""
    months = {(day.year, day.month) for day in days}
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        if (year, month) not in months:
            return False
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return True


def _plausible_dates(lists: dict[str, ListData], columns: tuple[tuple[str, str], ...], today: date) -> list[date]:
    found: list[date] = []
    for list_key, column_key in columns:
        data = lists.get(list_key)
        values = data.values.get(column_key) if data is not None else None
        if values:
            found.extend(day for day in values if day is not None and rules.EARLIEST_DATE <= day <= today)
    return found


def _year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _table(annex_list: AnnexAList, data: ListData | None) -> pa.Table:
    schema = arrow_schema(annex_list)
    if data is None:
        return schema.empty_table()
    rows = len(data)
    blank = [None] * rows
    arrays = [
        pa.array(data.values.get(column.key, blank), type=ARROW_TYPES[column.kind]) for column in annex_list.columns
    ]
    arrays.append(pa.array(data.grid.row_numbers, type=pa.int32()))
    return pa.Table.from_arrays(arrays, schema=schema)


def _unreadable(path: Path, problem: reader.UnreadableSource, name: str | None) -> ValidationResult:
    sha256 = reader.file_sha256(path) if path.is_file() else ""
    return ValidationResult(
        findings=[finding(problem.rule, problem.message, file=name or path.name)],
        tables=empty_tables(),
        source_name=name or path.name,
        sha256=sha256,
        row_counts={annex_list.key: 0 for annex_list in LISTS},
        readable=False,
    )


def _no_lists(source: reader.Source) -> ValidationResult:
    found = ", ".join(f"'{name}'" for name in source.other_sheets) or "none"
    message = (
        f"None of the sheets in {source.name} is an Annex A list (sheets found: {found}). "
        "Name each sheet after its list, for example 'List 1' or 'List 1 - Contacts'."
    )
    if source.unreadable_files:
        message += " Some CSV files could not be read: " + "; ".join(reason for _, reason in source.unreadable_files)
    return ValidationResult(
        findings=[finding("no_lists", message, file=source.name)],
        tables=empty_tables(),
        source_name=source.name,
        sha256=source.sha256,
        row_counts={annex_list.key: 0 for annex_list in LISTS},
        readable=False,
    )
