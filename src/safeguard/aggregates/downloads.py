"""The CSV downloads of the leaders' pages."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from safeguard.spreadsheets import spreadsheet_safe


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]], *, for_excel: bool = True) -> str:
    """A CSV document whose text cells cannot run as spreadsheet formulas: a cell starting with
    =, +, - or @ gets a leading apostrophe (OWASP's advice on CSV injection). For a download it
    starts with a byte-order mark, so Excel reads accents; printed to a terminal (``for_excel``
    False) it does not, and lines end as the terminal's do."""
    buffer = io.StringIO()
    if for_excel:
        buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n" if for_excel else "\n")
    writer.writerow([spreadsheet_safe(cell) for cell in header])
    for row in rows:
        writer.writerow([spreadsheet_safe("" if cell is None else cell) for cell in row])
    return buffer.getvalue()
