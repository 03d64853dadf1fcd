"""A return's findings as an Excel workbook the analyst can sort, filter and tick off.

Two sheets: **Summary** (findings by sheet, then by kind, with counts) and **Findings** (one row
per finding, with the cell reference as Excel writes it, "H2", so the analyst can go straight to
it). Values quoted from the return are somebody else's text: every text cell goes through
`spreadsheet_safe` and is written as a string, so nothing in the download runs as a formula.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

import xlsxwriter

from safeguard.annex_a.finding_groups import FindingFilter, kind_title, overview, sheet_key, sheet_label
from safeguard.annex_a.findings import Finding, sort_key
from safeguard.spreadsheets import spreadsheet_safe

FINDINGS_COLUMNS: tuple[tuple[str, int], ...] = (
    ("Severity", 9),
    ("Sheet", 14),
    ("Cell", 8),
    ("Row", 7),
    ("Column header", 30),
    ("Value", 30),
    ("Problem", 80),
    ("Kind of problem", 40),
    ("Rule", 24),
    ("List", 28),
    ("File", 28),
)
"""The Findings sheet's columns and their widths (in characters)."""

_WORKBOOK_OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}


def cell_reference(finding: Finding) -> str:
    """Where the finding is, as Excel names a cell ("H2"), or a row ("row 5"), or nothing."""
    if finding.column and finding.row:
        return f"{finding.column}{finding.row}"
    if finding.row:
        return f"row {finding.row}"
    return ""


def write_findings_workbook(
    findings: Sequence[Finding], target: Path | BinaryIO, chosen: FindingFilter | None = None
) -> None:
    """Write the findings (those ``chosen`` lets through) to ``target``, a path or a binary stream.
    A path is written only once the whole workbook is made (an ``OSError`` if it cannot be)."""
    if isinstance(target, Path):
        buffer = io.BytesIO()
        write_findings_workbook(findings, buffer, chosen)
        target.write_bytes(buffer.getvalue())
        return
    chosen = chosen or FindingFilter()
    kept = sorted((finding for finding in findings if chosen.matches(finding)), key=sort_key)
    workbook = xlsxwriter.Workbook(target, _WORKBOOK_OPTIONS)
    bold = workbook.add_format({"bold": True})
    wrapped = workbook.add_format({"text_wrap": True, "valign": "top"})
    _summary_sheet(workbook.add_worksheet("Summary"), kept, bold)
    _findings_sheet(workbook.add_worksheet("Findings"), kept, bold, wrapped)
    workbook.close()


def _text(sheet, row: int, column: int, value: object, style=None) -> None:
    """A text cell, made safe to open in a spreadsheet."""
    if value is None or value == "":
        return
    sheet.write_string(row, column, str(spreadsheet_safe(str(value))), style)


def _summary_sheet(sheet, findings: Sequence[Finding], bold) -> None:
    grouped = overview(findings)
    sheet.set_column(0, 0, 40)
    sheet.set_column(1, 1, 50)
    sheet.set_column(2, 4, 10)
    sheet.set_column(5, 5, 30)
    _text(sheet, 0, 0, "Findings by sheet", bold)
    for column, heading in enumerate(("Sheet", "", "Errors", "Queries", "All")):
        _text(sheet, 1, column, heading, bold)
    row = 2
    for group in grouped.sheets:
        _text(sheet, row, 0, group.label)
        sheet.write_number(row, 2, group.errors)
        sheet.write_number(row, 3, group.queries)
        sheet.write_number(row, 4, group.count)
        row += 1
    row += 1
    _text(sheet, row, 0, "Findings by sheet and kind", bold)
    row += 1
    for column, heading in enumerate(("Sheet", "Kind of problem", "Severity", "", "Findings", "Rule")):
        _text(sheet, row, column, heading, bold)
    row += 1
    for group in grouped.sheets:
        for kind in group.kinds:
            _text(sheet, row, 0, group.label)
            _text(sheet, row, 1, kind.title)
            _text(sheet, row, 2, kind.severity.value)
            sheet.write_number(row, 4, kind.count)
            _text(sheet, row, 5, kind.rule)
            row += 1


def _findings_sheet(sheet, findings: Sequence[Finding], bold, wrapped) -> None:
    for column, (heading, width) in enumerate(FINDINGS_COLUMNS):
        _text(sheet, 0, column, heading, bold)
        sheet.set_column(column, column, width, wrapped if heading in {"Problem", "Value"} else None)
    for row, finding in enumerate(findings, start=1):
        values = (
            finding.severity.value,
            finding.sheet,
            cell_reference(finding),
            None,
            finding.header,
            finding.value,
            finding.message,
            kind_title(finding.rule),
            finding.rule,
            sheet_label(sheet_key(finding)),
            finding.file,
        )
        for column, value in enumerate(values):
            _text(sheet, row, column, value)
        if finding.row:
            sheet.write_number(row, 3, finding.row)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(findings), 1), len(FINDINGS_COLUMNS) - 1)
