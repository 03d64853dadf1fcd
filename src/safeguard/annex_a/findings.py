"""What checking an Annex A return found, and the report of it as CSV and JSON (the workbook is
``findings_workbook``; the screen, ``safeguard.cli.findings``).

A finding is either an **error** (the file cannot be trusted as it stands, so an import is
refused) or a **query** (unusual but possible: worth a look, never blocking). Each one says
where it is the way the analyst will look for it in Excel: the file, the sheet, the row as Excel
numbers it (the header is a row of its own), the column letter and the header as written, and
the value as written, with the rule it broke and a sentence in plain English.
"""

from __future__ import annotations

import csv
import json
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from enum import Enum
from pathlib import Path

from safeguard.annex_a.spec import LISTS
from safeguard.home import PRIVATE_FILE
from safeguard.spreadsheets import spreadsheet_safe


class Severity(str, Enum):
    ERROR = "error"
    QUERY = "query"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem, located precisely enough to find and fix it in the original file."""

    rule: str
    """The stable id of the rule broken (see ``safeguard.annex_a.rules.RULES``)."""
    severity: Severity
    message: str
    file: str
    sheet: str | None = None
    row: int | None = None
    """The row number Excel shows (1 is the first row, whatever it holds)."""
    column: str | None = None
    """The column letter Excel shows ("A", "AB")."""
    header: str | None = None
    """The column's header as the file writes it."""
    value: str | None = None
    """The cell's value as written."""
    list_key: str | None = None
    """The Annex A list concerned (``spec.AnnexAList.key``), when there is one."""

    @property
    def place(self) -> str:
        """Where to look, in one short phrase: "List 6, cell H2"."""
        where = self.sheet if self.sheet is not None else self.file
        if self.column and self.row:
            return f"{where}, cell {self.column}{self.row}"
        if self.row:
            return f"{where}, row {self.row}"
        return where

    def to_json(self) -> dict[str, object]:
        record = asdict(self)
        record["severity"] = self.severity.value
        return record


FIELDS: tuple[str, ...] = (
    "severity",
    "rule",
    "file",
    "sheet",
    "row",
    "column",
    "header",
    "value",
    "message",
    "list_key",
)
"""The columns of the CSV report, in order."""

_LIST_ORDER = {annex_list.key: position for position, annex_list in enumerate(LISTS)}


def sort_key(finding: Finding) -> tuple[object, ...]:
    """Errors first, then in the order the analyst meets them: the file as a whole, then list
    by list (List 2 before List 10), row by row, column by column."""
    return (
        finding.severity is not Severity.ERROR,
        _LIST_ORDER.get(finding.list_key or "", -1),
        finding.file,
        finding.sheet or "",
        finding.row or 0,
        len(finding.column or ""),
        finding.column or "",
        finding.rule,
    )


def summary(findings: Sequence[Finding]) -> dict[str, dict[str, int]]:
    """Counts by severity, and within each severity by rule (most frequent first)."""
    counts: dict[str, dict[str, int]] = {}
    for severity in Severity:
        by_rule = Counter(finding.rule for finding in findings if finding.severity is severity)
        counts[severity.value] = dict(sorted(by_rule.items(), key=lambda item: (-item[1], item[0])))
    return counts


def write_csv(findings: Iterable[Finding], path: Path) -> None:
    """The findings as CSV (UTF-8 with a byte-order mark, so Excel reads accents correctly)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8-sig", newline="") as sink:
        writer = csv.writer(sink)
        writer.writerow(FIELDS)
        for finding in sorted(findings, key=sort_key):
            record = finding.to_json()
            writer.writerow([spreadsheet_safe(record[name]) for name in FIELDS])


def write_json(findings: Iterable[Finding], path: Path) -> None:
    """The findings as JSON: ``{"summary": {...}, "findings": [...]}``. Findings quote cell
    values (children's ids among them), so the file is readable by its owner only."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    ordered = sorted(findings, key=sort_key)
    document = {"summary": summary(ordered), "findings": [finding.to_json() for finding in ordered]}
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    os.fchmod(descriptor, PRIVATE_FILE)
    with open(descriptor, "w", encoding="utf-8") as sink:
        json.dump(document, sink, indent=1, ensure_ascii=False)
        sink.write("\n")
