"""Cells that leave Safeguard for a spreadsheet: CSV and XLSX downloads, reports, API exports."""

from __future__ import annotations

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""Characters that make Excel or LibreOffice read a cell as a formula."""


def spreadsheet_safe(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe.

    Downloads repeat values from files other people wrote; opened in Excel, a value such as
    ``=HYPERLINK(...)`` must stay text (OWASP's advice on CSV injection, DOMAIN.md §7).
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value
